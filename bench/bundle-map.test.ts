import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeMappings, packageOf, parseBundleMap, readBundleMap } from './bundle-map.ts';

describe('decodeMappings', () => {
  it('gives each line its segments as column and source, with -1 for a segment without source', () => {
    // Line 0: col 0 → source 0, col 5 → source 1; line 1 empty; line 2: col 2 → source 0, col 3 unmapped.
    const lines = decodeMappings('AAAA,KCAA;;EDAA,C');
    expect(lines.map((line) => [...line])).toEqual([[0, 0, 5, 1], [], [2, 0, 3, -1]]);
  });

  it('reads multi-digit values and carries the source index across lines', () => {
    // "gB" is 16; the second line's segment moves from source 2 back by one.
    const lines = decodeMappings('gBEAA;ADAA');
    expect(lines.map((line) => [...line])).toEqual([[16, 2], [0, 1]]);
  });

  it('refuses a character that is not base64', () => {
    expect(() => decodeMappings('AA!A')).toThrow(/Invalid character/);
  });
});

describe('parseBundleMap', () => {
  const map = parseBundleMap('aaaaabbbbb\n\nccXdd', { sources: ['a.ts', 'b.ts'], mappings: 'AAAA,KCAA;;EDAA,C' }, '/repo/out');

  it('counts the generated characters of each source, and those no mapping covers', () => {
    expect(map.sources).toEqual(['/repo/out/a.ts', '/repo/out/b.ts']);
    expect(map.charsBySource).toEqual([6, 5]);
    expect(map.unmappedChars).toBe(4);
  });

  it('finds the source of a generated position', () => {
    expect(map.sourceAt(0, 0)).toBe('/repo/out/a.ts');
    expect(map.sourceAt(0, 7)).toBe('/repo/out/b.ts');
    expect(map.sourceAt(2, 0)).toBeUndefined();
    expect(map.sourceAt(2, 2)).toBe('/repo/out/a.ts');
    expect(map.sourceAt(2, 4)).toBeUndefined();
    expect(map.sourceAt(9, 0)).toBeUndefined();
  });
});

describe('readBundleMap on an esbuild bundle', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bundle-map-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('attributes the bytes and the functions of a minified bundle to their inputs', async () => {
    writeFileSync(path.join(dir, 'big.js'), `export const big = () => ${JSON.stringify('x'.repeat(5000))};\n`);
    writeFileSync(path.join(dir, 'small.js'), 'export function small(n) { return n * 2; }\n');
    writeFileSync(path.join(dir, 'entry.js'), "import { big } from './big.js';\nimport { small } from './small.js';\nexport const handler = () => big().length + small(1);\n");
    await build({ entryPoints: [path.join(dir, 'entry.js')], bundle: true, minify: true, format: 'esm', sourcemap: true, sourcesContent: false, outfile: path.join(dir, 'out', 'index.mjs'), logLevel: 'silent' });

    const map = readBundleMap(path.join(dir, 'out', 'index.mjs'));
    const chars = Object.fromEntries(map.sources.map((source, i) => [path.basename(source), map.charsBySource[i]]));
    expect(chars['big.js']).toBeGreaterThan(5000);
    expect(chars['small.js']).toBeLessThan(100);
    // The function `small` is defined where its source says.
    const code = readFileSync(path.join(dir, 'out', 'index.mjs'), 'utf8');
    const line = code.split('\n').findIndex((text) => text.includes('*2'));
    const column = code.split('\n')[line]!.indexOf('*2');
    expect(path.basename(map.sourceAt(line, column)!)).toBe('small.js');
  });
});

describe('packageOf', () => {
  it('names the npm package, scoped or not, of the innermost node_modules', () => {
    expect(packageOf('/r/node_modules/@smithy/core/dist-es/a.js', '/r')).toBe('@smithy/core');
    expect(packageOf('/r/node_modules/a/node_modules/zod/v4/core.js', '/r')).toBe('zod');
  });

  it('names our own code by its first two folders', () => {
    expect(packageOf('/r/libs/platform/text.ts', '/r')).toBe('libs/platform');
    expect(packageOf('/r/services/intake/handlers/submit.ts', '/r')).toBe('services/intake');
  });
});
