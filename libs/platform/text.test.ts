import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { freeText } from './text.ts';

const name = freeText({ min: 2, max: 120 });
const reason = freeText({ min: 5, max: 1000, multiline: true });

/** The one issue message of a refused value. */
function refusal(schema: z.ZodType, value: unknown): string {
  const result = schema.safeParse(value);
  expect(result.success, 'the value was expected to be refused').toBe(false);
  expect(result.error!.issues).toHaveLength(1);
  return result.error!.issues[0]!.message;
}

describe('freeText', () => {
  it('normalises Vietnamese typed with combining diacritics (NFD) to NFC', () => {
    const decomposed = 'Nguyễn Văn An'.normalize('NFD');
    expect(decomposed).not.toBe('Nguyễn Văn An'.normalize('NFC'));
    expect(name.parse(decomposed)).toBe('Nguyễn Văn An'.normalize('NFC'));
  });

  it('counts characters after NFC, not UTF-16 units: "Nguyễn Văn An" decomposed is 13', () => {
    const decomposed = 'Nguyễn Văn An'.normalize('NFD');
    expect(decomposed.length).toBeGreaterThan(13);
    expect(freeText({ max: 13 }).parse(decomposed)).toBe('Nguyễn Văn An'.normalize('NFC'));
    expect(refusal(freeText({ max: 12 }), decomposed)).toBe('must be at most 12 characters');
    expect(freeText({ min: 13, max: 20 }).safeParse(decomposed).success).toBe(true);
    expect(refusal(freeText({ min: 14, max: 20 }), decomposed)).toBe('must be at least 14 characters');
  });

  it('counts a character outside the BMP once', () => {
    // 𠀀 (U+20000, a Nôm character) is two UTF-16 units.
    expect(freeText({ max: 3 }).parse('𠀀𠀀𠀀')).toBe('𠀀𠀀𠀀');
    expect(refusal(freeText({ min: 2, max: 10 }), '𠀀')).toBe('must be at least 2 characters');
  });

  it('trims, and counts what is left', () => {
    expect(name.parse('  Trần Thị Bích Ngọc \u00A0')).toBe('Trần Thị Bích Ngọc');
    expect(refusal(name, ' A ')).toBe('must be at least 2 characters');
  });

  it.each([
    ['a lone high surrogate', '\uD800', 'must be well-formed Unicode (no lone surrogates)'],
    ['a lone low surrogate inside a name', 'Nguy\uDC00ễn', 'must be well-formed Unicode (no lone surrogates)'],
    ['a NUL', 'Nguyễn\u0000Văn', 'must not contain control characters or line breaks'],
    ['an escape sequence', 'Nguyễn \u001B[31mVăn', 'must not contain control characters or line breaks'],
    ['DEL', 'Nguyễn\u007F', 'must not contain control characters or line breaks'],
    ['a C1 control', 'Nguyễn\u0085Văn', 'must not contain control characters or line breaks'],
    ['a line feed in a name', 'Nguyễn\nVăn An', 'must not contain control characters or line breaks'],
    ['a tab', 'Nguyễn\tVăn', 'must not contain control characters or line breaks'],
    ['a line separator', 'Nguyễn\u2028Văn', 'must not contain control characters or line breaks'],
    ['a right-to-left override', 'Nguyễn \u202EnA năV', 'must not contain bidirectional control characters'],
    ['a left-to-right embedding', '\u202ANguyễn Văn An', 'must not contain bidirectional control characters'],
    ['a first-strong isolate', 'Nguyễn \u2068Văn\u2069 An', 'must not contain bidirectional control characters'],
    ['a right-to-left mark', 'Nguyễn\u200F Văn An', 'must not contain bidirectional control characters'],
    ['a left-to-right mark', 'Nguyễn\u200E Văn An', 'must not contain bidirectional control characters'],
    ['a zero-width space inside a name', 'Nguyễn\u200BVăn An', 'must not contain invisible format characters (zero-width space, BOM, soft hyphen…)'],
    ['a soft hyphen', 'Nguy\u00ADễn', 'must not contain invisible format characters (zero-width space, BOM, soft hyphen…)'],
    ['two zero-width spaces', '\u200B\u200B', 'must not contain invisible format characters (zero-width space, BOM, soft hyphen…)'],
    ['zero-width joiners only', '\u200D\u200C\u200D', 'must contain visible characters'],
    ['Hangul fillers only', '\u3164\u3164\u3164', 'must contain visible characters'],
    ['a halfwidth Hangul filler and a Braille blank', '\uFFA0\u2800', 'must contain visible characters'],
    ['combining marks only', '\u0301\u0303\u0323', 'must contain visible characters'],
    ['whitespace only', ' \u3000\u00A0 ', 'must contain visible characters'],
    ['an empty string', '', 'must contain visible characters'],
    ['bytes that were not UTF-8 (replacement characters)', 'Ng\uFFFD\uFFFDyễn Văn An', 'must not contain unassigned, private-use or replacement characters (was it sent as UTF-8?)'],
    ['object replacement characters', '\uFFFC\uFFFC', 'must not contain unassigned, private-use or replacement characters (was it sent as UTF-8?)'],
    ['noncharacters', '\uFFFF\uFFFE', 'must not contain unassigned, private-use or replacement characters (was it sent as UTF-8?)'],
    ['private-use characters', '\uE000\uE001', 'must not contain unassigned, private-use or replacement characters (was it sent as UTF-8?)'],
    ['unassigned code points', '\u0378\u0378', 'must not contain unassigned, private-use or replacement characters (was it sent as UTF-8?)'],
  ])('refuses %s', (_, value, message) => {
    expect(refusal(name, value)).toBe(message);
  });

  it('never echoes the value in the issue', () => {
    const result = name.safeParse('Nguyễn\u202EVăn 0912345678');
    expect(JSON.stringify(result.error!.issues.map((issue) => issue.message))).not.toContain('0912345678');
  });

  it('refuses what is not a string', () => {
    expect(name.safeParse(42).success).toBe(false);
    expect(name.safeParse(null).success).toBe(false);
  });

  it('keeps scripts that need joiners, and emoji', () => {
    expect(freeText({ max: 20 }).parse('क्‍ष')).toBe('क्‍ष');
    expect(freeText({ max: 20 }).parse('Cảm ơn 👨‍👩‍👧')).toBe('Cảm ơn 👨‍👩‍👧');
  });

  describe('multi-line', () => {
    it('keeps line feeds, and turns CRLF into LF', () => {
      expect(reason.parse('Thiếu bản sao:\r\n- giấy khai sinh\n- sổ hộ khẩu')).toBe('Thiếu bản sao:\n- giấy khai sinh\n- sổ hộ khẩu');
    });

    it.each([
      ['a lone carriage return', 'Thiếu\rbản sao'],
      ['a tab', 'Thiếu\tbản sao'],
      ['a NUL', 'Thiếu\u0000bản sao'],
      ['a paragraph separator', 'Thiếu\u2029bản sao'],
    ])('still refuses %s', (_, value) => {
      expect(refusal(reason, value)).toBe('must not contain control characters other than line breaks');
    });

    it('refuses a reason that is only line breaks', () => {
      expect(refusal(reason, '\n\n\n\n\n\n')).toBe('must contain visible characters');
    });

    it('refuses bidirectional controls as on one line', () => {
      expect(refusal(reason, 'Lý do:\n\u202Eđã hủy')).toBe('must not contain bidirectional control characters');
    });
  });

  it('composes: optional when absent, refused when present and invalid', () => {
    const address = freeText({ min: 3, max: 300 }).optional();
    expect(address.parse(undefined)).toBeUndefined();
    expect(address.safeParse('\u200B\u200B\u200B').success).toBe(false);
  });
});
