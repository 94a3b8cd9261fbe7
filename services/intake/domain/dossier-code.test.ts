import { describe, expect, it } from 'vitest';
import agencies from '../data/agencies.json' with { type: 'json' };
import { Agency } from './catalog.ts';
import { DOSSIER_CODE_PATTERN, dossierCode, receiptDay } from './dossier-code.ts';

describe('receiptDay', () => {
  it.each([
    ['2025-07-14T02:00:00Z', '250714', 'Monday 09:00 in Hà Nội'],
    ['2025-07-13T17:00:00Z', '250714', 'local midnight, while it is still the 13th in UTC'],
    ['2025-07-13T16:59:59Z', '250713', 'one second before local midnight'],
    ['2025-07-14T16:59:59Z', '250714', 'the last second of the local day'],
    ['2024-12-31T17:30:00Z', '250101', 'new year arrives seven hours before UTC'],
    ['2009-03-05T03:00:00Z', '090305', 'a single-digit year keeps its leading zero'],
    ['2024-02-29T10:00:00Z', '240229', 'a leap day'],
  ])('%s is %s (%s)', (instant, expected) => {
    expect(receiptDay(new Date(instant))).toBe(expected);
  });
});

describe('dossierCode', () => {
  it('builds the documented example <agency>-YYMMDD-NNNN', () => {
    expect(dossierCode('H38.22', '250714', 7)).toBe('H38.22-250714-0007');
  });

  it('pads the running number to four digits and lets it grow past 9999', () => {
    expect(dossierCode('H38.22.1', '250714', 1)).toBe('H38.22.1-250714-0001');
    expect(dossierCode('H38.22.1', '250714', 9999)).toBe('H38.22.1-250714-9999');
    expect(dossierCode('H38.22.1', '250714', 10000)).toBe('H38.22.1-250714-10000');
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses running number %s', (running) => {
    expect(() => dossierCode('H38', '250714', running)).toThrow(RangeError);
  });

  it('every agency in the catalogue yields codes the pattern accepts', () => {
    const parsed = (agencies as unknown[]).map((raw) => Agency.parse(raw));
    expect(parsed.length).toBeGreaterThan(0);
    for (const agency of parsed) {
      for (const running of [1, 42, 12345]) {
        const code = dossierCode(agency.code, receiptDay(new Date('2025-07-14T02:00:00Z')), running);
        expect(code, code).toMatch(DOSSIER_CODE_PATTERN);
      }
    }
  });
});

describe('DOSSIER_CODE_PATTERN', () => {
  it.each(['H38-250714-0001', 'H38.22-250714-0007', 'H38.22.1-250714-0123', 'G01.999.999-991231-123456'])('accepts %s', (code) => {
    expect(code).toMatch(DOSSIER_CODE_PATTERN);
  });

  it.each([
    ['h38.22-250714-0007', 'lower-case agency letter'],
    ['H38.22-250714-007', 'running number under four digits'],
    ['H38.22-2507140-0007', 'seven-digit day'],
    ['H38.22-25074-0007', 'five-digit day'],
    ['H38.22.1.4-250714-0007', 'four-level agency code'],
    ['H3.22-250714-0007', 'one-digit province number'],
    ['H38.22-250714-0007 ', 'trailing space'],
    ['H38.22_250714_0007', 'wrong separators'],
    ['H38.22-250714', 'no running number'],
  ])('rejects %s (%s)', (code) => {
    expect(code).not.toMatch(DOSSIER_CODE_PATTERN);
  });
});
