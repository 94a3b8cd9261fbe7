import { createHmac } from 'node:crypto';
import * as z from 'zod';

/**
 * Phone numbers as the gateways take them: E.164 (`+84912345678`). Intake stores Vietnamese
 * mobiles as `0912345678`; citizens and gateways write them with +84, 84, spaces, dots or dashes.
 * Numbers of other countries pass as E.164 (a test number abroad on Twilio), never guessed.
 */

/** A Vietnamese mobile: 0, +84 or 84, then a 3/5/7/8/9 prefix and 8 digits. */
const VIETNAM_MOBILE = /^(?:\+84|84|0)([35789]\d{8})$/;
/** E.164: +, a country code not starting with 0, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;

/** The number in E.164, or null when it is neither a Vietnamese mobile nor E.164 (+84 numbers must be mobiles). */
export function toE164(phone: string): string | null {
  const compact = phone.replace(/[\s.()-]/g, '');
  const vietnamese = VIETNAM_MOBILE.exec(compact);
  if (vietnamese) return `+84${vietnamese[1]}`;
  if (compact.startsWith('+84')) return null;
  return E164.test(compact) ? compact : null;
}

/** A phone number in a gateway's callback, read as E.164; the issue never repeats the number. */
export const E164Phone = z.string().transform((value, ctx) => {
  const e164 = toE164(value);
  if (!e164) ctx.addIssue({ code: 'custom', message: 'not a Vietnamese mobile or an E.164 number' });
  return e164 ?? '';
});

/**
 * The keyed hash of a number (whatever form it came in): the same number, the same hash. What
 * outlives a number's retention (opt-outs, the daily cap, matching a reply to its survey) keeps
 * only this; without the key it cannot be reversed by hashing every possible number.
 */
export function phoneHashOf(phone: string, key: string): string {
  const e164 = toE164(phone);
  if (!e164) throw new Error('not a phone number we can text');
  return createHmac('sha256', key).update(e164).digest('base64url');
}
