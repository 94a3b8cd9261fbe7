import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { synthesize } from '../infra/local/synth.ts';

/**
 * Synthesizes the CDK app once (bundling every function, running cdk-nag) for every
 * test that needs the cloud assembly; the directory is removed afterwards.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-cdk-'));
  await synthesize(dir);
  project.provide('assemblyDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    assemblyDir: string;
  }
}
