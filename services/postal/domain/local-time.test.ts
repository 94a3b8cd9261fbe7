import { describe, expect, it } from 'vitest';
import { PartnerTime } from './local-time.ts';

const read = (text: string) => PartnerTime.parse(text);
const refused = (text: string) => {
  const result = PartnerTime.safeParse(text);
  return result.success ? null : result.error.issues[0]!.message;
};

describe('PartnerTime', () => {
  it('reads dd/MM/yyyy HH:mm:ss as Vietnam time, seven hours ahead of UTC', () => {
    expect(read('14/07/2025 09:30:15')).toBe('2025-07-14T02:30:15.000Z');
    // Local times before 07:00 fall on the previous UTC day, and year ends roll back too.
    expect(read('01/01/2026 06:59:59')).toBe('2025-12-31T23:59:59.000Z');
    expect(read('29/02/2024 00:00:00')).toBe('2024-02-28T17:00:00.000Z');
  });

  it('has no daylight saving: the same wall-clock hour in January and July is the same UTC hour', () => {
    expect(read('15/01/2025 12:00:00').slice(11)).toBe(read('15/07/2025 12:00:00').slice(11));
  });

  it('reads ISO instants with any offset as the same UTC instant', () => {
    expect(read('2025-07-14T09:30:15+07:00')).toBe('2025-07-14T02:30:15.000Z');
    expect(read('2025-07-14T02:30:15Z')).toBe('2025-07-14T02:30:15.000Z');
    expect(read('2025-07-13T21:30:15.250-05:00')).toBe('2025-07-14T02:30:15.250Z');
  });

  it.each([
    ['31/02/2025 10:00:00', 'is not a date that exists'],
    ['29/02/2025 10:00:00', 'is not a date that exists'],
    ['31/04/2025 10:00:00', 'is not a date that exists'],
    ['00/01/2025 10:00:00', 'is not a date that exists'],
    ['15/13/2025 10:00:00', 'is not a date that exists'],
    ['2025-02-30T10:00:00+07:00', 'is not a date that exists'],
    ['15/01/2025 24:00:00', 'is not a time of day that exists'],
    ['15/01/2025 10:60:00', 'is not a time of day that exists'],
    ['15/01/2025 10:00:60', 'is not a time of day that exists'],
    ['2025-01-15T10:00:00+25:00', 'has an offset that does not exist'],
    ['15/01/1970 10:00:00', 'the year must be 1976–2199'],
  ])('refuses %s: %s', (text, problem) => {
    expect(refused(text)).toBe(problem);
  });

  it.each([
    '2025-07-14T09:30:15', // no offset: whose clock?
    '2025-07-14 09:30:15',
    '14/07/2025',
    '14/7/2025 09:30:15',
    '14-07-2025 09:30:15',
    '14/07/2025 9:30:15',
    '07/14/2025 09:30:15 PM',
    ' 14/07/2025 09:30:15',
    '1752460215',
    '',
  ])('refuses the format %j', (text) => {
    expect(refused(text)).toMatch(/must be dd\/MM\/yyyy HH:mm:ss/);
  });

  it('refuses what is not a string', () => {
    expect(PartnerTime.safeParse(1752460215).success).toBe(false);
  });
});
