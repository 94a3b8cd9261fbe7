/**
 * Fixtures the action tests share (not used by the service). Times are Asia/Ho_Chi_Minh
 * local times; the officers' calendar is Monday–Friday, the watch's Vietnam's real one.
 * July 2025: Mon 14, Tue 15, ..., Fri 18, Sat 19, Sun 20, Mon 21, Tue 22, Wed 23, ...
 */
import { deadlineClock } from '../../../../libs/calendar/deadlines.ts';
import { vietnamCalendar } from '../../../../libs/calendar/holiday-data.ts';
import { weekdaysOnly } from '../../../../libs/calendar/working-days.ts';
import { DomainEvent as AnyEvent } from '../../../../libs/events/catalog.ts';
import type { IntakeEvent as DomainEvent } from '../../../../libs/events/intake.ts';
import type { DomainError } from '../../../../libs/platform/errors.ts';
import agencies from '../../data/agencies.json' with { type: 'json' };
import { Agency, Procedure } from '../catalog.ts';
import { Submission, type Dossier, type Status } from '../dossier.ts';
import { decide, DEFAULT_MARGINS, OfficerAction, owedWarning, receive, type Decision, type WarningMargins } from './index.ts';

export const clock = deadlineClock(weekdaysOnly);

/** A local Vietnamese time "YYYY-MM-DDTHH:mm" as an instant. */
export const at = (local: string): Date => new Date(`${local}:00+07:00`);
export const iso = (local: string): string => at(local).toISOString();

export const AGENCIES = (agencies as unknown[]).map((raw) => Agency.parse(raw));
const agency = (code: string) => {
  const found = AGENCIES.find((a) => a.code === code);
  if (!found) throw new Error(`fixture agency ${code} missing from agencies.json`);
  return found;
};
export const WARD = agency('H38.22.1');
export const DISTRICT = agency('H38.22');
export const PROVINCE_CENTRE = agency('H38.1');
const agencyExists = (code: string) => AGENCIES.some((a) => a.code === code);

/** Six working days, clock paused during a supplement, deadline counted from 17:00. */
export const PAUSE = Procedure.parse({
  code: '9.000001',
  name: 'Thủ tục thử nghiệm trợ cấp xã hội',
  nameEn: 'Test social allowance procedure',
  field: 'bao-tro-xa-hoi',
  level: 'commune',
  timeLimit: { unit: 'workingDays', value: 6 },
  components: [{ code: 'TK01', name: 'Tờ khai theo mẫu', required: true, form: 'original', copies: 1 }],
  fees: [],
  onlineLevel: 'mot-phan',
  postalAllowed: true,
  cutoffTime: null,
  supplement: { clock: 'pause', closeAfterWorkingDays: 15 },
  legalBasis: 'Nghị định 118/2025/NĐ-CP',
});
/** Same, but the clock restarts from zero once the dossier is complete. */
export const RESTART = Procedure.parse({ ...PAUSE, supplement: { clock: 'restart', closeAfterWorkingDays: 15 } });
/** Five working days, so that a dossier received on a Monday is due the next Monday. */
export const FIVE_DAYS = Procedure.parse({ ...PAUSE, timeLimit: { unit: 'workingDays', value: 5 } });

type Channel = Submission['channel'];
export type Delivery = Submission['resultDelivery'];

/** Where a result goes back by post, and where a dossier filed by post is collected (made-up addresses in the demo province). */
export const DELIVERY_ADDRESS = { line: 'Số 12 đường Lê Lợi, tổ dân phố 4', commune: 'Phường Hòa Bình', province: 'Tỉnh Hòa Lâm' };
export const PICKUP_ADDRESS = { line: 'Thôn 3', commune: 'Xã Lâm Thượng', province: 'Tỉnh Hòa Lâm' };
export const BY_POST = { method: 'postal', address: DELIVERY_ADDRESS } as const satisfies Delivery;

export function newDossier(options: { channel?: Channel; procedure?: Procedure; now?: Date; delivery?: Delivery } = {}): Dossier {
  const procedure = options.procedure ?? PAUSE;
  const submission = Submission.parse({
    procedureCode: procedure.code,
    agencyCode: WARD.code,
    channel: options.channel ?? 'counter',
    applicant: { fullName: 'Nguyễn Văn An', idNumber: '001099012345', phone: '0912345678' },
    documents: [{ code: 'TK01' }],
    resultDelivery: options.delivery ?? { method: 'counter' },
    ...(options.channel === 'postal' ? { pickupAddress: PICKUP_ADDRESS } : {}),
  });
  const { dossier } = receive({
    submission,
    documents: [{ code: 'TK01', name: 'Tờ khai theo mẫu', copies: 1 }],
    procedure,
    agency: WARD,
    code: 'H38.22.1-250714-0001',
    now: options.now ?? at('2025-07-14T09:00'),
    clock,
  });
  return dossier;
}

