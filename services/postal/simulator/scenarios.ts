import * as z from 'zod';
import type { ShipmentStatus } from '../domain/status.ts';

/**
 * What the simulated partner reports for one shipment, planned in advance: the story (a
 * scenario), when each step happened (`occurredAt`, always true) and when and in which order
 * each update is sent, with the misbehaviours real carriers show on request: duplicates, updates
 * out of order, and one stale update sent after the end. Pure: the clock and the dice are inputs.
 */

export const SCENARIOS = ['delivered', 'returned', 'failed-once', 'silent'] as const;
export const ScenarioName = z.enum(SCENARIOS);
export type ScenarioName = z.infer<typeof ScenarioName>;

export type SimulatedPartner = 'demo-webhook' | 'vnpost';

interface Step {
  readonly status: ShipmentStatus;
  /** VNPost's numeric code for it (services/postal/data/partners.json); the webhook partner sends `status` itself. */
  readonly vnpostCode: string;
  readonly location?: string;
  readonly note?: string;
  readonly attempt?: number;
  /** Delivered: the recipient signs. */
  readonly signed?: boolean;
}

const accepted: Step = { status: 'accepted', vnpostCode: '10', location: 'Bưu cục giao dịch Trung tâm' };
const pickedUp: Step = { status: 'picked_up', vnpostCode: '20', location: 'Bưu cục giao dịch Trung tâm' };
const inTransit: Step = { status: 'in_transit', vnpostCode: '40', location: 'Trung tâm khai thác tỉnh' };
const outForDelivery = (attempt: number): Step => ({ status: 'out_for_delivery', vnpostCode: '70', location: 'Bưu cục phát', attempt });
const delivered = (attempt: number): Step => ({ status: 'delivered', vnpostCode: '100', location: 'Bưu cục phát', attempt, signed: true });
// Three different reasons, so that three failures are three distinct VNPost rows.
const FAILURES = [
  { vnpostCode: '91', note: 'Người nhận vắng nhà' },
  { vnpostCode: '92', note: 'Sai hoặc thiếu địa chỉ' },
  { vnpostCode: '93', note: 'Người nhận từ chối nhận' },
] as const;
const failed = (attempt: number): Step => ({ status: 'delivery_failed', location: 'Bưu cục phát', attempt, ...FAILURES[(attempt - 1) % FAILURES.length]! });

const STORIES: Record<ScenarioName, readonly Step[]> = {
  delivered: [accepted, pickedUp, inTransit, outForDelivery(1), delivered(1)],
  returned: [
    accepted, pickedUp, inTransit,
    outForDelivery(1), failed(1), outForDelivery(2), failed(2), outForDelivery(3), failed(3),
    { status: 'in_transit', vnpostCode: '110', location: 'Bưu cục phát', note: 'Chuyển hoàn về người gửi' },
    { status: 'returned_to_sender', vnpostCode: '170', location: 'Bưu cục giao dịch Trung tâm' },
  ],
  'failed-once': [accepted, pickedUp, inTransit, outForDelivery(1), failed(1), outForDelivery(2), delivered(2)],
  silent: [accepted],
};

/** The late `in_transit` of the stale option: its own VNPost code, so it is a row of its own. */
const STALE: Step = { status: 'in_transit', vnpostCode: '50', location: 'Bưu cục phát', note: 'Cập nhật trễ' };

/** The cancellation the partner reports after a cancel call. */
export const CANCELLED: Step = { status: 'cancelled', vnpostCode: '190' };

export interface PlannedUpdate extends Step {
  /** 1, 2, … within the shipment, in story order (the stale update last). */
  readonly seq: number;
  readonly occurredAt: Date;
  /** The stale update: an older occurredAt, sent after the end of the story. */
  readonly stale: boolean;
}

export interface Emission {
  readonly update: PlannedUpdate;
  /** When to send, in ms after the start. Non-decreasing along the plan: send in plan order. */
  readonly atMs: number;
  /** A resend of an update already sent (the same webhook id; the same VNPost row). */
  readonly resend: boolean;
}

export interface PlanOptions {
  readonly scenario: ScenarioName;
  readonly partner: SimulatedPartner;
  /** When the shipment was created at the partner. */
  readonly start: Date;
  /** Time between two steps of the story. VNPost writes whole seconds, so its steps are at least 1 s apart (two rows in the same second with the same code would be one row). */
  readonly stepMs: number;
  /** Share of updates sent twice, in [0, 1]. */
  readonly duplicates: number;
  /** Send the updates in a random order once the story is over, each with its true occurredAt. */
  readonly reorder: boolean;
  /** After the last update, send an `in_transit` that happened before the end. */
  readonly stale: boolean;
  /** In [0, 1). */
  readonly random: () => number;
}

export function stepMsOf(partner: SimulatedPartner, stepMs: number): number {
  return partner === 'vnpost' ? Math.max(stepMs, 1000) : stepMs;
}

export function planScenario(options: PlanOptions): Emission[] {
  const step = stepMsOf(options.partner, options.stepMs);
  // VNPost's times have no milliseconds: start on a whole second so each row's time is exact.
  const origin = options.partner === 'vnpost' ? Math.ceil(options.start.getTime() / 1000) * 1000 : options.start.getTime();
  const lead = origin - options.start.getTime();
  const story = STORIES[options.scenario];
  const updates: PlannedUpdate[] = story.map((s, i) => ({ ...s, seq: i + 1, occurredAt: new Date(origin + (i + 1) * step), stale: false }));

  let emissions: Emission[] = [];
  for (const update of updates) {
    const atMs = lead + update.seq * step;
    emissions.push({ update, atMs, resend: false });
    if (options.random() < options.duplicates) emissions.push({ update, atMs, resend: true });
  }
  const end = lead + updates.length * step;
  if (options.reorder) {
    // Nothing is sent before it happened: the shuffled updates go out once the story is over.
    emissions = shuffle(emissions, options.random).map((emission, i) => ({ ...emission, atMs: end + i * Math.min(step, 250) }));
  }
  if (options.stale && story.length > 1) {
    // What the stale update says happened between pickup and the next step: older than the end, sent last.
    const before = updates[Math.min(2, updates.length - 1)]!;
    const staleUpdate: PlannedUpdate = { ...STALE, seq: updates.length + 1, occurredAt: before.occurredAt, stale: true };
    const last = emissions.at(-1)!.atMs;
    emissions.push({ update: staleUpdate, atMs: last + Math.min(step, 250), resend: false });
  }
  return emissions;
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** `dd/MM/yyyy HH:mm:ss` in Vietnam time (UTC+7, no daylight saving), as VNPost writes times. */
export function vietnamTime(instant: Date): string {
  const local = new Date(instant.getTime() + 7 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`;
}
