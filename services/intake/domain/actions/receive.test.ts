import { describe, expect, it } from 'vitest';
import { deadlineClock } from '../../../../libs/calendar/deadlines.ts';
import { weekdaysOnly } from '../../../../libs/calendar/working-days.ts';
import { DomainEvent as AnyEvent } from '../../../../libs/events/catalog.ts';
import type { IntakeEvent as DomainEvent } from '../../../../libs/events/intake.ts';
import agencies from '../../data/agencies.json' with { type: 'json' };
import procedures from '../../data/procedures.json' with { type: 'json' };
import { Agency, Procedure } from '../catalog.ts';
import { assertComplete, checkComponents } from '../components.ts';
import { Submission } from '../dossier.ts';
import { allowedActions, receive } from './index.ts';

const clock = deadlineClock(weekdaysOnly);

const at = (local: string): Date => new Date(`${local}:00+07:00`);
const iso = (local: string): string => at(local).toISOString();

const ADDRESS = { line: 'Thôn 3', commune: 'Xã Lâm Thượng', province: 'Tỉnh Hòa Lâm' };

const WARD = Agency.parse((agencies as unknown[]).find((raw) => (raw as { code: string }).code === 'H38.22.1'));

/** Five working days; deadline counted until 17:00 unless a cut-off is given. */
const FIVE_DAYS = Procedure.parse({
  code: '9.000003',
  name: 'Thủ tục thử nghiệm đăng ký hộ kinh doanh',
  nameEn: 'Test household business registration',
  field: 'kinh-doanh',
  level: 'commune',
  timeLimit: { unit: 'workingDays', value: 5 },
  components: [
    { code: 'GDN', name: 'Giấy đề nghị đăng ký hộ kinh doanh', required: true, form: 'original', copies: 1 },
    { code: 'UQ', name: 'Văn bản ủy quyền', required: false, form: 'original', copies: 1 },
  ],
  fees: [{ name: 'Lệ phí đăng ký hộ kinh doanh', amountVnd: 100_000 }],
  onlineLevel: 'toan-trinh',
  postalAllowed: true,
  cutoffTime: null,
  supplement: { clock: 'restart', closeAfterWorkingDays: 15 },
  legalBasis: 'Nghị định 01/2021/NĐ-CP',
});

function submission(overrides: Partial<Record<keyof Submission, unknown>> = {}): Submission {
  return Submission.parse({
    procedureCode: FIVE_DAYS.code,
    agencyCode: WARD.code,
    channel: 'counter',
    applicant: { fullName: 'Phạm Minh Tuấn', idNumber: '001099012345', phone: '+84 987 654 321', address: 'Thôn 3, xã Lâm Thượng' },
    documents: [{ code: 'GDN' }],
    resultDelivery: { method: 'counter' },
    ...overrides,
  });
}

function receiveAt(local: string, options: { procedure?: Procedure; input?: Submission } = {}) {
  const procedure = options.procedure ?? FIVE_DAYS;
  const input = options.input ?? submission();
  return receive({
    submission: input,
    documents: assertComplete(checkComponents(procedure, input.documents)),
    procedure,
    agency: WARD,
    code: 'H38.22.1-250714-0001',
    now: at(local),
    clock,
  });
}

describe('how it travels by post', () => {
  it('keeps where the partner collects a dossier filed by post, and where and for what fees the result goes back', () => {
    const resultDelivery = { method: 'postal', address: { ...ADDRESS, line: 'Số 4 đường Lê Lợi' }, collectOnDeliveryVnd: 100_000 };
    const { dossier } = receiveAt('2025-07-14T09:00', { input: submission({ channel: 'postal', pickupAddress: ADDRESS, resultDelivery }) });
    expect(dossier.pickupAddress).toEqual(ADDRESS);
    expect(dossier.resultDelivery).toEqual(resultDelivery);
  });

  it('gives a dossier filed otherwise no pickup address at all', () => {
    expect(receiveAt('2025-07-14T09:00').dossier).not.toHaveProperty('pickupAddress');
  });
});

describe('the first status depends on the channel', () => {
  it.each([
    ['counter', 'accepted', 2],
    ['postal', 'accepted', 2],
    ['online', 'submitted', 1],
  ] as const)('%s → %s', (channel, status, statusCode) => {
    const byPost = channel === 'postal' ? { resultDelivery: { method: 'postal', address: ADDRESS }, pickupAddress: ADDRESS } : {};
    const { dossier, event } = receiveAt('2025-07-14T09:00', { input: submission({ channel, ...byPost }) });
    expect(dossier.status).toBe(status);
    expect(dossier.channel).toBe(channel);
    expect(event.data.status).toBe(status);
    expect(event.data.statusCode).toBe(statusCode);
  });

  it('an online dossier must be accepted by an officer; one received in person can be processed at once', () => {
    expect(allowedActions(receiveAt('2025-07-14T09:00', { input: submission({ channel: 'online' }) }).dossier.status)).toContain('accept');
    const inPerson = allowedActions(receiveAt('2025-07-14T09:00').dossier.status);
    expect(inPerson).toContain('startProcessing');
    expect(inPerson).not.toContain('accept');
  });
});

