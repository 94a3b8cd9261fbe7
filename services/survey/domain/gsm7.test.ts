import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gsm7Length, isGsm7, segmentsOf, toSmsText } from './gsm7.ts';

/** Vietnamese letters by base: the plain one, then its precomposed forms (NFC: one code point each). */
const TONES = ['', '\u0300', '\u0309', '\u0303', '\u0301', '\u0323']; // none, huyền, hỏi, ngã, sắc, nặng
const VOWELS: [string, string][] = [
  ['a', 'a'], ['a\u0306', 'a'], ['a\u0302', 'a'], ['e', 'e'], ['e\u0302', 'e'], ['i', 'i'],
  ['o', 'o'], ['o\u0302', 'o'], ['o\u031B', 'o'], ['u', 'u'], ['u\u031B', 'u'], ['y', 'y'],
];
const LOWER = [...VOWELS.flatMap(([vowel, base]) => TONES.map((tone) => [(vowel + tone).normalize('NFC'), base] as const)).filter(([letter, base]) => letter !== base), ['đ', 'd'] as const];
const VIETNAMESE = [...LOWER, ...LOWER.map(([letter, base]) => [letter.toUpperCase(), base.toUpperCase()] as const)];

describe('the GSM-7 alphabet', () => {
  it('counts basic characters once and extension characters twice', () => {
    expect(gsm7Length('Ho so 1')).toBe(7);
    const basic = '@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&\'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà\n\r';
    expect(gsm7Length(basic)).toBe([...basic].length);
    for (const char of '^{}\\[~]|€\f') expect(gsm7Length(char)).toBe(2);
    expect(gsm7Length('Phi 50€ [x]')).toBe(14);
  });

  it('knows what is not in it', () => {
    for (const text of ['ư', 'Đ', 'đ', 'ế', '“', '’', '–', '…', '😀', '\t', '\u00A0', '`', 'Â', 'ê', 'ç']) {
      expect(isGsm7(text), text).toBe(false);
      expect(() => gsm7Length(text)).toThrow(RangeError);
    }
    // ESC (0x1B) is how the extension table is reached, not a character of its own.
    expect(isGsm7('\u001b')).toBe(false);
    expect(isGsm7('')).toBe(true);
  });
});

describe('segmentsOf', () => {
  it('fits 160 septets in one GSM-7 segment and splits longer texts in parts of 153', () => {
    expect(segmentsOf('')).toEqual({ encoding: 'GSM-7', units: 0, segments: 1 });
    expect(segmentsOf('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(segmentsOf('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(segmentsOf('a'.repeat(306)).segments).toBe(2);
    expect(segmentsOf('a'.repeat(307)).segments).toBe(3);
  });

  it('counts an extension character as two septets against the limit, and never splits its escape', () => {
    expect(segmentsOf('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(segmentsOf('a'.repeat(159) + '€')).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    // 152 septets, then € needs 2: it goes whole into the second part; 306 septets still need 3 parts.
    expect(segmentsOf('a'.repeat(152) + '€' + 'a'.repeat(152)).segments).toBe(3);
  });

  it('falls back to UCS-2 for one character outside the alphabet: 70, then parts of 67', () => {
    expect(segmentsOf('ư' + 'a'.repeat(69))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(segmentsOf('ư' + 'a'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
    expect(segmentsOf('ư'.repeat(134)).segments).toBe(2);
    expect(segmentsOf('ư'.repeat(135)).segments).toBe(3);
    // An emoji is a surrogate pair: two units, never split.
    expect(segmentsOf('😀'.repeat(35))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(segmentsOf('a'.repeat(66) + '😀' + 'a'.repeat(66)).segments).toBe(3);
  });
});

describe('toSmsText', () => {
  it('has all 134 precomposed Vietnamese letters, and strips each to its base letter', () => {
    expect(VIETNAMESE).toHaveLength(134);
    expect(new Set(VIETNAMESE.map(([letter]) => letter)).size).toBe(134);
    for (const [letter, base] of VIETNAMESE) {
      expect([...letter], letter).toHaveLength(1);
      expect(toSmsText(letter), letter).toBe(base);
      // The same letter decomposed (as some keyboards and Windows-1258 text send it).
      expect(toSmsText(letter.normalize('NFD')), letter).toBe(base);
    }
  });

  it('writes Vietnamese without diacritics', () => {
    expect(toSmsText('Ủy ban nhân dân phường Hòa Bình')).toBe('Uy ban nhan dan phuong Hoa Binh');
    expect(toSmsText('ĐƠN ĐỀ NGHỊ cấp đổi Giấy phép lái xe')).toBe('DON DE NGHI cap doi Giay phep lai xe');
    expect(toSmsText('Uỷ ban')).toBe('Uy ban'); // the old tone placement
    expect(toSmsText('Ðà Nẵng')).toBe('Da Nang'); // Icelandic eth for Đ, from old keyboards
  });

  it('maps typography to GSM-7 and drops what has no reading', () => {
    expect(toSmsText('“Bản sao” – ‘hợp lệ’… • 2×3 ½ ´')).toBe('"Ban sao" - \'hop le\'... - 2x3 1/2 \'');
    expect(toSmsText('Thiếu 😀 giấy tờ 🇻🇳 中文')).toBe('Thieu giay to');
    expect(toSmsText('ＡＢＣ ﬁle x²')).toBe('ABC file x2');
    expect(toSmsText('  dòng 1\n\tdòng\u00A02\r\n ')).toBe('dong 1 dong 2');
    // GSM-7 has é and ü, but a message reads uniformly without diacritics.
    expect(toSmsText('café Müller')).toBe('cafe Muller');
    // Extension characters are GSM-7: kept, and counted twice by the length rules.
    expect(toSmsText('Phí 50€ [bản gốc]')).toBe('Phi 50€ [ban goc]');
  });

  it('always gives GSM-7, and is idempotent', () => {
    fc.assert(
      // Any code points, lone surrogates included (fc.string's 'binary' unit is as wide, and much slower under vitest).
      fc.property(fc.array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 200 }).map((points) => String.fromCodePoint(...points)), (s) => {
        const sms = toSmsText(s);
        return isGsm7(sms) && toSmsText(sms) === sms;
      }),
    );
  });
});
