import { describe, expect, it } from 'vitest';
import { deadlineClock } from '../../../libs/calendar/deadlines.ts';
import { weekdaysOnly } from '../../../libs/calendar/working-days.ts';
import { DomainEvent as AnyEvent } from '../../../libs/events/catalog.ts';
import type { IntakeEvent as DomainEvent } from '../../../libs/events/intake.ts';
import agencies from '../data/agencies.json' with { type: 'json' };
import procedures from '../data/procedures.json' with { type: 'json' };
import { act, DELIVERY_ADDRESS, envelope, PICKUP_ADDRESS, inStatus, newDossier, PAUSE, PROVINCE_CENTRE, warn } from './actions/fixtures.ts';
import { allowedActions, decide, OfficerAction, receive, type ActionInput } from './actions/index.ts';
import { Agency, Procedure } from './catalog.ts';
import { assertComplete, checkComponents } from './components.ts';
import { STATUS_CODES, STATUS_LABELS_VI, Submission, type Dossier, type Status } from './dossier.ts';
import { CitizenView, citizenView, OfficerView, officerView, Receipt, receipt } from './views.ts';

const clock = deadlineClock(weekdaysOnly);

const at = (local: string): Date => new Date(`${local}:00+07:00`);

const AGENCIES = (agencies as unknown[]).map((raw) => Agency.parse(raw));
const WARD = AGENCIES.find((a) => a.code === 'H38.22.1')!;
const DISTRICT = AGENCIES.find((a) => a.code === 'H38.22')!;
/** Household business registration, from the published catalogue. */
const PROCEDURE = Procedure.parse((procedures as unknown[]).find((raw) => (raw as { code: string }).code === '1.001612'));

const PERSON = {
  fullName: 'Hoàng Thị Mai Lan',
  idNumber: '036185004321',
  phone: '0978123456',
  email: 'mailan.hoang@example.vn',
  address: 'Số 27 ngõ 4 đường Nguyễn Trãi, phường Tân An',
};
const OFFICER_ID = 'can-bo-0042';

/** A postal-delivery dossier that went through several actions, with its stored history. */
function dossierWithHistory(): { dossier: Dossier; history: DomainEvent[] } {
  const submission = Submission.parse({
    procedureCode: PROCEDURE.code,
    agencyCode: WARD.code,
    channel: 'online',
    applicant: PERSON,
    documents: PROCEDURE.components.filter((c) => c.required).map((c) => ({ code: c.code })),
    resultDelivery: { method: 'postal', address: DELIVERY_ADDRESS },
  });
  const received = receive({
    submission,
    documents: assertComplete(checkComponents(PROCEDURE, submission.documents)),
    procedure: PROCEDURE,
    agency: WARD,
    code: 'H38.22.1-250714-0003',
    now: at('2025-07-14T09:00'),
    clock,
  });
  let dossier = received.dossier;
  const events: { type: string; data: unknown; at: Date }[] = [{ ...received.event, at: at('2025-07-14T09:00') }];
  const steps: [OfficerAction, string][] = [
    [{ type: 'accept' }, '2025-07-14T10:00'],
    [{ type: 'requestSupplement', missing: [`Giấy tờ của bà ${PERSON.fullName}, CCCD ${PERSON.idNumber}`] }, '2025-07-14T11:00'],
    [{ type: 'receiveSupplement' }, '2025-07-15T09:00'],
    [{ type: 'startProcessing' }, '2025-07-15T10:00'],
    [{ type: 'transfer', toAgency: DISTRICT.code, note: `Gọi ${PERSON.phone} khi có kết quả` }, '2025-07-15T11:00'],
  ];
  for (const [action, local] of steps) {
    const decision = decide(dossier, OfficerAction.parse(action), {
      now: at(local),
      clock,
      procedure: PROCEDURE,
      agencyExists: (code) => AGENCIES.some((a) => a.code === code),
    });
    dossier = decision.dossier;
    events.push({ ...decision.event, at: at(local) });
  }
  const history = events.map((event, i) =>
    AnyEvent.parse({
      eventId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      type: event.type,
      version: 1,
      occurredAt: event.at.toISOString(),
      sequence: i + 1,
      dossierCode: dossier.code,
      agencyCode: dossier.agencyCode,
      procedureCode: dossier.procedureCode,
      actor: { kind: 'officer', id: OFFICER_ID, agency: WARD.code },
      data: event.data,
    }) as DomainEvent, // the schema's inferred type is wider than the DomainEvent union it validates
  );
  return { dossier, history };
}