describe('the appointment', () => {
  it.each([
    ['Monday 09:00: the receipt day is not counted', '2025-07-14T09:00', '2025-07-21T17:00'],
    ['Friday 16:59, still within office hours', '2025-07-18T16:59', '2025-07-25T17:00'],
    ['Friday 17:00, after office hours: counts from Monday', '2025-07-18T17:00', '2025-07-28T17:00'],
    ['Saturday: counts from Monday', '2025-07-19T10:00', '2025-07-28T17:00'],
    ['Sunday night: counts from Monday', '2025-07-20T23:30', '2025-07-28T17:00'],
  ])('received %s', (_, received, due) => {
    const { dossier, event } = receiveAt(received);
    expect(dossier.dueAt).toBe(iso(due));
    expect(event.data.dueAt).toBe(iso(due));
  });

  it.each([
    ['14:59, before the cut-off', '2025-07-14T14:59', '2025-07-21T17:00'],
    ['15:00, at the cut-off: counts from the next working day', '2025-07-14T15:00', '2025-07-22T17:00'],
    ['16:30, after the cut-off', '2025-07-14T16:30', '2025-07-22T17:00'],
  ])('with a 15:00 cut-off, received %s', (_, received, due) => {
    const withCutoff = Procedure.parse({ ...FIVE_DAYS, cutoffTime: '15:00' });
    expect(receiveAt(received, { procedure: withCutoff }).dossier.dueAt).toBe(iso(due));
  });

  it('a longer time limit gives a later appointment', () => {
    const twenty = Procedure.parse({ ...FIVE_DAYS, timeLimit: { unit: 'workingDays', value: 20 } });
    expect(receiveAt('2025-07-14T09:00', { procedure: twenty }).dossier.dueAt).toBe(iso('2025-08-11T17:00'));
  });

  it('a limit in working hours counts office hours only', () => {
    const hours = Procedure.parse({ ...FIVE_DAYS, timeLimit: { unit: 'workingHours', value: 4 } });
    // 08:00–11:30 is 3.5 hours; the last half hour runs from 13:30.
    expect(receiveAt('2025-07-14T08:00', { procedure: hours }).dossier.dueAt).toBe(iso('2025-07-14T14:00'));
  });
});

describe('the dossier received', () => {
  it('carries the code, procedure, agency, applicant, documents and delivery, and nothing decided yet', () => {
    const input = submission({ documents: [{ code: 'GDN' }, { code: 'UQ', copies: 1 }] });
    const { dossier } = receiveAt('2025-07-14T09:00', { input });
    expect(dossier).toEqual({
      code: 'H38.22.1-250714-0001',
      procedureCode: '9.000003',
      procedureName: 'Thủ tục thử nghiệm đăng ký hộ kinh doanh',
      agencyCode: 'H38.22.1',
      handlingAgency: 'H38.22.1',
      channel: 'counter',
      status: 'accepted',
      applicant: { fullName: 'Phạm Minh Tuấn', idNumber: '001099012345', phone: '0987654321', address: 'Thôn 3, xã Lâm Thượng' },
      documents: [
        { code: 'GDN', name: 'Giấy đề nghị đăng ký hộ kinh doanh', copies: 1 },
        { code: 'UQ', name: 'Văn bản ủy quyền', copies: 1 },
      ],
      resultDelivery: { method: 'counter' },
      receivedAt: iso('2025-07-14T09:00'),
      timeLimit: FIVE_DAYS.timeLimit,
      dueAt: iso('2025-07-21T17:00'),
      originalDueAt: null,
      extendedAt: null,
      supplement: null,
      payment: null,
      transfers: [],
      resolvedAt: null,
      verdict: null,
      returnedAt: null,
      closingReason: null,
      version: 1,
    });
  });

  it('announces itself with a DossierReceived event that fits the event catalog', () => {
    const input = submission({ channel: 'online', resultDelivery: { method: 'postal', address: ADDRESS } });
    const { dossier, event } = receiveAt('2025-07-14T09:00', { input });
    expect(event).toEqual({
      type: 'DossierReceived',
      data: {
        status: 'submitted',
        statusCode: 1,
        dueAt: iso('2025-07-21T17:00'),
        channel: 'online',
        receivedAt: iso('2025-07-14T09:00'),
        resultDelivery: 'postal',
        procedureLevel: 'commune',
        onlineLevel: 'toan-trinh',
      },
    });
    const stored = AnyEvent.parse({
      eventId: '00000000-0000-4000-8000-000000000002',
      type: event.type,
      version: 1,
      occurredAt: dossier.receivedAt,
      sequence: dossier.version,
      dossierCode: dossier.code,
      agencyCode: dossier.agencyCode,
      procedureCode: dossier.procedureCode,
      actor: { kind: 'officer', id: 'officer-1', agency: 'H38.22.1' },
      data: event.data,
    });
    expect(stored.data).toEqual(event.data);
  });

  it('works for every procedure of the catalogue with exactly its required components', () => {
    for (const raw of procedures as unknown[]) {
      const procedure = Procedure.parse(raw);
      const documents = procedure.components.filter((c) => c.required).map((c) => ({ code: c.code }));
      const { dossier, event } = receiveAt('2025-07-14T09:00', { procedure, input: submission({ procedureCode: procedure.code, documents }) });
      expect(dossier.procedureName).toBe(procedure.name);
      expect(dossier.documents.map((document) => document.code)).toEqual(documents.map((document) => document.code));
      expect(new Date(dossier.dueAt!).getTime(), procedure.code).toBeGreaterThan(at('2025-07-14T09:00').getTime());
      expect(event.data.procedureLevel).toBe(procedure.level);
      expect(event.data.onlineLevel).toBe(procedure.onlineLevel);
    }
  });
});
