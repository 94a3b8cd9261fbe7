import * as z from 'zod';
import { localDateOf } from '../../../libs/calendar/working-days.ts';
import { isoInstant } from '../../../libs/events/envelope.ts';
import type { Officer } from '../../../libs/platform/auth.ts';
import { DomainError, notFound } from '../../../libs/platform/errors.ts';
import { freeText } from '../../../libs/platform/text.ts';
import { PARTNER_ID_PATTERN } from './partners.ts';
import { shipmentOf, isOfAgency, type StoredShipment } from './stored-shipment.ts';
import { isTerminal } from './status.ts';
import { ShipmentUpdatedData } from './webhook-payload.ts';

/**
 * The hand-over minutes (biên bản bàn giao): the centre hands a batch of results to the postal
 * partner's staff, and both sides sign a paper saying which packages, when, and how much the
 * partner is to collect on delivery (Decision 45/2016/QĐ-TTg: hand-overs between the post and
 * the agency are signed minutes). `POST /postal/handovers` records it; the record is what the
 * page prints (handover-page.ts) and what a dispute is settled with, so it is written once and
 * never changed, and each shipment can be on one only.
 */

/**
 * At most this many shipments in one hand-over. The record and the mark on each shipment
 * (`handoverId`) are written in one DynamoDB transaction, which holds at most 100 actions: the
 * hand-over itself, its Idempotency-Key record, and one conditional update per shipment. A larger
 * batch is signed as two minutes.
 */
export const MAX_SHIPMENTS_PER_HANDOVER = 98;

/** How far ahead of our clock a hand-over time may be (the officer's PC clock), and how far back one may be recorded from paper. */
export const HANDED_OVER_AT_SKEW_MS = 5 * 60_000;
export const HANDED_OVER_AT_MAX_AGE_MS = 30 * 86_400_000;

/** `POST /postal/handovers`' body. */
export const HandoverRequest = z.strictObject({
  partner: z.string().max(40).regex(PARTNER_ID_PATTERN, 'a partner id: lower-case letters and digits, words joined by -').meta({
    description: 'The partner the packages are handed to (services/postal/data/partners.json); every shipment must be with it.',
    examples: ['vnpost'],
  }),
  shipmentIds: z
    .array(ShipmentUpdatedData.shape.shipmentId)
    .min(1)
    .max(MAX_SHIPMENTS_PER_HANDOVER)
    .refine((ids) => new Set(ids).size === ids.length, 'must not list a shipment twice')
    .meta({ description: `Our ids of the outbound shipments handed over, 1–${MAX_SHIPMENTS_PER_HANDOVER}, each once, in the order the minutes list them.` }),
  partnerStaff: z.strictObject({
    fullName: freeText({ max: 100 }).meta({ description: "The partner's employee who receives the packages, as on the paper they sign." }),
    staffId: freeText({ max: 40 }).optional().meta({ description: "Their employee number at the partner, if they give one." }),
  }),
  handedOverAt: isoInstant
    .transform((at) => new Date(at).toISOString())
    .optional()
    .meta({ description: 'When the packages changed hands (default: when recorded): at most 5 minutes ahead of our clock, at most 30 days back.' }),
  note: freeText({ max: 1000, multiline: true }).optional().meta({ description: 'A remark written on the minutes, e.g. the state of the packages.' }),
});
export type HandoverRequest = z.output<typeof HandoverRequest>;

/** `GET /postal/handovers/{id}`'s query: the record as JSON (default) or the printable page. */
export const HandoverQuery = z.strictObject({
  format: z.enum(['json', 'html']).default('json').meta({ description: '`html`: the one-page minutes to print and sign (handover-page.ts); `json` (default): the record.' }),
});

const HandoverLine = z.strictObject({
  shipmentId: z.string(),
  dossierCode: z.string(),
  trackingNumber: z.string().meta({ description: "The partner's reference (mã bưu gửi)." }),
  codAmountVnd: z.int().min(0).meta({ description: 'To be collected from the citizen on delivery (tiền thu hộ).' }),
});

