import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import variants from './reply-variants.json' with { type: 'json' };
import { MAX_READ_CHARACTERS, normalizeReply, readReply, SATISFACTION_LEVELS, UNPARSED_REASONS, type Reading } from './reply.ts';

/**
 * What must hold for every reply, not only the ones in the table: the reader never throws and
 * always gives a well-formed reading; diacritics, case and surrounding whitespace never change it;
 * only the first MAX_READ_CHARACTERS characters count; normalisation is idempotent.
 */

/** The words citizens use (from the table), with and without diacritics, and some noise. */
const vocabulary = [...new Set(variants.flatMap((row) => row.text.split(/\s+/)).filter(Boolean))];
const wordArb = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...vocabulary) },
  { weight: 1, arbitrary: fc.constantFrom('tc', 'stop', 'dk', 'hcc', 'H38.22-250714-0007', '1', '2', '3', 'khong', 'hai', 'long', 'rat', 'ko', 'k', 'hl', 'cam', 'on', 'a', '?') },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
const separatorArb = fc.constantFrom(' ', '  ', ', ', '. ', '\n', '! ', ' - ', '');
const replyArb = fc.array(fc.tuple(wordArb, separatorArb), { maxLength: 8 }).map((parts) => parts.map(([word, separator]) => word + separator).join(''));

/** Courtesy and fillers that leave a bare number an answer. */
const aroundArb = fc.array(fc.constantFrom('số', 'chọn', 'tôi', 'em', 'đáp án', 'ạ', 'nhé', 'cảm ơn', 'dạ', 'xin cảm ơn', 'thanks', '🙏', '!', 'ok'), { maxLength: 3 }).map((words) => words.join(' '));

/** Any code points, lone surrogates included; mostly from the first blocks, where letters, marks and punctuation are. */
const anyTextArb = (maxLength: number) =>
  fc.array(fc.oneof(fc.integer({ min: 0, max: 0x2000 }), fc.integer({ min: 0, max: 0x10ffff })), { maxLength }).map((points) => String.fromCodePoint(...points));

/** An independent way of removing Vietnamese diacritics. */
const withoutDiacritics = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

/** Adds one tone or vowel mark to some letters, composed or decomposed, as phone keyboards do. */
const MARKS = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323', '\u0302', '\u0306', '\u031b'];
const withDiacriticsArb = (text: string) =>
  fc.tuple(fc.array(fc.nat({ max: MARKS.length * 2 }), { minLength: text.length, maxLength: text.length }), fc.constantFrom<'NFC' | 'NFD'>('NFC', 'NFD'))
    .map(([choices, form]) => [...text].map((char, i) => {
      const choice = choices[i]!;
      if (char === 'd' && choice === 0) return 'đ';
      if (!/[aeiouyAEIOUY]/.test(char) || choice >= MARKS.length) return char;
      return char + MARKS[choice];
    }).join('').normalize(form));

function wellFormed(reading: Reading): boolean {
  switch (reading.kind) {
    case 'answer': return SATISFACTION_LEVELS.includes(reading.level);
    case 'unparsed': return UNPARSED_REASONS.includes(reading.reason);
    case 'lookup': return /^[A-Z][0-9A-Z.-]+$/.test(reading.code);
    case 'opt-out': case 'opt-in': return Object.keys(reading).length === 1;
  }
}

