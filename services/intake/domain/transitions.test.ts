import { describe, expect, it } from 'vitest';
import { deadlineClock } from '../../../libs/calendar/deadlines.ts';
import { weekdaysOnly } from '../../../libs/calendar/working-days.ts';
import { DomainEvent, type DomainEventType } from '../../../libs/events/catalog.ts';
import type { DomainError } from '../../../libs/platform/errors.ts';
import { httpStatusOf } from '../../../libs/platform/http.ts';
import agencies from '../data/agencies.json' with { type: 'json' };
import { Agency, Procedure } from './catalog.ts';
import { STATUS_CODES, Submission, type Dossier, type Status } from './dossier.ts';
import { receive } from './receive.ts';
import { Action, ALLOWED_FROM, allowedActions, decide, type ActionType, type Decision } from './transitions.ts';
import { domainErrorOf } from '../../../tests/support/domain-error.ts';

const clock = deadlineClock(weekdaysOnly);

// ---------------------------------------------------------------------------
// Fixtures. Times are Asia/Ho_Chi_Minh local times; the calendar is Monday–Friday.
// July 2025: Mon 14, Tue 15, ..., Fri 18, Sat 19, Sun 20, Mon 21, Tue 22, Wed 23, ...
// ---------------------------------------------------------------------------

/** A local Vietnamese time "YYYY-MM-DDTHH:mm" as an instant. */
const at = (local: string): Date => new Date(`${local}:00+07:00`);
const iso = (local: string): string => at(local).toISOString();

const AGENCIES = (agencies as unknown[]).map((raw) => Agency.parse(raw));
const agency = (code: string) => {
  const found = AGENCIES.find((a) => a.code === code);
  if (!found) throw new Error(`fixture agency ${code} missing from agencies.json`);
  return found;
};
const WARD = agency('H38.22.1');
const DISTRICT = agency('H38.22');
const PROVINCE_CENTRE = agency('H38.1');
const agencyExists = (code: string) => AGENCIES.some((a) => a.code === code);