/** The recorded minutes: `POST /postal/handovers`' 201 and `GET /postal/handovers/{id}`'s 200. */
export const Handover = z.strictObject({
  handoverId: z.string().meta({ description: 'BG-<agency>-<yymmdd>-<5 characters>: readable on paper; the date is the hand-over day, Vietnam time.', examples: ['BG-H38.22-250716-7KQ4M'] }),
  agencyCode: z.string().meta({ description: 'The handing agency: the officer’s, and every shipment’s.' }),
  partner: z.string(),
  officer: z.strictObject({ sub: z.string().meta({ description: "The handing officer's id (the token's sub); their name is written on the paper by hand." }) }),
  partnerStaff: z.strictObject({ fullName: z.string(), staffId: z.string().optional() }),
  handedOverAt: isoInstant,
  recordedAt: isoInstant,
  shipments: z.array(HandoverLine),
  totals: z.strictObject({ count: z.int().min(1), codAmountVnd: z.int().min(0) }),
  note: z.string().optional(),
});
export type Handover = z.output<typeof Handover>;

// ---------------------------------------------------------------------------
// The id
// ---------------------------------------------------------------------------

/** Crockford's base 32: no I, L, O or U, so what is handwritten or read aloud is read back right. */
const SUFFIX_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const HANDOVER_SUFFIX_LENGTH = 5;
export const HANDOVER_ID_PATTERN = /^BG-[A-Z]\d{2}(?:\.\d{1,3}){0,2}-\d{6}-[0-9A-HJKMNP-TV-Z]{5}$/;

/**
 * A fresh random suffix (32⁵ ≈ 33.5 million per agency and day). Random rather than a running
 * number: nothing to count, so no counter item every hand-over of an agency contends on and no
 * extra action in a transaction already near DynamoDB's limit; the agency and day before it keep
 * the id short to read and sortable by day. A collision is refused by the conditional put of the
 * record, and the handler tries again with a new suffix.
 */
export function newHandoverSuffix(randomBytes: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  // 256 is a multiple of 32: taking each byte modulo 32 favours no character.
  return [...randomBytes(HANDOVER_SUFFIX_LENGTH)].map((byte) => SUFFIX_ALPHABET[byte % 32]).join('');
}

/** `BG-<agency>-<yymmdd>-<suffix>`, the day being the hand-over's in Vietnam. */
export function handoverIdOf(agencyCode: string, handedOverAt: Date, suffix: string): string {
  const { year, month, day } = localDateOf(handedOverAt);
  const id = `BG-${agencyCode}-${[year % 100, month, day].map((n) => String(n).padStart(2, '0')).join('')}-${suffix}`;
  if (!HANDOVER_ID_PATTERN.test(id)) throw new RangeError(`not a hand-over id: ${id}`);
  return id;
}

/** Whether an id has the shape of one we issue: if not, `GET /postal/handovers/{id}` needs no read to answer 404. */
export const couldBeHandoverId = (id: string): boolean => HANDOVER_ID_PATTERN.test(id);

// ---------------------------------------------------------------------------
// The decision
// ---------------------------------------------------------------------------

/** The same 400 as the body's schema gives (libs/platform/validation.ts), for what only the rule can see. */
const invalid = (path: string, issue: string) =>
  new DomainError('VALIDATION_FAILED', 'Dữ liệu gửi lên không hợp lệ (body)', 'The request body is not valid', [{ path, issue }]);

/** Why a shipment cannot be on the minutes, one code each. */
const REFUSALS = {
  inbound: {
    code: 'SHIPMENT_NOT_OUTBOUND',
    vi: 'Chỉ bàn giao bưu gửi kết quả cho người dân; bưu gửi nhận hồ sơ do bưu điện chuyển đến trung tâm',
    en: 'Only outbound results are handed over; an inbound pickup is brought to the centre by the partner',
  },
  partner: {
    code: 'SHIPMENT_OF_ANOTHER_PARTNER',
    vi: 'Có bưu gửi không thuộc đối tác bưu chính nhận bàn giao',
    en: 'Some shipments are with another postal partner',
  },
  closed: {
    code: 'SHIPMENT_CLOSED',
    vi: 'Có bưu gửi đã kết thúc (đã hủy, đã phát hoặc đã chuyển hoàn)',
    en: 'Some shipments are already closed (cancelled, delivered or returned)',
  },
  notCreated: {
    code: 'SHIPMENT_NOT_CREATED',
    vi: 'Có bưu gửi chưa được tạo tại đối tác bưu chính (chưa có mã bưu gửi)',
    en: 'Some shipments are not created at the partner yet (no tracking number)',
  },
  handedOver: {
    code: 'ALREADY_HANDED_OVER',
    vi: 'Có bưu gửi đã được bàn giao theo biên bản khác',
    en: 'Some shipments were already handed over with other minutes',
  },
} as const satisfies Record<string, { code: DomainError['code']; vi: string; en: string }>;
type Refusal = keyof typeof REFUSALS;