describe('readReply, for any reply', () => {
  it('never throws and gives a well-formed reading, on any string', () => {
    fc.assert(fc.property(fc.oneof(replyArb, anyTextArb(600)), (text) => {
      expect(wellFormed(readReply(text))).toBe(true);
    }), { numRuns: 500 });
  });

  it('reads huge replies by their start only', () => {
    const huge = [
      '1'.repeat(5_000_000),
      'hai long '.repeat(500_000),
      `a${'\u0301'.repeat(2_000_000)}`,
      '\u{1F44D}'.repeat(1_000_000),
      `${' '.repeat(1_000_000)}rat hai long${' x'.repeat(1_000_000)}`,
      'H38.22-250714-'.repeat(200_000),
      'k'.repeat(3_000_000),
    ];
    for (const text of huge) {
      const reading = readReply(text);
      expect(wellFormed(reading)).toBe(true);
      expect(reading).toEqual(readReply(text.trimStart().slice(0, MAX_READ_CHARACTERS * 4).normalize('NFC').slice(0, MAX_READ_CHARACTERS)));
    }
  });

  it('reads only the first MAX_READ_CHARACTERS characters after leading whitespace', () => {
    const asciiArb = fc.string({ unit: fc.constantFrom(...'1 23hailongkrat?.-HCCtc', 'x', ' '), minLength: MAX_READ_CHARACTERS - 20, maxLength: MAX_READ_CHARACTERS + 40 });
    fc.assert(fc.property(asciiArb, fc.string({ maxLength: 40 }), (text, more) => {
      expect(readReply(text + more)).toEqual(readReply(text.trimStart().slice(0, MAX_READ_CHARACTERS)));
    }), { numRuns: 200 });
  });

  it('is not changed by removing diacritics', () => {
    fc.assert(fc.property(replyArb, (text) => {
      expect(readReply(withoutDiacritics(text))).toEqual(readReply(text));
    }), { numRuns: 500 });
  });

  it('is not changed by adding diacritics, composed or decomposed', () => {
    const pairArb = replyArb.map(withoutDiacritics).chain((plain) => fc.tuple(fc.constant(plain), withDiacriticsArb(plain)));
    fc.assert(fc.property(pairArb, ([plain, marked]) => {
      expect(readReply(marked)).toEqual(readReply(plain));
    }), { numRuns: 500 });
  });

  it('is not changed by case or surrounding whitespace', () => {
    const whitespaceArb = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u3000', '\u2003'), maxLength: 5 });
    fc.assert(fc.property(replyArb, whitespaceArb, whitespaceArb, (text, before, after) => {
      const reading = readReply(text);
      expect(readReply(text.toUpperCase())).toEqual(reading);
      expect(readReply(text.toLowerCase())).toEqual(reading);
      expect(readReply(before + text + after)).toEqual(reading);
    }), { numRuns: 500 });
  });

  it('reads a bare 1, 2 or 3 among courtesy and fillers as that level', () => {
    fc.assert(fc.property(aroundArb, fc.constantFrom('1', '2', '3'), aroundArb, (before, digit, after) => {
      expect(readReply(`${before} ${digit} ${after}`)).toEqual({ kind: 'answer', level: SATISFACTION_LEVELS[Number(digit) - 1] });
    }), { numRuns: 500 });
  });

  it('never reads two different bare digits as an answer', () => {
    fc.assert(fc.property(aroundArb, fc.constantFrom('1', '2', '3'), aroundArb, fc.constantFrom('1', '2', '3', '0', '4', '12'), aroundArb, (before, first, between, second, after) => {
      fc.pre(first !== second);
      expect(readReply(`${before} ${first} ${between} ${second} ${after}`)).toEqual({ kind: 'unparsed', reason: 'ambiguous' });
    }), { numRuns: 500 });
  });

  it('never reads a digit in free text as an answer', () => {
    fc.assert(fc.property(fc.constantFrom('1', '2', '3'), fc.constantFrom('lần', 'ngày', 'giờ', 'tháng 7', 'người'), (digit, unit) => {
      expect(readReply(`tôi phải đi lại ${digit} ${unit}`)).toEqual({ kind: 'unparsed', reason: 'unknown' });
    }));
  });
});

describe('normalizeReply', () => {
  it('is idempotent', () => {
    fc.assert(fc.property(fc.oneof(replyArb, anyTextArb(200)), (text) => {
      const once = normalizeReply(text);
      expect(normalizeReply(once)).toBe(once);
    }), { numRuns: 500 });
  });
});
