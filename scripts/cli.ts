import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { RuntimeInfo } from '../infra/local/runtime.ts';

/**
 * What the operators' commands (events:replay, postal:retry, import, reporting:rebuild) share:
 * one way to fail (exit 2 with the usage for a bad command line, 1 for anything else), to read
 * the command line, and to find the running local system.
 */
export interface Cli {
  fail(message: string, status?: 1 | 2 | 3): never;
  /** Parses the command line strictly (a bad one fails with status 2); `--help` prints the usage and exits 0. */
  parse<const O extends NonNullable<ParseArgsConfig['options']>>(options: O): ReturnType<typeof parseArgs<{ options: O; strict: true }>>['values'];
  /** The running local system (`npm start`) of `dataDir`; fails with status 1 and `hint` when none runs. */
  localSystem(dataDir: string, hint: string): RuntimeInfo;
}

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export function cli(name: string, usage: string): Cli {
  const fail = (message: string, status: 1 | 2 | 3 = 2): never => {
    console.error(`${name}: ${message}`);
    if (status === 2) console.error(usage);
    process.exit(status);
  };
  return {
    fail,
    parse(options) {
      let values;
      try {
        ({ values } = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true }));
      } catch (error) {
        fail((error as Error).message);
      }
      if ((values as { help?: boolean }).help) {
        console.log(usage);
        process.exit(0);
      }
      return values as never;
    },
    localSystem(dataDir, hint) {
      const file = path.resolve(dataDir, 'runtime.json');
      if (!existsSync(file)) fail(`${file} not found: start the local system (npm start), or ${hint}`, 1);
      return JSON.parse(readFileSync(file, 'utf8')) as RuntimeInfo;
    },
  };
}
