import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'motcua-import-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm run import -- --check --file …`: these files are refused in the first pass, before any table is named or written. */
async function check(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'services/intake/scripts/import-history.ts'), '--check', '--file', file], { cwd: ROOT, encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run import refuses a file it cannot use, in a line, without a stack trace', () => {
  it('an empty or blank file: nothing to import is a mistake, not a success', async () => {
    for (const [name, content] of [['empty.jsonl', ''], ['blank.jsonl', '\n \r\n']] as const) {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      expect(await check(file)).toEqual({ code: 1, stdout: '', stderr: `import: ${file} holds no dossier (it is empty or blank): nothing was imported\n` });
    }
  });

  it('a directory', async () => {
    const folder = path.join(dir, 'folder.jsonl');
    mkdirSync(folder);
    const run = await check(folder);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`import: ${folder} cannot be read: EISDIR: illegal operation on a directory, read\n`);
  });
});
