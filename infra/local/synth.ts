import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { StartupError } from './errors.ts';

const APP = fileURLToPath(new URL('../app.ts', import.meta.url));

/**
 * Synthesizes the CDK app into `outdir`, bundling every function with esbuild, exactly
 * as `cdk synth` does (cdk-nag runs too). Output is kept quiet unless it fails.
 */
export async function synthesize(outdir: string): Promise<void> {
  const child = spawn(process.execPath, [APP], {
    env: { ...process.env, CDK_OUTDIR: outdir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) {
    const relevant = output
      .split('\n')
      .filter((line) => line.trim() && !/nodedir|^Bundling asset|index\.mjs|Done in/.test(line))
      .slice(-30)
      .join('\n');
    throw new StartupError(`cdk synth failed:\n${relevant}`);
  }
}
