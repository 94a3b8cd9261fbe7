import { describe, expect, it } from 'vitest';
import { claimsOf, tokenFromFragment, tokenFromPaste } from './token.ts';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (claims: object) => `${base64url({ alg: 'ES256', kid: 'k' })}.${base64url(claims)}.signature`;

describe("the dashboard's token", () => {
  it('is read from the fragment, other fragment parameters left alone', () => {
    expect(tokenFromFragment('#token=abc.def.ghi')).toBe('abc.def.ghi');
    expect(tokenFromFragment('#x=1&token=abc.def.ghi')).toBe('abc.def.ghi');
    expect(tokenFromFragment('')).toBeNull();
    expect(tokenFromFragment('#token=')).toBeNull();
  });

  it('is taken from what is pasted: the token, or the link that carries it', () => {
    expect(tokenFromPaste('  abc.def.ghi\n')).toBe('abc.def.ghi');
    expect(tokenFromPaste('http://127.0.0.1:3000/reports/dashboard#token=abc.def.ghi')).toBe('abc.def.ghi');
    expect(tokenFromPaste(' ')).toBeNull();
  });

  it('names the agency and expiry of an ID token (Vietnamese names survive the decoding), and nothing else', () => {
    expect(claimsOf(token({ 'custom:agency': 'H38.22', exp: 1_900_000_000, name: 'Nguyễn Thị Hà' }))).toEqual({ agency: 'H38.22', expiresAt: 1_900_000_000 });
    expect(claimsOf(token({ sub: 'x' }))).toBeNull();
    expect(claimsOf('not-a-token')).toBeNull();
    expect(claimsOf('a.%%%.c')).toBeNull();
  });
});
