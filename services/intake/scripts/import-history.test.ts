import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFile, describeProblems } from './import-history.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'motcua-import-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const example = readFileSync(path.resolve(import.meta.dirname, '../../../docs/examples/history-import.jsonl'), 'utf8').trim().split('\n');
const fileOf = (name: string, content: string | Buffer) => {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
};

describe('checking a history file (the first pass of npm run import)', () => {
  it('reads a file saved with a byte order mark and CRLF line ends as its lines', async () => {
    const check = await checkFile(fileOf('bom.jsonl', `\uFEFF${example.join('\r\n')}\r\n`));
    expect(check.problems).toEqual([]);
    expect(check.valid).toBe(example.length);
  });

  it('finds no line in an empty or blank file (the command refuses it)', async () => {
    expect((await checkFile(fileOf('empty.jsonl', ''))).lines).toBe(0);
    expect((await checkFile(fileOf('blank.jsonl', '\n  \r\n\n'))).lines).toBe(0);
  });

  it('throws, rather than finding nothing, for a path that is a directory', async () => {
    const folder = path.join(dir, 'folder.jsonl');
    mkdirSync(folder);
    await expect(checkFile(folder)).rejects.toThrow(/EISDIR/);
  });
});

describe('the bad lines as the operator reads them', () => {
  it('lists a hundred, then says how many more', () => {
    const problems = Array.from({ length: 250 }, (_, i) => ({ line: i + 1, reasons: ['bad JSON'] }));
    const lines = describeProblems(problems);
    expect(lines).toHaveLength(101);
    expect(lines[0]).toBe('line 1: bad JSON');
    expect(lines[100]).toBe('… and 150 more bad line(s)');
  });

  it('never sends control characters of a binary file to the terminal', () => {
    expect(describeProblems([{ line: 3, reasons: ['bad JSON: Unexpected token \u001b[2J\u0000'] }])).toEqual(['line 3: bad JSON: Unexpected token \uFFFD[2J\uFFFD']);
  });
});