/** Six working days, clock paused during a supplement, deadline counted from 17:00. */
const PAUSE = Procedure.parse({
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
const RESTART = Procedure.parse({ ...PAUSE, supplement: { clock: 'restart', closeAfterWorkingDays: 15 } });
/** Five working days, so that a dossier received on a Monday is due the next Monday. */
const FIVE_DAYS = Procedure.parse({ ...PAUSE, timeLimit: { unit: 'workingDays', value: 5 } });

type Channel = Submission['channel'];
type Delivery = Submission['resultDelivery'];

function newDossier(options: { channel?: Channel; procedure?: Procedure; now?: Date; delivery?: Delivery } = {}): Dossier {
  const procedure = options.procedure ?? PAUSE;
  const submission = Submission.parse({
    procedureCode: procedure.code,
    agencyCode: WARD.code,
    channel: options.channel ?? 'counter',
    applicant: { fullName: 'Nguyễn Văn An', idNumber: '001099012345', phone: '0912345678' },
    documents: [{ code: 'TK01' }],
    resultDelivery: options.delivery ?? { method: 'counter' },
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
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function act(dossier: Dossier, action: Action, now: Date, procedure: Procedure = PAUSE): Decision {
  // Every action goes through the same schema the HTTP handler applies.
  return decide(deepFreeze(dossier), Action.parse(action), { now, clock, procedure, agencyExists });
}

const details = (error: DomainError) => error.details as Record<string, unknown>;

/** Wraps a decision's event in the envelope the repository stores, validated by the event catalog. */
function envelope(dossier: Dossier, event: Decision['event'], occurredAt: Date): DomainEvent {
  return DomainEvent.parse({
    eventId: '00000000-0000-4000-8000-000000000001',
    type: event.type,
    version: 1,
    occurredAt: occurredAt.toISOString(),
    dossierCode: dossier.code,
    agencyCode: dossier.agencyCode,
    procedureCode: dossier.procedureCode,
    actor: { kind: 'officer', id: 'officer-1', agency: dossier.handlingAgency },
    data: event.data,
  }) as DomainEvent; // the schema's inferred type is wider than the DomainEvent union it validates
}

const T1 = at('2025-07-15T10:00');

/** A dossier in each status, reached through the real transitions rather than hand-built. */
function inStatus(status: Status): Dossier {
  const step = (dossier: Dossier, action: Action) => act(dossier, action, T1).dossier;
  const accepted = newDossier({ channel: 'counter' });
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

const STATUSES = Object.keys(STATUS_CODES) as Status[];

/** The rules as this test reads docs/domain.md, written out independently of ALLOWED_FROM. */
const EXPECTED_ALLOWED: Record<ActionType, Status[]> = {
  accept: ['submitted'],
  startProcessing: ['accepted'],
  requestSupplement: ['submitted', 'accepted', 'in-progress'],
  receiveSupplement: ['supplement-requested'],
  requestPayment: ['accepted', 'in-progress'],
  confirmPayment: ['payment-requested'],
  transfer: ['in-progress'],
  extend: ['accepted', 'in-progress'],
  resolve: ['in-progress'],
  returnResult: ['resolved'],
  refuse: ['submitted', 'accepted', 'in-progress', 'supplement-requested', 'payment-requested'],
  withdraw: ['submitted', 'accepted', 'in-progress', 'supplement-requested', 'payment-requested'],
};
const ACTION_TYPES = Object.keys(EXPECTED_ALLOWED) as ActionType[];

/** One valid action of each type. */
const SAMPLE: Record<ActionType, Action> = {
  accept: { type: 'accept' },
  startProcessing: { type: 'startProcessing' },
  requestSupplement: { type: 'requestSupplement', missing: ['Bản sao sổ hộ nghèo'] },
  receiveSupplement: { type: 'receiveSupplement' },
  requestPayment: { type: 'requestPayment', amountVnd: 30_000 },
  confirmPayment: { type: 'confirmPayment' },
  transfer: { type: 'transfer', toAgency: DISTRICT.code },
  extend: { type: 'extend', reason: 'Cần xác minh thêm tại nơi cư trú', newDueAt: iso('2025-07-29T17:00') },
  resolve: { type: 'resolve' },
  returnResult: { type: 'returnResult' },
  refuse: { type: 'refuse', reason: 'Không đủ điều kiện theo quy định' },
  withdraw: { type: 'withdraw', reason: 'Công dân xin rút hồ sơ' },
};

const EVENT_OF: Record<ActionType, DomainEventType> = {
  accept: 'DossierAccepted',
  startProcessing: 'DossierProcessingStarted',
  requestSupplement: 'DossierSupplementRequested',
  receiveSupplement: 'DossierSupplementReceived',
  requestPayment: 'DossierPaymentRequested',
  confirmPayment: 'DossierPaymentReceived',
  transfer: 'DossierTransferred',
  extend: 'DossierExtended',
  resolve: 'DossierResolved',
  returnResult: 'DossierResultReturned',
  refuse: 'DossierRefused',
  withdraw: 'DossierWithdrawn',
};

/** Where each allowed action leads from each status (the fixtures in `inStatus` resume to in-progress). */
function expectedNext(type: ActionType, from: Status): Status {
  switch (type) {
    case 'accept':
      return 'accepted';
    case 'startProcessing':
    case 'transfer':
    case 'receiveSupplement':
    case 'confirmPayment':
      return 'in-progress';
    case 'requestSupplement':
      return 'supplement-requested';
    case 'requestPayment':
      return 'payment-requested';
    case 'extend':
      return from;
    case 'resolve':
      return 'resolved';
    case 'returnResult':
      return 'returned';
    case 'refuse':
      return from === 'submitted' ? 'not-accepted' : 'stopped';
    case 'withdraw':
      return 'withdrawn';
  }
}

// ---------------------------------------------------------------------------

describe('the transition table', () => {
  it('ALLOWED_FROM is exactly the table of the domain rules', () => {
    for (const type of ACTION_TYPES) {
      expect([...ALLOWED_FROM[type]].sort(), type).toEqual([...EXPECTED_ALLOWED[type]].sort());
    }
    expect(Object.keys(ALLOWED_FROM).sort()).toEqual([...ACTION_TYPES].sort());
  });

  it('the fixtures really are in the status they claim', () => {
    for (const status of STATUSES) expect(inStatus(status).status).toBe(status);
  });

  it.each(STATUSES)('allowedActions(%s) lists exactly the actions the table allows', (status) => {
    const expected = ACTION_TYPES.filter((type) => EXPECTED_ALLOWED[type].includes(status));
    expect([...allowedActions(status)].sort()).toEqual(expected.sort());
  });

  it('closed statuses allow nothing, and a resolved dossier only its return', () => {
    for (const status of ['not-accepted', 'withdrawn', 'stopped', 'returned'] as const) expect(allowedActions(status)).toEqual([]);
    expect(allowedActions('resolved')).toEqual(['returnResult']);
  });

  const pairs = STATUSES.flatMap((status) => ACTION_TYPES.map((type) => [status, type] as const));

  it.each(pairs)('from %s, %s', (status, type) => {
    const dossier = inStatus(status);
    const allowed = EXPECTED_ALLOWED[type].includes(status);
    if (!allowed) {
      const error = domainErrorOf(() => act(dossier, SAMPLE[type], at('2025-07-16T10:00')));
      expect(httpStatusOf(error)).toBe(409);
      expect(error.code).toBe('ACTION_NOT_ALLOWED');
      expect(details(error).status).toBe(status);
      expect([...(details(error).allowedActions as string[])].sort()).toEqual(
        ACTION_TYPES.filter((t) => EXPECTED_ALLOWED[t].includes(status)).sort(),
      );
      expect(error.messageEn).toContain(type);
      expect(error.messageEn).toContain(status);
      expect(error.messageVi).toContain(type);
      return;
    }
    const now = at('2025-07-16T10:00');
    const { dossier: next, event } = act(dossier, SAMPLE[type], now);
    expect(next.status).toBe(expectedNext(type, status));
    expect(next.code).toBe(dossier.code);
    expect(next.receivedAt).toBe(dossier.receivedAt);
    expect(next.applicant).toEqual(dossier.applicant);
    // The event announces the new state and fits the published event schema.
    expect(event.type).toBe(EVENT_OF[type]);
    expect(event.data.status).toBe(next.status);
    expect(event.data.statusCode).toBe(STATUS_CODES[next.status]);
    expect(event.data.dueAt).toBe(next.dueAt);
    expect(() => envelope(next, event, now)).not.toThrow();
  });
});

describe('accept and start processing', () => {
  it('an online dossier waits for an officer, then is accepted and processed', () => {
    const online = newDossier({ channel: 'online' });
    expect(online.status).toBe('submitted');
    const accepted = act(online, { type: 'accept' }, T1);
    expect(accepted.dossier.status).toBe('accepted');
    expect(accepted.event).toEqual({
      type: 'DossierAccepted',
      data: { status: 'accepted', statusCode: 2, dueAt: online.dueAt },
    });
    const started = act(accepted.dossier, { type: 'startProcessing' }, T1);
    expect(started.dossier.status).toBe('in-progress');
    expect(started.event.data.statusCode).toBe(4);
  });
});

describe('supplement', () => {
  // Received Monday 14 09:00; six working days; due Tuesday 22 at 17:00.
  const received = () => act(newDossier({ procedure: PAUSE }), { type: 'startProcessing' }, T1).dossier;

  it('the fixture is due on Tuesday 22 at 17:00', () => {
    expect(received().dueAt).toBe(iso('2025-07-22T17:00'));
  });

  it('records what is missing, the clock rule and the status to resume', () => {
    const now = at('2025-07-17T10:00');
    const missing = ['Bản sao giấy khai sinh', 'Xác nhận của trưởng thôn'];
    const { dossier, event } = act(received(), { type: 'requestSupplement', missing }, now, PAUSE);
    expect(dossier.status).toBe('supplement-requested');
    expect(dossier.supplement).toEqual({
      requestedAt: now.toISOString(),
      missing,
      clock: 'pause',
      remaining: { unit: 'workingDays', value: 3 }, // Fri 18, Mon 21, Tue 22
      closesAt: iso('2025-08-07T17:00'), // 15 working days after Thu 17: Fri 18 … Thu 7 August
      resumeStatus: 'in-progress',
      receivedAt: null,
    });
    expect(event).toEqual({
      type: 'DossierSupplementRequested',
      data: { status: 'supplement-requested', statusCode: 5, dueAt: dossier.dueAt, missing, clock: 'pause', closesAt: iso('2025-08-07T17:00') },
    });
  });

  it('needs at least one missing component, in writing', () => {
    expect(Action.safeParse({ type: 'requestSupplement', missing: [] }).success).toBe(false);
    expect(Action.safeParse({ type: 'requestSupplement' }).success).toBe(false);
    expect(Action.safeParse({ type: 'requestSupplement', missing: [' '] }).success).toBe(false);
  });

  it('may be requested only once, even after the first supplement was received', () => {
    const first = act(received(), { type: 'requestSupplement', missing: ['Bản sao giấy khai sinh'] }, at('2025-07-16T10:00'));
    const back = act(first.dossier, { type: 'receiveSupplement' }, at('2025-07-18T10:00'));
    expect(back.dossier.status).toBe('in-progress');
    const error = domainErrorOf(() => act(back.dossier, { type: 'requestSupplement', missing: ['Giấy tờ khác'] }, at('2025-07-21T10:00')));
    expect(httpStatusOf(error)).toBe(409);
    expect(error.code).toBe('SUPPLEMENT_ALREADY_REQUESTED');
    expect(details(error).requestedAt).toBe(iso('2025-07-16T10:00'));
  });

  it('pause: the clock resumes with the working days that were left', () => {
    const waiting = act(received(), { type: 'requestSupplement', missing: ['Bản sao giấy khai sinh'] }, at('2025-07-17T10:00'), PAUSE);
    // Completed on Wednesday 23, after the original appointment: 3 working days remain from then.
    const now = at('2025-07-23T10:00');
    const { dossier, event } = act(waiting.dossier, { type: 'receiveSupplement' }, now, PAUSE);
    expect(dossier.status).toBe('in-progress');
    expect(dossier.dueAt).toBe(iso('2025-07-28T17:00')); // Thu 24, Fri 25, Mon 28
    expect(dossier.supplement?.receivedAt).toBe(now.toISOString());
    expect(dossier.supplement?.missing).toEqual(['Bản sao giấy khai sinh']);
    expect(event).toEqual({
      type: 'DossierSupplementReceived',
      data: { status: 'in-progress', statusCode: 4, dueAt: iso('2025-07-28T17:00') },
    });
  });

  it('pause: a supplement completed after office hours counts from the next working day', () => {
    const waiting = act(received(), { type: 'requestSupplement', missing: ['Bản sao giấy khai sinh'] }, at('2025-07-17T10:00'), PAUSE);
    const { dossier } = act(waiting.dossier, { type: 'receiveSupplement' }, at('2025-07-23T17:30'), PAUSE);
    expect(dossier.dueAt).toBe(iso('2025-07-29T17:00')); // from Thu 24: Fri 25, Mon 28, Tue 29
  });

  it('pause: a supplement requested before the clock started leaves the whole time limit', () => {
    // Online, on Saturday 19: counting starts from Monday 21, due Tuesday 29.
    const online = newDossier({ channel: 'online', procedure: PAUSE, now: at('2025-07-19T10:00') });
    expect(online.dueAt).toBe(iso('2025-07-29T17:00'));
    const waiting = act(online, { type: 'requestSupplement', missing: ['Bản sao giấy khai sinh'] }, at('2025-07-19T11:00'), PAUSE);
    expect(waiting.dossier.supplement?.remaining).toEqual({ unit: 'workingDays', value: 6 });
    const { dossier } = act(waiting.dossier, { type: 'receiveSupplement' }, at('2025-07-22T09:00'), PAUSE);
    expect(dossier.status).toBe('submitted');
    expect(dossier.dueAt).toBe(iso('2025-07-30T17:00')); // six working days after Tue 22
  });

  it('pause: the same holds for a dossier received after the procedure cut-off', () => {
    const withCutoff = Procedure.parse({ ...PAUSE, cutoffTime: '15:00' });
    // Received Monday 14 at 15:30, after the cut-off: counts from Tuesday 15, due Wednesday 23.
    const late = newDossier({ procedure: withCutoff, now: at('2025-07-14T15:30') });
    expect(late.dueAt).toBe(iso('2025-07-23T17:00'));
    const waiting = act(late, { type: 'requestSupplement', missing: ['Bản sao giấy khai sinh'] }, at('2025-07-14T16:00'), withCutoff);
    expect(waiting.dossier.supplement?.remaining).toEqual({ unit: 'workingDays', value: 6 });
  });

  it('restart: the whole time limit counts again from the day the dossier is complete', () => {
    const start = act(newDossier({ procedure: RESTART }), { type: 'startProcessing' }, T1, RESTART).dossier;
    const waiting = act(start, { type: 'requestSupplement', missing: ['Bản sao giấy khai sinh'] }, at('2025-07-17T10:00'), RESTART);
    expect(waiting.dossier.supplement?.clock).toBe('restart');
    expect(waiting.dossier.supplement?.remaining).toBeNull();
    expect(waiting.event.data).toMatchObject({ clock: 'restart' });
    const { dossier } = act(waiting.dossier, { type: 'receiveSupplement' }, at('2025-07-23T10:00'), RESTART);
    expect(dossier.dueAt).toBe(iso('2025-07-31T17:00')); // Thu 24 … Thu 31: six working days
  });

  it('restart: completion after the procedure cut-off counts from the next working day', () => {
    const withCutoff = Procedure.parse({ ...RESTART, cutoffTime: '15:00' });
    const waiting = act(inStatus('in-progress'), { type: 'requestSupplement', missing: ['Bản sao'] }, at('2025-07-17T10:00'), withCutoff);
    const { dossier } = act(waiting.dossier, { type: 'receiveSupplement' }, at('2025-07-23T15:30'), withCutoff);
    expect(dossier.dueAt).toBe(iso('2025-08-01T17:00')); // counted from Thu 24: Fri 25 … Fri 1/8
  });

  it('the clock rule in force when the supplement was requested is the one applied on its return', () => {
    const waiting = act(received(), { type: 'requestSupplement', missing: ['Bản sao'] }, at('2025-07-17T10:00'), PAUSE);
    const { dossier } = act(waiting.dossier, { type: 'receiveSupplement' }, at('2025-07-23T10:00'), RESTART);
    expect(dossier.dueAt).toBe(iso('2025-07-28T17:00'));
  });

  it.each(['submitted', 'accepted', 'in-progress'] as const)('resumes the status it was requested from (%s)', (from) => {
    const waiting = act(inStatus(from), { type: 'requestSupplement', missing: ['Bản sao'] }, at('2025-07-16T10:00'));
    expect(waiting.dossier.supplement?.resumeStatus).toBe(from);
    const { dossier, event } = act(waiting.dossier, { type: 'receiveSupplement' }, at('2025-07-17T10:00'));
    expect(dossier.status).toBe(from);
    expect(event.data.status).toBe(from);
  });
});

describe('payment of fees', () => {
  it.each(['accepted', 'in-progress'] as const)('is requested from %s and resumes it when paid', (from) => {
    const requested = act(inStatus(from), { type: 'requestPayment', amountVnd: 50_000 }, at('2025-07-16T10:00'));
    expect(requested.dossier.status).toBe('payment-requested');
    expect(requested.dossier.payment).toEqual({
      amountVnd: 50_000,
      requestedAt: iso('2025-07-16T10:00'),
      paidAt: null,
      resumeStatus: from,
    });
    expect(requested.event.data).toMatchObject({ statusCode: 6, amountVnd: 50_000 });
    const paid = act(requested.dossier, { type: 'confirmPayment' }, at('2025-07-16T14:00'));
    expect(paid.dossier.status).toBe(from);
    expect(paid.dossier.payment?.paidAt).toBe(iso('2025-07-16T14:00'));
    expect(paid.event.type).toBe('DossierPaymentReceived');
  });

  it('rejects negative or fractional amounts', () => {
    expect(Action.safeParse({ type: 'requestPayment', amountVnd: -1 }).success).toBe(false);
    expect(Action.safeParse({ type: 'requestPayment', amountVnd: 10.5 }).success).toBe(false);
  });
});

describe('apology and new appointment (extend)', () => {
  // Received Monday 14 09:00 with five working days: due Monday 21 at 17:00.
  const dueMonday = () => act(newDossier({ procedure: FIVE_DAYS }), { type: 'startProcessing' }, T1, FIVE_DAYS).dossier;
  const extend = (newDueAt = iso('2025-07-25T17:00')): Action => ({
    type: 'extend',
    reason: 'Cần xác minh thêm với cơ quan thuế',
    newDueAt,
  });

  it('the fixture is due on Monday 21 at 17:00', () => {
    expect(dueMonday().dueAt).toBe(iso('2025-07-21T17:00'));
  });

  it('on the last working day before the deadline, sets the new appointment and keeps the first one', () => {
    const now = at('2025-07-18T16:00'); // Friday
    const { dossier, event } = act(dueMonday(), extend(), now, FIVE_DAYS);
    expect(dossier.status).toBe('in-progress');
    expect(dossier.dueAt).toBe(iso('2025-07-25T17:00'));
    expect(dossier.originalDueAt).toBe(iso('2025-07-21T17:00'));
    expect(dossier.extendedAt).toBe(now.toISOString());
    expect(event).toEqual({
      type: 'DossierExtended',
      data: {
        status: 'in-progress',
        statusCode: 4,
        dueAt: iso('2025-07-25T17:00'),
        previousDueAt: iso('2025-07-21T17:00'),
        reason: 'Cần xác minh thêm với cơ quan thuế',
      },
    });
  });

  it.each([
    ['on the deadline day', '2025-07-21T08:00'],
    ['after the deadline', '2025-07-22T09:00'],
    ['on the Saturday before a Monday deadline (Friday was the last working day)', '2025-07-19T10:00'],
    ['on the Sunday before a Monday deadline', '2025-07-20T10:00'],
  ])('is refused %s', (_, local) => {
    const error = domainErrorOf(() => act(dueMonday(), extend(), at(local), FIVE_DAYS));
    expect(httpStatusOf(error)).toBe(409);
    expect(error.code).toBe('APOLOGY_TOO_LATE');
    expect(details(error).dueAt).toBe(iso('2025-07-21T17:00'));
  });

  it('may set a new appointment only once', () => {
    const once = act(dueMonday(), extend(), at('2025-07-16T10:00'), FIVE_DAYS);
    const error = domainErrorOf(() => act(once.dossier, extend(iso('2025-07-30T17:00')), at('2025-07-17T10:00'), FIVE_DAYS));
    expect(httpStatusOf(error)).toBe(409);
    expect(error.code).toBe('ALREADY_EXTENDED');
    expect(details(error).extendedAt).toBe(iso('2025-07-16T10:00'));
  });

  it.each([
    ['the same as', '2025-07-21T17:00'],
    ['earlier than', '2025-07-21T10:00'],
  ])('refuses a new appointment %s the current one', (_, local) => {
    const error = domainErrorOf(() => act(dueMonday(), extend(iso(local)), at('2025-07-16T10:00'), FIVE_DAYS));
    expect(httpStatusOf(error)).toBe(422);
    expect(error.code).toBe('NEW_DUE_NOT_LATER');
  });

  it('needs a reason and a new appointment with its offset', () => {
    expect(Action.safeParse({ type: 'extend', newDueAt: iso('2025-07-25T17:00') }).success).toBe(false);
    expect(Action.safeParse({ type: 'extend', reason: '   ', newDueAt: iso('2025-07-25T17:00') }).success).toBe(false);
    expect(Action.safeParse({ type: 'extend', reason: 'Cần xác minh', newDueAt: '2025-07-25' }).success).toBe(false);
    expect(Action.safeParse({ type: 'extend', reason: 'Cần xác minh', newDueAt: '2025-07-25T17:00:00+07:00' }).success).toBe(true);
  });
});

describe('refusal', () => {
  it('of an online dossier not yet accepted: "not accepted", with the reason', () => {
    const { dossier, event } = act(inStatus('submitted'), { type: 'refuse', reason: 'Không thuộc thẩm quyền giải quyết' }, T1);
    expect(dossier.status).toBe('not-accepted');
    expect(dossier.closingReason).toBe('Không thuộc thẩm quyền giải quyết');
    expect(event).toEqual({
      type: 'DossierRefused',
      data: { status: 'not-accepted', statusCode: 3, dueAt: dossier.dueAt, reason: 'Không thuộc thẩm quyền giải quyết' },
    });
  });

  it.each(['accepted', 'in-progress', 'supplement-requested', 'payment-requested'] as const)(
    'of a dossier %s: processing stopped, with the reason',
    (from) => {
      const { dossier, event } = act(inStatus(from), { type: 'refuse', reason: 'Không đủ điều kiện' }, at('2025-07-16T10:00'));
      expect(dossier.status).toBe('stopped');
      expect(dossier.closingReason).toBe('Không đủ điều kiện');
      expect(event.data).toMatchObject({ statusCode: 8, reason: 'Không đủ điều kiện' });
    },
  );

  it.each([
    ['no reason', { type: 'refuse' }],
    ['an empty reason', { type: 'refuse', reason: '' }],
    ['a blank reason', { type: 'refuse', reason: '          ' }],
    ['a reason too short to say anything', { type: 'refuse', reason: 'no' }],
  ])('needs a reason: %s is rejected', (_, action) => {
    expect(Action.safeParse(action).success).toBe(false);
  });

  it('the reason is stored trimmed', () => {
    const { dossier } = act(inStatus('accepted'), { type: 'refuse', reason: '  Không đủ điều kiện  ' }, T1);
    expect(dossier.closingReason).toBe('Không đủ điều kiện');
  });
});

describe('withdrawal at the citizen request', () => {
  it.each(['submitted', 'accepted', 'in-progress', 'supplement-requested', 'payment-requested'] as const)(
    'is allowed while no result was issued (%s)',
    (from) => {
      const { dossier, event } = act(inStatus(from), { type: 'withdraw', reason: 'Công dân không còn nhu cầu' }, at('2025-07-16T10:00'));
      expect(dossier.status).toBe('withdrawn');
      expect(dossier.closingReason).toBe('Công dân không còn nhu cầu');
      expect(event.type).toBe('DossierWithdrawn');
      expect(event.data.statusCode).toBe(7);
    },
  );

  it('without a reason still records why it closed', () => {
    const { dossier } = act(inStatus('in-progress'), { type: 'withdraw' }, T1);
    expect(dossier.closingReason).toBeTruthy();
  });

  it.each(['resolved', 'returned'] as const)('is refused once a result exists (%s)', (from) => {
    const error = domainErrorOf(() => act(inStatus(from), { type: 'withdraw' }, at('2025-07-16T10:00')));
    expect(httpStatusOf(error)).toBe(409);
    expect(error.code).toBe('ACTION_NOT_ALLOWED');
  });
});

describe('inter-agency transfer', () => {
  it('records each hand-off with sender, receiver and time, and moves the dossier', () => {
    const first = act(inStatus('in-progress'), { type: 'transfer', toAgency: DISTRICT.code, note: 'Chuyển phòng Tư pháp thẩm định' }, at('2025-07-16T10:15'));
    expect(first.dossier.status).toBe('in-progress');
    expect(first.dossier.handlingAgency).toBe(DISTRICT.code);
    expect(first.dossier.agencyCode).toBe(WARD.code); // the receiving agency never changes
    // Without an allotment, the leg has until the dossier's own appointment, Tuesday 22.
    const due = first.dossier.dueAt!;
    expect(due).toBe(iso('2025-07-22T17:00'));
    expect(first.dossier.transfers).toEqual([
      { leg: 1, fromAgency: WARD.code, toAgency: DISTRICT.code, at: iso('2025-07-16T10:15'), note: 'Chuyển phòng Tư pháp thẩm định', dueAt: due, closedAt: null, verdict: null },
    ]);
    expect(first.event).toEqual({
      type: 'DossierTransferred',
      data: { status: 'in-progress', statusCode: 4, dueAt: due, fromAgency: WARD.code, toAgency: DISTRICT.code, leg: 1, legDueAt: due },
    });

    // The district hands on within one allotted working day: its leg closes, judged on its own.
    const second = act(first.dossier, { type: 'transfer', toAgency: PROVINCE_CENTRE.code, allottedWorkingDays: 1 }, at('2025-07-17T14:40'));
    expect(second.dossier.handlingAgency).toBe(PROVINCE_CENTRE.code);
    expect(second.dossier.transfers).toHaveLength(2);
    expect(second.dossier.transfers[0]).toEqual({ ...first.dossier.transfers[0], closedAt: iso('2025-07-17T14:40'), verdict: 'early' }); // its leg was due Tue 22
    expect(second.dossier.transfers[1]).toEqual({
      leg: 2,
      fromAgency: DISTRICT.code,
      toAgency: PROVINCE_CENTRE.code,
      at: iso('2025-07-17T14:40'),
      dueAt: iso('2025-07-18T17:00'), // one working day after Thu 17
      allottedWorkingDays: 1,
      closedAt: null,
      verdict: null,
    });
    expect(second.event.data).toMatchObject({
      fromAgency: DISTRICT.code,
      toAgency: PROVINCE_CENTRE.code,
      leg: 2,
      legDueAt: iso('2025-07-18T17:00'),
      closedLeg: { leg: 1, toAgency: DISTRICT.code, closedAt: iso('2025-07-17T14:40'), verdict: 'early' },
    });

    // The centre resolves on Monday 21: one working day late on its leg.
    const resolved = act(second.dossier, { type: 'resolve' }, at('2025-07-21T09:00'));
    expect(resolved.dossier.transfers[1]).toMatchObject({ closedAt: iso('2025-07-21T09:00'), verdict: 'late' });
    expect(resolved.event.data).toMatchObject({ closedLeg: { leg: 2, toAgency: PROVINCE_CENTRE.code, verdict: 'late' } });
    expect(resolved.dossier.transfers[0]).toEqual(second.dossier.transfers[0]);
  });

  it('refuses an agency that does not exist', () => {
    const error = domainErrorOf(() => act(inStatus('in-progress'), { type: 'transfer', toAgency: 'H99.1' }, T1));
    expect(httpStatusOf(error)).toBe(422);
    expect(error.code).toBe('UNKNOWN_AGENCY');
    expect(details(error).toAgency).toBe('H99.1');
  });

  it('refuses a transfer to the agency that already holds the dossier', () => {
    const error = domainErrorOf(() => act(inStatus('in-progress'), { type: 'transfer', toAgency: WARD.code }, T1));
    expect(httpStatusOf(error)).toBe(422);
    expect(error.code).toBe('SAME_AGENCY');
  });
});

describe('resolution and timeliness', () => {
  // Due Tuesday 22 at 17:00.
  it.each([
    ['early', 'before the appointment day', '2025-07-21T16:00'],
    ['on-time', 'on the appointment day', '2025-07-22T09:00'],
    ['on-time', 'on the appointment day, even after office hours', '2025-07-22T18:30'],
    ['late', 'after the appointment day', '2025-07-23T08:00'],
  ] as const)('is %s when resolved %s', (verdict, _, local) => {
    const now = at(local);
    const { dossier, event } = act(inStatus('in-progress'), { type: 'resolve' }, now);
    expect(dossier.status).toBe('resolved');
    expect(dossier.resolvedAt).toBe(now.toISOString());
    expect(dossier.verdict).toBe(verdict);
    expect(event).toEqual({
      type: 'DossierResolved',
      data: { status: 'resolved', statusCode: 9, dueAt: iso('2025-07-22T17:00'), resolvedAt: now.toISOString(), verdict },
    });
  });

  it('after an apology, is judged against the statutory appointment and records whether the new one was kept', () => {
    const extended = act(inStatus('in-progress'), { type: 'extend', reason: 'Cần xác minh thêm', newDueAt: iso('2025-07-25T17:00') }, at('2025-07-17T10:00'));
    const kept = act(extended.dossier, { type: 'resolve' }, at('2025-07-24T10:00'));
    expect(kept.dossier.verdict).toBe('late');
    expect(kept.dossier.appointmentKept).toBe(true);
    expect(kept.event.data).toMatchObject({ verdict: 'late', appointmentKept: true });
    const missed = act(extended.dossier, { type: 'resolve' }, at('2025-07-28T10:00'));
    expect(missed.dossier).toMatchObject({ verdict: 'late', appointmentKept: false });
    const early = act(extended.dossier, { type: 'resolve' }, at('2025-07-18T10:00'));
    expect(early.dossier).toMatchObject({ verdict: 'early', appointmentKept: true });
  });

  it('refuses a new appointment more than a year away (a typing mistake, not an apology)', () => {
    const error = domainErrorOf(() => act(inStatus('in-progress'), { type: 'extend', reason: 'Cần xác minh thêm', newDueAt: iso('2207-07-25T17:00') }, at('2025-07-17T10:00')));
    expect(httpStatusOf(error)).toBe(422);
    expect(error.code).toBe('NEW_DUE_TOO_FAR');
  });

  it('refuses a new appointment outside office hours', () => {
    const error = domainErrorOf(() => act(inStatus('in-progress'), { type: 'extend', reason: 'Cần xác minh thêm', newDueAt: iso('2025-07-25T03:00') }, at('2025-07-17T10:00')));
    expect(httpStatusOf(error)).toBe(422);
    expect(error.code).toBe('NEW_DUE_OUTSIDE_OFFICE_HOURS');
  });

  it('refuses a new appointment on a non-working day', () => {
    const error = domainErrorOf(() => act(inStatus('in-progress'), { type: 'extend', reason: 'Cần xác minh thêm', newDueAt: iso('2025-07-26T10:00') }, at('2025-07-17T10:00')));
    expect(httpStatusOf(error)).toBe(422);
    expect(error.code).toBe('NEW_DUE_NOT_WORKING_DAY');
  });
});

describe('returning the result', () => {
  const resolvedWith = (delivery: Delivery) =>
    act(act(newDossier({ delivery }), { type: 'startProcessing' }, T1).dossier, { type: 'resolve' }, at('2025-07-16T10:00')).dossier;

  it.each(['counter', 'online'] as const)('returns a result delivered %s', (method) => {
    const now = at('2025-07-17T09:30');
    const { dossier, event } = act(resolvedWith({ method }), { type: 'returnResult' }, now);
    expect(dossier.status).toBe('returned');
    expect(dossier.returnedAt).toBe(now.toISOString());
    expect(dossier.verdict).toBe('early'); // frozen at resolution
    expect(event).toEqual({
      type: 'DossierResultReturned',
      data: { status: 'returned', statusCode: 10, dueAt: dossier.dueAt, method },
    });
  });

  it('refuses to hand over at the counter a result that goes back by post', () => {
    const postal = resolvedWith({ method: 'postal', address: 'Số 12 đường Lê Lợi, phường Hòa Bình' });
    const error = domainErrorOf(() => act(postal, { type: 'returnResult' }, at('2025-07-17T09:30')));
    expect(httpStatusOf(error)).toBe(409);
    expect(error.code).toBe('POSTAL_RETURN');
  });
});

describe('a whole life', () => {
  it('produces one event per action, each announcing the state it leads to, and the code never changes', () => {
    const steps: [Action, string][] = [
      [{ type: 'accept' }, '2025-07-14T10:00'],
      [{ type: 'startProcessing' }, '2025-07-14T10:30'],
      [{ type: 'requestSupplement', missing: ['Bản sao giấy khai sinh'] }, '2025-07-15T09:00'],
      [{ type: 'receiveSupplement' }, '2025-07-16T09:00'],
      [{ type: 'requestPayment', amountVnd: 20_000 }, '2025-07-16T10:00'],
      [{ type: 'confirmPayment' }, '2025-07-16T11:00'],
      [{ type: 'transfer', toAgency: DISTRICT.code }, '2025-07-16T14:00'],
      [{ type: 'extend', reason: 'Chờ ý kiến cơ quan phối hợp', newDueAt: iso('2025-07-31T17:00') }, '2025-07-21T09:00'],
      [{ type: 'resolve' }, '2025-07-30T15:00'],
      [{ type: 'returnResult' }, '2025-07-31T08:00'],
    ];
    let dossier = newDossier({ channel: 'online', now: at('2025-07-14T08:00') });
    const history: DomainEvent[] = [];
    for (const [action, local] of steps) {
      const decision = act(dossier, action, at(local));
      dossier = decision.dossier;
      history.push(envelope(dossier, decision.event, at(local)));
      expect(decision.event.data.status).toBe(dossier.status);
    }
    expect(history.map((event) => event.type)).toEqual(steps.map(([action]) => EVENT_OF[action.type]));
    expect(history.map((event) => event.data.status)).toEqual([
      'accepted',
      'in-progress',
      'supplement-requested',
      'in-progress',
      'payment-requested',
      'in-progress',
      'in-progress',
      'in-progress',
      'resolved',
      'returned',
    ]);
    expect(new Set(history.map((event) => event.dossierCode))).toEqual(new Set(['H38.22.1-250714-0001']));
    expect(dossier.code).toBe('H38.22.1-250714-0001');
    // Resolved the day before the apology's new appointment, but after the statutory one.
    expect(dossier.verdict).toBe('late');
    expect(dossier.appointmentKept).toBe(true);
    expect(allowedActions(dossier.status)).toEqual([]);
  });
});

describe('stopping the clock never shortens a deadline, nor hides a late one', () => {
  const supplementRequest: Action = { type: 'requestSupplement', missing: ['Bản sao giấy khai sinh'] };

  it('pause after an apology: the statutory appointment moves by the same stop as the new one', () => {
    // Due Tue 22/7 (the fixture); apology on Tue 15/7 moves it to Fri 25/7.
    const extended = act(inStatus('in-progress'), { type: 'extend', reason: 'Cần xác minh thêm', newDueAt: iso('2025-07-25T17:00') }, at('2025-07-15T10:00'), PAUSE).dossier;
    expect(extended.originalDueAt).toBe(iso('2025-07-22T17:00'));
    // Stopped on Wed 16/7 10:00: 4 working days left on the statutory one (17, 18, 21, 22), 7 on the new one.
    const waiting = act(extended, supplementRequest, at('2025-07-16T10:00'), PAUSE).dossier;
    expect(waiting.supplement).toMatchObject({ remaining: { unit: 'workingDays', value: 7 }, remainingStatutory: { unit: 'workingDays', value: 4 } });
    // Completed Mon 4/8: statutory Fri 8/8, new appointment Wed 13/8.
    const resumed = act(waiting, { type: 'receiveSupplement' }, at('2025-08-04T09:00'), PAUSE).dossier;
    expect(resumed.originalDueAt).toBe(iso('2025-08-08T17:00'));
    expect(resumed.dueAt).toBe(iso('2025-08-13T17:00'));
    const resolved = act(resumed, { type: 'resolve' }, at('2025-08-07T10:00'), PAUSE).dossier;
    expect(resolved).toMatchObject({ verdict: 'early', appointmentKept: true });
  });

  it('restart after an apology: the whole limit again for the statutory appointment too', () => {
    const extended = act(inStatus('in-progress'), { type: 'extend', reason: 'Cần xác minh thêm', newDueAt: iso('2025-07-25T17:00') }, at('2025-07-15T10:00'), RESTART).dossier;
    const waiting = act(extended, supplementRequest, at('2025-07-16T10:00'), RESTART).dossier;
    const resumed = act(waiting, { type: 'receiveSupplement' }, at('2025-08-04T09:00'), RESTART).dossier;
    expect(resumed.originalDueAt).toBe(resumed.dueAt);
    expect(new Date(resumed.dueAt!).getTime()).toBeGreaterThan(at('2025-08-04T09:00').getTime());
    expect(act(resumed, { type: 'resolve' }, at('2025-08-06T10:00'), RESTART).dossier.verdict).toBe('early');
  });

  it('restart never brings an apology\'s appointment earlier: the citizen keeps the later date', () => {
    const extended = act(inStatus('in-progress'), { type: 'extend', reason: 'Cần xác minh thêm', newDueAt: iso('2025-08-08T17:00') }, at('2025-07-15T10:00'), RESTART).dossier;
    const waiting = act(extended, supplementRequest, at('2025-07-16T10:00'), RESTART).dossier;
    // Back on Thu 17/7: the statutory six working days restart (Fri 25/7); the promised Fri 8/8 stays.
    const resumed = act(waiting, { type: 'receiveSupplement' }, at('2025-07-17T09:00'), RESTART).dossier;
    expect(resumed.originalDueAt).toBe(iso('2025-07-25T17:00'));
    expect(resumed.dueAt).toBe(iso('2025-08-08T17:00'));
  });

  it('moves the open transfer leg by the same stop', () => {
    // Handed to the district on Tue 15/7 with 3 working days: its leg is due Fri 18/7.
    const handed = act(inStatus('in-progress'), { type: 'transfer', toAgency: DISTRICT.code, allottedWorkingDays: 3 }, at('2025-07-15T10:00'), PAUSE).dossier;
    expect(handed.transfers[0]!.dueAt).toBe(iso('2025-07-18T17:00'));
    // Stopped Wed 16/7 with 2 working days left on the leg (17, 18); completed Mon 4/8: due Wed 6/8.
    const waiting = act(handed, supplementRequest, at('2025-07-16T10:00'), PAUSE).dossier;
    const resumed = act(waiting, { type: 'receiveSupplement' }, at('2025-08-04T09:00'), PAUSE).dossier;
    expect(resumed.transfers[0]!.dueAt).toBe(iso('2025-08-06T17:00'));
    expect(act(resumed, { type: 'resolve' }, at('2025-08-05T10:00'), PAUSE).dossier.transfers[0]).toMatchObject({ verdict: 'early' });
    // With restart the leg gets its whole allotment again: Thu 7/8.
    const restarted = act(act(act(inStatus('in-progress'), { type: 'transfer', toAgency: DISTRICT.code, allottedWorkingDays: 3 }, at('2025-07-15T10:00'), RESTART).dossier, supplementRequest, at('2025-07-16T10:00'), RESTART).dossier, { type: 'receiveSupplement' }, at('2025-08-04T09:00'), RESTART).dossier;
    expect(restarted.transfers[0]!.dueAt).toBe(iso('2025-08-07T17:00'));
  });

  it('refuses to stop the clock of a dossier already overdue', () => {
    const error = domainErrorOf(() => act(inStatus('in-progress'), supplementRequest, at('2025-07-23T09:00'), PAUSE));
    expect(httpStatusOf(error)).toBe(409);
    expect(error.code).toBe('DOSSIER_OVERDUE');
    // On the appointment day itself it is not overdue yet.
    expect(act(inStatus('in-progress'), supplementRequest, at('2025-07-22T16:00'), PAUSE).dossier.status).toBe('supplement-requested');
  });

  it('judges "overdue" against the statutory appointment, not an apology\'s later one', () => {
    // Due Tue 22/7; apology on Tue 15/7 to Thu 31/7; on Thu 24/7 the dossier is late by law.
    const extended = act(inStatus('in-progress'), { type: 'extend', reason: 'Cần xác minh thêm', newDueAt: iso('2025-07-31T17:00') }, at('2025-07-15T10:00'), PAUSE).dossier;
    const error = domainErrorOf(() => act(extended, supplementRequest, at('2025-07-24T10:00'), PAUSE));
    expect(error.code).toBe('DOSSIER_OVERDUE');
    expect(act(extended, { type: 'resolve' }, at('2025-07-25T10:00'), PAUSE).dossier).toMatchObject({ verdict: 'late', appointmentKept: true });
  });

  it('refuses a supplement brought after the closing period', () => {
    const waiting = act(inStatus('in-progress'), supplementRequest, at('2025-07-16T10:00'), PAUSE).dossier;
    const error = domainErrorOf(() => act(waiting, { type: 'receiveSupplement' }, new Date(new Date(waiting.supplement!.closesAt!).getTime() + 60_000), PAUSE));
    expect(httpStatusOf(error)).toBe(409);
    expect(error.code).toBe('SUPPLEMENT_EXPIRED');
  });

  it('closes an open leg when the dossier is refused or withdrawn', () => {
    const handed = act(inStatus('in-progress'), { type: 'transfer', toAgency: DISTRICT.code }, at('2025-07-15T10:00')).dossier;
    for (const action of [{ type: 'refuse', reason: 'Không đủ điều kiện' }, { type: 'withdraw' }] as const) {
      expect(act(handed, action, at('2025-07-16T10:00')).dossier.transfers[0]).toMatchObject({ closedAt: iso('2025-07-16T10:00'), verdict: 'early' });
    }
  });
});