/**
 * The minutes of handing `input.shipmentIds` to `input.partner`, or why not. `found` are the
 * shipments the repository read by those ids (missing ones simply absent). Refused, every
 * offending shipment named in the details, in this order:
 * - 404 NOT_FOUND: a shipment that does not exist or is another agency's (the same answer, so
 *   nothing is revealed of other agencies' shipments);
 * - 422 SHIPMENT_NOT_OUTBOUND: an inbound pickup (the partner brings it to the centre);
 * - 422 SHIPMENT_OF_ANOTHER_PARTNER: with another partner than the one receiving the batch;
 * - 422 SHIPMENT_CLOSED: cancelled, delivered or returned already;
 * - 409 SHIPMENT_NOT_CREATED: the partner has not created it (yet, or it refused): there is no
 *   tracking number to write down;
 * - 409 ALREADY_HANDED_OVER: on other minutes already;
 * - 400 VALIDATION_FAILED: a shipment listed twice, or a hand-over time in the future or more
 *   than 30 days back.
 * `suffix` is the id's random part (`newHandoverSuffix`).
 */
export function decideHandover(input: HandoverRequest, found: readonly StoredShipment[], officer: Officer, now: Date, suffix: string): Handover {
  const duplicated = input.shipmentIds.filter((id, i) => input.shipmentIds.indexOf(id) !== i);
  // The body's schema refuses it already; the rule does not rely on its caller having parsed.
  if (duplicated.length > 0) throw invalid('shipmentIds', 'must not list a shipment twice');
  const handedOverAt = input.handedOverAt ?? now.toISOString();
  const ahead = new Date(handedOverAt).getTime() - now.getTime();
  if (ahead > HANDED_OVER_AT_SKEW_MS) throw invalid('handedOverAt', 'must not be in the future');
  if (-ahead > HANDED_OVER_AT_MAX_AGE_MS) throw invalid('handedOverAt', 'must be within the last 30 days');

  const byId = new Map(found.filter((s) => isOfAgency(s, officer.agency)).map((s) => [s.shipmentId, s]));
  const missing = input.shipmentIds.filter((id) => !byId.has(id));
  if (missing.length > 0) throw notFound({ vi: 'bưu gửi', en: 'shipment' }, { shipmentIds: missing });
  const shipments = input.shipmentIds.map((id) => byId.get(id)!);

  const check = (refusal: Refusal, offends: (s: StoredShipment) => boolean, detail: (s: StoredShipment) => object = () => ({})) => {
    const offending = shipments.filter(offends);
    if (offending.length === 0) return;
    const { code, vi, en } = REFUSALS[refusal];
    throw new DomainError(code, vi, en, { shipments: offending.map((s) => ({ shipmentId: s.shipmentId, ...detail(s) })) });
  };
  check('inbound', (s) => s.direction !== 'outbound');
  check('partner', (s) => s.partner !== input.partner, (s) => ({ partner: s.partner }));
  check('closed', (s) => isClosed(s), (s) => ({ status: shipmentOf(s).state.status }));
  check('notCreated', (s) => s.creation !== 'created' || s.trackingNumber === null, (s) => ({ creation: s.creation }));
  check('handedOver', (s) => s.handoverId !== null, (s) => ({ handoverId: s.handoverId }));

  const lines = shipments.map((s) => ({ shipmentId: s.shipmentId, dossierCode: s.dossierCode, trackingNumber: s.trackingNumber!, codAmountVnd: s.codAmountVnd }));
  return {
    handoverId: handoverIdOf(officer.agency, new Date(handedOverAt), suffix),
    agencyCode: officer.agency,
    partner: input.partner,
    officer: { sub: officer.id },
    partnerStaff: { fullName: input.partnerStaff.fullName, ...(input.partnerStaff.staffId ? { staffId: input.partnerStaff.staffId } : {}) },
    handedOverAt,
    recordedAt: now.toISOString(),
    shipments: lines,
    totals: { count: lines.length, codAmountVnd: lines.reduce((sum, line) => sum + line.codAmountVnd, 0) },
    ...(input.note ? { note: input.note } : {}),
  };
}

function isClosed(stored: StoredShipment): boolean {
  const { status } = shipmentOf(stored).state;
  return status !== null && isTerminal(status);
}