describe('citizenView', () => {
  const { dossier, history } = dossierWithHistory();
  const view = citizenView(dossier, history, at('2025-07-16T10:00'));
  const text = JSON.stringify(view);

  it('the fixture really holds the personal data the view must leave out', () => {
    const full = JSON.stringify(dossier);
    for (const value of [...Object.values(PERSON), ...Object.values(DELIVERY_ADDRESS)]) expect(full).toContain(value);
  });

  it.each([
    ['name', PERSON.fullName],
    ['ID number', PERSON.idNumber],
    ['phone', PERSON.phone],
    ['email', PERSON.email],
    ['address', PERSON.address],
    ['result delivery address (street)', DELIVERY_ADDRESS.line],
    ['officer identity', OFFICER_ID],
  ])('carries no %s', (_, value) => {
    expect(text).not.toContain(value);
  });

  it('carries no personal-data field names either', () => {
    for (const key of ['applicant', 'fullName', 'idNumber', 'phone', 'email', 'address', 'unstructuredAddress', 'pickupAddress', 'actor', 'documents', 'transfers', 'supplement']) {
      expect(text).not.toContain(`"${key}"`);
    }
  });

  it('shows progress: code, procedure, status, appointment and the history of statuses', () => {
    expect(view).toEqual({
      code: 'H38.22.1-250714-0003',
      procedure: { code: PROCEDURE.code, name: PROCEDURE.name },
      status: 'in-progress',
      statusCode: 4,
      statusLabel: STATUS_LABELS_VI['in-progress'],
      receivedAt: dossier.receivedAt,
      dueAt: dossier.dueAt,
      dueAtLocal: '17:00 18/07/2025',
      standing: 'within-deadline',
      resolvedAt: null,
      resultDelivery: { method: 'postal' },
      history: history.map((event) => ({ type: event.type, at: event.occurredAt, status: event.data.status })),
    });
    expect(view.history.map((entry) => entry.status)).toEqual([
      'submitted',
      'accepted',
      'supplement-requested',
      'accepted',
      'in-progress',
      'in-progress',
    ]);
  });
});

describe('officerView', () => {
  const { dossier, history } = dossierWithHistory();
  const view = officerView(dossier, history, at('2025-07-16T10:00'));

  it('shows the whole dossier, with the applicant', () => {
    expect(view).toMatchObject(dossier);
    expect(view.applicant).toEqual({ ...PERSON });
    expect(view.handlingAgency).toBe(DISTRICT.code);
  });

  it('says what may be done next and how the status reads', () => {
    expect(view.allowedActions).toEqual(allowedActions('in-progress'));
    expect(view.allowedActions).toContain('resolve');
    expect(view.statusCode).toBe(4);
    expect(view.statusLabel).toBe('Đang giải quyết');
  });

  it('lists the history with who did what and when', () => {
    expect(view.history).toHaveLength(history.length);
    expect(view.history[0]).toEqual({
      type: 'DossierReceived',
      at: history[0]!.occurredAt,
      actor: { kind: 'officer', id: OFFICER_ID, agency: WARD.code },
      data: history[0]!.data,
    });
    expect(view.history.map((entry) => entry.type)).toEqual(history.map((event) => event.type));
  });
});

describe('receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả)', () => {
  const { dossier } = dossierWithHistory();
  const printed = receipt(dossier, PROCEDURE, WARD);

  it('shows what docs/domain.md lists: code, applicant, components, time limit, times and where the result goes', () => {
    expect(printed.code).toBe(dossier.code);
    expect(printed.applicant).toEqual({ ...PERSON });
    expect(printed.documents).toEqual(dossier.documents);
    expect(printed.documents.every((document) => document.copies >= 1 && document.name.length > 0)).toBe(true);
    expect(printed.procedure).toEqual({ code: PROCEDURE.code, name: PROCEDURE.name, timeLimit: PROCEDURE.timeLimit, fees: PROCEDURE.fees });
    expect(printed.receivedAt).toBe(dossier.receivedAt);
    expect(printed.dueAt).toBe(dossier.dueAt);
    expect(printed.dueAtLocal).toBe('17:00 18/07/2025'); // hour, minute and date, Vietnam time
    expect(printed.resultDelivery).toEqual({ method: 'postal', address: DELIVERY_ADDRESS });
    expect(printed.agency).toEqual({ code: WARD.code, name: WARD.name });
    expect(printed.channel).toBe('online');
    expect(printed.statusLabel).toBe(STATUS_LABELS_VI[dossier.status]);
    expect(printed).not.toHaveProperty('pickupAddress');
  });

  it('of a dossier filed by post: where the partner collected it, as the API schema says', () => {
    const byPost = receipt(newDossier({ channel: 'postal', procedure: PAUSE }), PAUSE, WARD);
    expect(byPost.pickupAddress).toEqual(PICKUP_ADDRESS);
    expect(Receipt.safeParse(byPost).success).toBe(true);
  });
});

