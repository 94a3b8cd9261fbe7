import { describe, expect, it } from 'vitest';
import { phoneHashOf, toE164 } from './phone.ts';

describe('toE164', () => {
  it.each([
    ['0912345678', '+84912345678'],
    ['+84912345678', '+84912345678'],
    ['84912345678', '+84912345678'],
    ['+84 912 345 678', '+84912345678'],
    ['091.234.5678', '+84912345678'],
    ['0387-654-321', '+84387654321'],
    ['+14155550100', '+14155550100'],
  ])('reads %s as %s', (input, expected) => {
    expect(toE164(input)).toBe(expected);
  });

  it.each([
    ['a landline', '02838123456'],
    ['+84 and a landline', '+842838123456'],
    ['a mobile one digit short', '091234567'],
    ['no leading 0 or country code', '912345678'],
    ['letters', '09123456ab'],
    ['a + with a leading 0', '+0912345678'],
    ['too long for E.164', '+1234567890123456'],
    ['empty', ''],
  ])('refuses %s (%s)', (_, input) => {
    expect(toE164(input)).toBeNull();
  });
});

describe('phoneHashOf', () => {
  it('hashes one number to one value whatever its form, and differently under another key', () => {
    expect(phoneHashOf('0912345678', 'k1')).toBe(phoneHashOf('+84912345678', 'k1'));
    expect(phoneHashOf('0912345678', 'k1')).not.toBe(phoneHashOf('0912345679', 'k1'));
    expect(phoneHashOf('0912345678', 'k1')).not.toBe(phoneHashOf('0912345678', 'k2'));
    expect(phoneHashOf('0912345678', 'k1')).not.toContain('912345678');
  });
});
