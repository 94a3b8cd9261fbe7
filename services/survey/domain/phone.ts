import { createHmac } from 'node:crypto';

/**
 * Citizens' numbers. Intake stores a mobile as 0 and nine digits; gateways speak E.164 (+84…).
 * The survey service keeps a number only while a message or survey needs it; what outlives that
 * (opt-outs, the daily cap, matching a reply to its survey) is a keyed hash, which without the key
 * cannot be reversed by hashing the few hundred million possible numbers.
 */

const NATIONAL = /^0([35789]\d{8})$/;
const INTERNATIONAL = /^\+?84([35789]\d{8})$/;

/** `+84xxxxxxxxx`, or null when it is not a Vietnamese mobile number in either form. */
export function toE164(phone: string): string | null {
  const compact = phone.replace(/[\s.-]/g, '');
  const digits = NATIONAL.exec(compact)?.[1] ?? INTERNATIONAL.exec(compact)?.[1];
  return digits ? `+84${digits}` : null;
}

/** The keyed hash of a number (whatever form it came in): the same number, the same hash. */
export function phoneHashOf(phone: string, key: string): string {
  const e164 = toE164(phone);
  if (!e164) throw new Error('not a Vietnamese mobile number');
  return createHmac('sha256', key).update(e164).digest('base64url');
}