/** Freezes deeply, so that any mutation of an input by `decide` throws (ES modules are strict). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** An officer's action through the registry, parsed by the same schema the HTTP handler applies. */
export function act(dossier: Dossier, action: OfficerAction, now: Date, procedure: Procedure = PAUSE): Decision {
  return decide(deepFreeze(dossier), OfficerAction.parse(action), { now, clock, procedure, agencyExists });
}

export const details = (error: DomainError) => error.details as Record<string, unknown>;

/** Wraps a decision's event in the envelope the repository stores, validated by the event catalog (by an officer unless said). */
export function envelope(dossier: Dossier, event: Decision['event'], occurredAt: Date, actor?: DomainEvent['actor']): DomainEvent {
  return AnyEvent.parse({
    eventId: '00000000-0000-4000-8000-000000000001',
    type: event.type,
    version: 1,
    occurredAt: occurredAt.toISOString(),
    sequence: dossier.version,
    dossierCode: dossier.code,
    agencyCode: dossier.agencyCode,
    procedureCode: dossier.procedureCode,
    actor: actor ?? { kind: 'officer', id: 'officer-1', agency: dossier.handlingAgency },
    data: event.data,
  }) as DomainEvent; // the schema's inferred type is wider than the DomainEvent union it validates
}

export const T1 = at('2025-07-15T10:00');

/** A dossier in each status, reached through the real transitions rather than hand-built. */
export function inStatus(status: Status, delivery?: Delivery): Dossier {
  const step = (dossier: Dossier, action: OfficerAction) => act(dossier, action, T1).dossier;
  const accepted = newDossier({ channel: 'counter', ...(delivery ? { delivery } : {}) });
  const inProgress = () => step(accepted, { type: 'startProcessing' });
  switch (status) {
    case 'submitted':
      return newDossier({ channel: 'online' });
    case 'accepted':
      return accepted;
    case 'not-accepted':
      return step(newDossier({ channel: 'online' }), { type: 'refuse', reason: 'Hồ sơ không thuộc thẩm quyền' });
    case 'in-progress':
      return inProgress();
    case 'supplement-requested':
      return step(inProgress(), { type: 'requestSupplement', missing: ['Bản sao giấy khai sinh'] });
    case 'payment-requested':
      return step(inProgress(), { type: 'requestPayment', amountVnd: 50_000 });
    case 'withdrawn':
      return step(inProgress(), { type: 'withdraw' });
    case 'stopped':
      return step(inProgress(), { type: 'refuse', reason: 'Không đủ điều kiện hưởng' });
    case 'resolved':
      return step(inProgress(), { type: 'resolve' });
    case 'returned':
      return step(step(inProgress(), { type: 'resolve' }), { type: 'returnResult' });
  }
}

// ---------------------------------------------------------------------------
// The deadline watch's fixtures: Vietnam's real calendar, February 2026 (Tết from Sat 14 to Sun 22).
// ---------------------------------------------------------------------------

export const vietnamClock = deadlineClock(vietnamCalendar);

/** Only what the watch's rules read; the rest of a dossier does not matter to them. */
export function watched(changes: Partial<Dossier>): Dossier {
  return {
    code: 'H38.22-260209-0001',
    status: 'in-progress',
    dueAt: iso('2026-02-13T17:00'), // Friday before the Tết 2026 break
    timeLimit: { unit: 'workingDays', value: 3 },
    supplement: null,
    transfers: [],
    ...changes,
  } as Dossier;
}

/** The warning the watch owes now, decided through the registry; null when none is owed. */
export function warn(dossier: Dossier, now: Date, margins: WarningMargins = DEFAULT_MARGINS): Decision<'DossierDueSoon'> | Decision<'DossierOverdue'> | null {
  const warning = owedWarning(dossier, { now, clock: vietnamClock, margins });
  return warning && (decide(dossier, warning, { now }) as Decision<'DossierDueSoon'> | Decision<'DossierOverdue'>);
}

/** Applies the warnings due at each instant in turn; returns the event types (or null). */
export function runWatch(start: Dossier, instants: string[]): (string | null)[] {
  let current = start;
  return instants.map((local) => {
    const change = warn(current, at(local));
    if (!change) return null;
    current = change.dossier;
    return change.event.type === 'DossierDueSoon' ? `DueSoon ${change.event.data.margin.value} ${change.event.data.margin.unit}` : change.event.type;
  });
}
