import { describe, expect, it } from 'vitest';
import { phoneHashOf, toE164 } from './phone.ts';

describe('phone numbers', () => {
  it('reads a mobile in the national or international form, with spaces, dots or dashes', () => {
    for (const form of ['0912345678', '+84912345678', '84912345678', '091 234 5678', '0912.345.678', '+84-912-345-678']) expect(toE164(form)).toBe('+84912345678');
  });

  it('refuses what is not a Vietnamese mobile', () => {
    for (const form of ['', '912345678', '02412345678', '0112345678', '+1 415 555 0100', '09123456789', 'abc']) expect(toE164(form)).toBeNull();
  });

  it('hashes one number to one value whatever its form, and differently under another key', () => {
    expect(phoneHashOf('0912345678', 'k1')).toBe(phoneHashOf('+84912345678', 'k1'));
    expect(phoneHashOf('0912345678', 'k1')).not.toBe(phoneHashOf('0912345679', 'k1'));
    expect(phoneHashOf('0912345678', 'k1')).not.toBe(phoneHashOf('0912345678', 'k2'));
    expect(phoneHashOf('0912345678', 'k1')).not.toContain('912345678');
  });
});