describe('standing and what the citizen must do', () => {
  const { dossier, history } = dossierWithHistory();

  it('is within deadline until the appointment day has passed, then overdue', () => {
    expect(dossier.dueAt).toBe(at('2025-07-18T17:00').toISOString()); // three working days after Tue 15
    expect(citizenView(dossier, history, at('2025-07-18T20:00')).standing).toBe('within-deadline');
    expect(citizenView(dossier, history, at('2025-07-19T08:00')).standing).toBe('overdue');
    expect(officerView(dossier, history, at('2025-07-19T08:00')).standing).toBe('overdue');
  });

  it('shows what is missing while the clock waits for the citizen, who is never overdue then', () => {
    const fresh = receive({
      submission: Submission.parse({
        procedureCode: PROCEDURE.code,
        agencyCode: WARD.code,
        channel: 'counter',
        applicant: PERSON,
        documents: PROCEDURE.components.filter((c) => c.required).map((c) => ({ code: c.code })),
        resultDelivery: { method: 'counter' },
      }),
      documents: [],
      procedure: PROCEDURE,
      agency: WARD,
      code: 'H38.22.1-250716-0001',
      now: at('2025-07-16T09:00'),
      clock,
    }).dossier;
    const waiting = decide(fresh, OfficerAction.parse({ type: 'requestSupplement', missing: ['Bản sao hợp đồng thuê nhà'] }), {
      now: at('2025-07-16T10:00'),
      clock,
      procedure: PROCEDURE,
      agencyExists: () => true,
    }).dossier;
    const view = citizenView(waiting, history, at('2025-09-30T10:00'));
    expect(view.standing).toBe('within-deadline');
    expect(view.supplement).toEqual({ missing: ['Bản sao hợp đồng thuê nhà'], closesAt: waiting.supplement!.closesAt });
  });

  it('gives the reason of a refusal, and no standing once closed', () => {
    const refused = decide(dossier, OfficerAction.parse({ type: 'refuse', reason: 'Ngành nghề kinh doanh không được phép' }), {
      now: at('2025-07-16T10:00'),
      clock,
      procedure: PROCEDURE,
      agencyExists: () => true,
    }).dossier;
    const view = citizenView(refused, history, at('2025-07-16T10:00'));
    expect(view.closingReason).toBe('Ngành nghề kinh doanh không được phép');
    expect(view.standing).toBeNull();
  });
});

