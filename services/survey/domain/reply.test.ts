import { describe, expect, it } from 'vitest';
import variants from './reply-variants.json' with { type: 'json' };
import { MAX_READ_CHARACTERS, normalizeReply, readReply, UNPARSED_REASONS, withinOneEdit, type Reading } from './reply.ts';

/** The table's short spelling of a reading: a level, `opt-out`, `opt-in`, `lookup <code>` or `unparsed: <reason>`. */
function spelled(reading: Reading): string {
  switch (reading.kind) {
    case 'answer': return reading.level;
    case 'unparsed': return `unparsed: ${reading.reason}`;
    case 'lookup': return `lookup ${reading.code}`;
    default: return reading.kind;
  }
}

type Variant = { text: string; expected: string; why?: string };
const rows: Variant[] = variants;

describe('readReply on real-world replies (reply-variants.json)', () => {
  it('has at least 100 variants, no text twice, and every kind and reason among the expectations', () => {
    expect(rows.length).toBeGreaterThanOrEqual(100);
    expect(new Set(rows.map((row) => row.text)).size).toBe(rows.length);
    const expected = new Set(rows.map((row) => row.expected));
    for (const spelling of ['very-satisfied', 'satisfied', 'not-satisfied', 'opt-out', 'opt-in', ...UNPARSED_REASONS.map((reason) => `unparsed: ${reason}`)]) {
      expect(expected, spelling).toContain(spelling);
    }
    expect([...expected].some((spelling) => spelling.startsWith('lookup '))).toBe(true);
  });

  it.each(rows.map((row) => [row.text, row.expected, row.why ?? ''] as const))('%j → %s %s', (text, expected) => {
    expect(spelled(readReply(text))).toBe(expected);
  });
});

describe('readReply', () => {
  it('reads only the first MAX_READ_CHARACTERS characters after leading whitespace', () => {
    // Without the cap both would be answers: "số" is a filler around a bare number.
    expect(readReply(`${'so '.repeat(MAX_READ_CHARACTERS / 3 - 1)}1`)).toEqual({ kind: 'answer', level: 'very-satisfied' });
    expect(readReply(`${'so '.repeat(MAX_READ_CHARACTERS / 3)}1`)).toEqual({ kind: 'unparsed', reason: 'unknown' });
    expect(readReply(`${'x '.repeat(MAX_READ_CHARACTERS)}hai long`)).toEqual({ kind: 'unparsed', reason: 'unknown' });
    expect(readReply(`${' \n'.repeat(MAX_READ_CHARACTERS * 10)}1`)).toEqual({ kind: 'answer', level: 'very-satisfied' });
    // "STOP" past the cap is not seen: a gateway's own keyword handling (Twilio's) takes whole messages only.
    expect(readReply(`rat hai long ${'x'.repeat(MAX_READ_CHARACTERS)} STOP`)).toEqual({ kind: 'answer', level: 'very-satisfied' });
  });

  it('counts a letter with its diacritics as one character, decomposed or not', () => {
    const decomposed = 'Không hài lòng'.normalize('NFD');
    const padding = 'x'.repeat(MAX_READ_CHARACTERS - 'Không hài lòng'.length - 1);
    expect(readReply(`${padding} ${decomposed}`)).toEqual(readReply(`${padding} Không hài lòng`));
  });

  it('returns the first dossier code of a lookup, upper case', () => {
    expect(readReply('hcc h38.22-250714-0007 h38.22-250714-0008')).toEqual({ kind: 'lookup', code: 'H38.22-250714-0007' });
    expect(readReply('HCC H38.22-250714-12345')).toEqual({ kind: 'lookup', code: 'H38.22-250714-12345' });
  });

  it('does not take a number inside a dossier code for an answer', () => {
    expect(readReply('H38.1-250714-0003')).toEqual({ kind: 'lookup', code: 'H38.1-250714-0003' });
    expect(readReply('H38.22-250714-0007 khong hai long')).toEqual({ kind: 'answer', level: 'not-satisfied' });
  });
});

describe('normalizeReply', () => {
  it.each([
    ['Không hài lòng ạ!', 'khong hai long'],
    ['K.HL', 'khong hai long'],
    ['RHL', 'rat hai long'],
    ['Rta hài lonh', 'rat hai long'],
    ['Đ', 'd'],
    ['so1 cảm ơn', 'so 1'],
    ['cảm ơn', 'cam on'],
    ['chị Hồng hài lòng', 'chi hong hai long'],
    ['hông hài lòng', 'khong hai long'],
    ['Hạ Long', 'ha long'],
  ])('%j → %j', (text, normalized) => {
    expect(normalizeReply(text)).toBe(normalized);
  });
});

describe('withinOneEdit', () => {
  it.each([
    ['long', 'long', true], ['lonh', 'long', true], ['lng', 'long', true], ['loong', 'long', true], ['logn', 'long', true],
    ['lan', 'long', false], ['ln', 'long', false], ['olgn', 'long', false], ['', 'a', true], ['', 'ab', false], ['ab', 'ba', true],
  ])('%j vs %j → %s', (a, b, within) => {
    expect(withinOneEdit(a, b)).toBe(within);
    expect(withinOneEdit(b, a)).toBe(within);
  });
});
