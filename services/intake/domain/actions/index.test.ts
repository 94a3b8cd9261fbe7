import { describe, expect, it } from 'vitest';
import { DomainEvent as AnyEvent } from '../../../../libs/events/catalog.ts';
import type { IntakeEvent as DomainEvent, IntakeEventType as DomainEventType } from '../../../../libs/events/intake.ts';
import { httpStatusOf } from '../../../../libs/platform/http.ts';
import { domainErrorOf } from '../../../../tests/support/domain-error.ts';
import { CLOCK_RUNNING, STATUS_CODES, type Dossier, type Status } from '../dossier.ts';
import { act, at, details, DISTRICT, envelope, inStatus, iso, newDossier } from './fixtures.ts';
import {
  ACTIONS,
  ALLOWED_FROM,
  allowedActions,
  decide,
  OfficerAction,
  type ActionInput,
  type ActionType,
  type OfficerActionType,
} from './index.ts';

const STATUSES = Object.keys(STATUS_CODES) as Status[];

/** The rules as this test reads docs/domain.md, written out independently of the action modules. */
const EXPECTED_ALLOWED: Record<OfficerActionType, Status[]> = {
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
const ACTION_TYPES = Object.keys(EXPECTED_ALLOWED) as OfficerActionType[];

/** The systems' actions: the deadline watch on dossiers whose clock runs or waits, the post on results it delivers or cannot. */
const EXPECTED_SYSTEM: Record<Exclude<ActionType, OfficerActionType>, Status[]> = {
  dueSoon: ['submitted', 'accepted', 'in-progress', 'payment-requested'],
  overdue: ['submitted', 'accepted', 'in-progress', 'payment-requested'],
  expireSupplement: ['supplement-requested'],
  deliverByPost: ['resolved'],
  redirectToCounter: ['resolved'],
};
const SYSTEM_TYPES = Object.keys(EXPECTED_SYSTEM) as Exclude<ActionType, OfficerActionType>[];

/** One valid action of each type. */
const SAMPLE: Record<OfficerActionType, OfficerAction> = {
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
const SYSTEM_SAMPLE: Record<Exclude<ActionType, OfficerActionType>, ActionInput> = {
  dueSoon: { type: 'dueSoon', margin: { unit: 'workingDays', value: 1 } },
  overdue: { type: 'overdue' },
  expireSupplement: { type: 'expireSupplement' },
  deliverByPost: { type: 'deliverByPost', occurredAt: iso('2025-07-17T10:00'), recipientName: 'Nguyễn Văn An' },
  redirectToCounter: { type: 'redirectToCounter', reason: 'repeated_failures', failedAttempts: 3, occurredAt: iso('2025-07-17T10:00') },
};

const EVENT_OF: Record<OfficerActionType, DomainEventType> = {
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
function expectedNext(type: OfficerActionType, from: Status): Status {
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
    for (const type of SYSTEM_TYPES) {
      expect([...ALLOWED_FROM[type]].sort(), type).toEqual([...EXPECTED_SYSTEM[type]].sort());
    }
    expect(Object.keys(ALLOWED_FROM).sort()).toEqual([...ACTION_TYPES, ...SYSTEM_TYPES].sort());
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

  const systemPairs = STATUSES.flatMap((status) => SYSTEM_TYPES.filter((type) => !EXPECTED_SYSTEM[type].includes(status)).map((type) => [status, type] as const));

  it.each(systemPairs)('from %s, the system action %s is refused, naming what that system may do', (status, type) => {
    const error = domainErrorOf(() => decide(inStatus(status), SYSTEM_SAMPLE[type], { now: at('2025-07-16T10:00') }));
    expect(error.code).toBe('ACTION_NOT_ALLOWED');
    expect(details(error).status).toBe(status);
    const performer = ACTIONS[type].performedBy;
    const sameSystem = SYSTEM_TYPES.filter((t) => ACTIONS[t].performedBy.id === performer.id && EXPECTED_SYSTEM[t].includes(status));
    expect([...(details(error).allowedActions as string[])].sort()).toEqual(sameSystem.sort());
  });
});

describe('the registry', () => {
  it('keys every module by the type its input schema carries', () => {
    for (const type of [...ACTION_TYPES, ...SYSTEM_TYPES]) expect(ACTIONS[type].input.shape.type.value).toBe(type);
  });

  it('says who performs each action: officers theirs, the deadline watch its warnings, the post its deliveries and failures', () => {
    for (const type of ACTION_TYPES) expect(ACTIONS[type].performedBy).toEqual({ kind: 'officer' });
    for (const type of ['dueSoon', 'overdue', 'expireSupplement'] as const) expect(ACTIONS[type].performedBy).toEqual({ kind: 'system', id: 'deadline-watch' });
    for (const type of ['deliverByPost', 'redirectToCounter'] as const) expect(ACTIONS[type].performedBy).toEqual({ kind: 'system', id: 'postal' });
    expect(EXPECTED_SYSTEM.dueSoon).toEqual(CLOCK_RUNNING);
  });

  it('lets officers send only their own actions, in the wire format {type, ...fields}', () => {
    for (const type of ACTION_TYPES) expect(OfficerAction.safeParse(SAMPLE[type]).success, type).toBe(true);
    for (const type of SYSTEM_TYPES) expect(OfficerAction.safeParse(SYSTEM_SAMPLE[type]).success, type).toBe(false);
    expect(OfficerAction.safeParse({ type: 'receive' }).success).toBe(false);
    expect(OfficerAction.safeParse({ type: 'accept', extra: 1 }).success).toBe(false);
  });

  it('decides an officer action only with an officer\'s context (the types say so)', () => {
    const dossier = newDossier({ channel: 'online' });
    // @ts-expect-error an officer's action needs the calendar and the catalog, not just the time
    expect(() => decide(dossier, { type: 'accept' }, { now: at('2025-07-16T10:00') })).not.toThrow();
  });
});

describe('a whole life', () => {
  it('produces one event per action, each announcing the state it leads to, and the code never changes', () => {
    const steps: [OfficerAction, string][] = [
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
    let dossier: Dossier = newDossier({ channel: 'online', now: at('2025-07-14T08:00') });
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