describe('the views, as the OpenAPI document shows them', () => {
  /** Parses as the schema says, losing nothing, and a field the schema does not declare is refused. */
  const conforms = (schema: typeof Receipt | typeof CitizenView | typeof OfficerView, view: object) => {
    expect(schema.parse(view)).toEqual(view);
    expect(schema.safeParse({ ...view, undeclared: 1 }).success).toBe(false);
  };
  const STATUSES = Object.keys(STATUS_CODES) as Status[];
  const { dossier, history } = dossierWithHistory();
  const now = at('2025-07-16T10:00');

  /** Transferred twice (a leg with its own share, closed with a verdict), given a new appointment, warned, resolved, delivered by post. */
  function travelled(): { dossier: Dossier; history: DomainEvent[] } {
    let current = newDossier({ delivery: { method: 'postal', address: DELIVERY_ADDRESS } });
    const history: DomainEvent[] = [];
    const step = (action: OfficerAction, when: string) => {
      const decision = act(current, action, at(when));
      current = decision.dossier;
      history.push(envelope(current, decision.event, at(when)));
    };
    step({ type: 'startProcessing' }, '2025-07-14T10:00');
    step({ type: 'transfer', toAgency: DISTRICT.code, note: 'Thẩm định hồ sơ', allottedWorkingDays: 2 }, '2025-07-14T11:00');
    step({ type: 'transfer', toAgency: PROVINCE_CENTRE.code }, '2025-07-15T10:00');
    step({ type: 'extend', reason: 'Cần xác minh thêm tại địa phương', newDueAt: '2025-07-25T16:00:00+07:00' }, '2025-07-17T10:00');
    const warning = warn(current, at('2025-07-24T16:00'));
    expect(warning, 'the fixture is warned before its new appointment').not.toBeNull();
    current = warning!.dossier;
    history.push(envelope(current, warning!.event, at('2025-07-24T16:00')));
    step({ type: 'resolve' }, '2025-07-25T09:00');
    const delivery: ActionInput = { type: 'deliverByPost', occurredAt: at('2025-07-28T14:00').toISOString(), recipientName: 'Trần Thị Bình' };
    const delivered = decide(current, delivery, { now: at('2025-07-28T15:00') });
    current = delivered.dossier;
    history.push(envelope(current, delivered.event, at('2025-07-28T15:00')));
    return { dossier: current, history };
  }

  it('the receipt is a Receipt', () => {
    conforms(Receipt, receipt(dossier, PROCEDURE, WARD));
    for (const status of STATUSES) conforms(Receipt, receipt(inStatus(status), PAUSE, WARD));
  });

  it("the citizen's view is a CitizenView, in every status (a supplement awaited, a refusal's reason)", () => {
    conforms(CitizenView, citizenView(dossier, history, now));
    for (const status of STATUSES) conforms(CitizenView, citizenView(inStatus(status), history, now));
    expect(citizenView(inStatus('supplement-requested'), history, now).supplement).toBeDefined();
    expect(citizenView(inStatus('stopped'), history, now).closingReason).toBeTruthy();
  });

  it("the officer's view is an OfficerView: with its history and transfers, in every status", () => {
    conforms(OfficerView, officerView(dossier, history, now));
    expect(dossier.transfers).toHaveLength(1);
    const far = travelled();
    const view = officerView(far.dossier, far.history, at('2025-07-29T10:00'));
    conforms(OfficerView, view);
    // What the fixture was built to carry, so that the schema was tried on it.
    expect(view.transfers.map((leg) => [leg.allottedWorkingDays, leg.verdict])).toEqual([[2, expect.any(String)], [undefined, expect.any(String)]]);
    expect(view).toMatchObject({ status: 'returned', extendedAt: expect.any(String), originalDueAt: expect.any(String), warnings: expect.any(Object), returnedTo: 'Trần Thị Bình' });
    expect(view.history.map((entry) => entry.type)).toEqual([
      'DossierProcessingStarted',
      'DossierTransferred',
      'DossierTransferred',
      'DossierExtended',
      'DossierDueSoon',
      'DossierResolved',
      'DossierResultReturned',
    ]);
    for (const status of STATUSES) conforms(OfficerView, officerView(inStatus(status), history, now));
  });

  it('a result the post could not deliver, waiting at the counter then handed over, shows in every view as its schema says', () => {
    const resolved = inStatus('resolved', { method: 'postal', address: DELIVERY_ADDRESS, collectOnDeliveryVnd: 30_000 });
    const failure: ActionInput = { type: 'redirectToCounter', reason: 'returned_to_sender', failedAttempts: 1, occurredAt: at('2025-07-17T14:00').toISOString() };
    const redirected = decide(resolved, failure, { now: at('2025-07-17T15:00') });
    const events = [envelope(redirected.dossier, redirected.event, at('2025-07-17T15:00'), { kind: 'system', id: 'postal' })];
    const officers = officerView(redirected.dossier, events, now);
    conforms(OfficerView, officers);
    conforms(Receipt, receipt(redirected.dossier, PAUSE, WARD));
    expect(officers).toMatchObject({ status: 'resolved', allowedActions: ['returnResult'], history: [{ type: 'DossierResultRedirected', actor: { kind: 'system', id: 'postal' } }] });
    expect(officers.resultDelivery).toEqual({
      method: 'counter',
      address: DELIVERY_ADDRESS,
      collectOnDeliveryVnd: 30_000,
      redirection: { from: 'postal', reason: 'returned_to_sender', failedAttempts: 1, at: at('2025-07-17T14:00').toISOString() },
    });

    const waiting = citizenView(redirected.dossier, events, now);
    conforms(CitizenView, waiting);
    expect(waiting.resultDelivery).toEqual({
      method: 'counter',
      redirection: {
        from: 'postal',
        reason: 'returned_to_sender',
        failedAttempts: 1,
        at: at('2025-07-17T14:00').toISOString(),
        notice: 'Bưu điện không phát được kết quả và đã chuyển hoàn về cơ quan. Mời ông/bà mang Giấy tiếp nhận hồ sơ và hẹn trả kết quả đến nhận kết quả tại Bộ phận Một cửa.',
      },
    });
    expect(JSON.stringify(waiting)).not.toContain(DELIVERY_ADDRESS.line);
    const afterFailures = decide(resolved, { ...failure, reason: 'repeated_failures', failedAttempts: 3 }, { now: at('2025-07-17T15:00') }).dossier;
    expect(citizenView(afterFailures, events, now).resultDelivery.redirection?.notice).toMatch(/^Bưu điện đã phát kết quả không thành công 3 lần\. Mời ông\/bà/);

    // Handed over at the counter: what happened stays, the invitation to come does not.
    const returned = act(redirected.dossier, { type: 'returnResult' }, at('2025-07-18T09:00')).dossier;
    const done = citizenView(returned, events, now);
    conforms(CitizenView, done);
    expect(done.resultDelivery).toEqual({ method: 'counter', redirection: { from: 'postal', reason: 'returned_to_sender', failedAttempts: 1, at: at('2025-07-17T14:00').toISOString() } });
  });

  it('an entry of the history whose data is not its type\'s is refused', () => {
    const view = officerView(dossier, history, now);
    const received = view.history[0]!;
    expect(OfficerView.safeParse({ ...view, history: [{ ...received, type: 'DossierExtended' }] }).success).toBe(false);
  });
});
