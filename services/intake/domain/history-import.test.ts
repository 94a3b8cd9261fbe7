import { describe, expect, it } from 'vitest';
import { standingAt } from '../../../libs/calendar/verdicts.ts';
import { INTAKE_EVENTS } from '../../../libs/events/intake.ts';
import { SURVEY_EVENTS } from '../../../libs/events/survey.ts';
import procedures from '../data/procedures.json' with { type: 'json' };
import type { Procedure } from './catalog.ts';
import {
  checkLine,
  eventsOfImportedLine,
  firstOverdueInstant,
  HistoryFileCheck,
  importedView,
  importOf,
  IMPORT_ACTOR,
  type HistoryLine,
} from './history-import.ts';

const CATALOG = new Map((procedures as Procedure[]).map((procedure) => [procedure.code, procedure]));
const procedureOf = (code: string) => CATALOG.get(code);
const context = { agencyExists: (code: string) => ['H38', 'H38.22', 'H38.22.1', 'H38.22.3'].includes(code) };
const NOW = new Date('2026-11-30T03:00:00Z');

/** A counter dossier of 1.004873 (3 working days), received Monday 3 March 2025, due Thursday. */
const base = {
  code: 'H38.22.1-250303-0001',
  procedureCode: '1.004873',
  agencyCode: 'H38.22.1',
  channel: 'counter',
  receivedAt: '2025-03-03T09:00:00+07:00',
  dueAt: '2025-03-06T17:00:00+07:00',
};
const returned = { ...base, status: 'returned', resolvedAt: '2025-03-05T10:00:00+07:00', returnedAt: '2025-03-06T08:00:00+07:00', returnMethod: 'counter' };

const parsed = (line: object): HistoryLine => {
  const check = checkLine(JSON.stringify(line), context);
  if (!check.ok) throw new Error(check.reasons.join('; '));
  return check.line;
};
const eventsOf = (line: object, now = NOW) => eventsOfImportedLine(parsed(line), { now, procedureOf });
const typesOf = (line: object, now = NOW) => eventsOf(line, now).intake.map((event) => event.type);
const reasonsOf = (text: string) => {
  const check = checkLine(text, context);
  return check.ok ? [] : check.reasons;
};

describe('checking a line', () => {
  it('accepts a well-formed line', () => {
    expect(reasonsOf(JSON.stringify(returned))).toEqual([]);
  });

  it.each([
    ['bad JSON', '{"code": "A", ', /^bad JSON/],
    ['a missing field', JSON.stringify({ ...returned, dueAt: undefined }), /^dueAt: missing$/],
    ['an instant without offset', JSON.stringify({ ...returned, receivedAt: '2025-03-03T09:00:00' }), /^receivedAt: not an ISO 8601 instant/],
    ['a date that is no instant', JSON.stringify({ ...returned, resolvedAt: '05/03/2025' }), /^resolvedAt: not an ISO 8601 instant/],
    ['an unknown agency', JSON.stringify({ ...returned, agencyCode: 'H99.1' }), /^agencyCode: unknown agency H99\.1$/],
    ['an unknown status', JSON.stringify({ ...returned, status: 'archived' }), /^status: /],
    ['an unknown channel', JSON.stringify({ ...returned, channel: 'fax' }), /^channel: /],
    ['an unknown field', JSON.stringify({ ...returned, applicantName: 'Nguyễn Văn A' }), /unknown field\(s\) applicantName/],
    ['a code with characters of our own keys', JSON.stringify({ ...returned, code: 'counter#H38#250303' }), /^code: /],
    ['an array, not an object', '[1,2]', /^\(line\): not a JSON object$/],
    ['null', 'null', /^\(line\): not a JSON object$/],
    ['status returned without returnedAt', JSON.stringify({ ...returned, returnedAt: undefined }), /^returnedAt: is required for status returned$/],
    ['status resolved without resolvedAt', JSON.stringify({ ...base, status: 'resolved' }), /^resolvedAt: is required for status resolved$/],
    ['a withdrawal without when', JSON.stringify({ ...base, status: 'withdrawn' }), /^resolvedAt: is required for status withdrawn/],
    ['resolvedAt before receivedAt', JSON.stringify({ ...returned, resolvedAt: '2025-03-02T10:00:00+07:00' }), /^resolvedAt: is before receivedAt$/],
    ['returnedAt before resolvedAt', JSON.stringify({ ...returned, returnedAt: '2025-03-05T09:00:00+07:00' }), /^returnedAt: is before resolvedAt$/],
    ['dueAt before receivedAt', JSON.stringify({ ...returned, dueAt: '2025-03-01T17:00:00+07:00' }), /^dueAt: is before receivedAt$/],
    ['an open dossier with a resolution', JSON.stringify({ ...base, status: 'in-progress', resolvedAt: '2025-03-05T10:00:00+07:00' }), /^resolvedAt: is given but status in-progress is still open$/],
    ['returnedAt on a dossier not returned', JSON.stringify({ ...returned, status: 'resolved' }), /^returnedAt: is given but status is resolved/],
    ['satisfaction without a result', JSON.stringify({ ...base, status: 'in-progress', satisfaction: 'satisfied' }), /^satisfaction: is given but status in-progress/],
    ['a supplement received before it was requested', JSON.stringify({ ...returned, supplements: [{ requestedAt: '2025-03-04T09:00:00+07:00', receivedAt: '2025-03-04T08:00:00+07:00' }] }), /^supplements\.0\.receivedAt: is before requestedAt$/],
    ['a supplement requested before the dossier came', JSON.stringify({ ...returned, supplements: [{ requestedAt: '2025-03-02T09:00:00+07:00', receivedAt: '2025-03-04T08:00:00+07:00' }] }), /^supplements\.0\.requestedAt: is before receivedAt$/],
    ['a supplement after the resolution', JSON.stringify({ ...returned, supplements: [{ requestedAt: '2025-03-05T11:00:00+07:00', receivedAt: '2025-03-05T12:00:00+07:00' }] }), /^supplements\.0\.requestedAt: is after the dossier was resolved/],
    ['a second supplement before the first came', JSON.stringify({ ...returned, supplements: [{ requestedAt: '2025-03-03T10:00:00+07:00', receivedAt: '2025-03-04T10:00:00+07:00' }, { requestedAt: '2025-03-04T09:00:00+07:00', receivedAt: '2025-03-04T11:00:00+07:00' }] }), /^supplements\.1\.requestedAt: is before the previous supplement was received$/],
    ['a resolved dossier still waiting for its supplement', JSON.stringify({ ...returned, supplements: [{ requestedAt: '2025-03-04T09:00:00+07:00' }] }), /^supplements: the last supplement was never received, yet status is returned$/],
    ['waiting for a supplement without one', JSON.stringify({ ...base, status: 'supplement-requested' }), /^supplements: status supplement-requested needs/],
  ])('rejects %s, saying why', (_, text, reason) => {
    const reasons = reasonsOf(text);
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.some((candidate) => reason.test(candidate)), reasons.join(' | ')).toBe(true);
  });

  it('reports every bad line of a file by number, and a code seen twice', () => {
    const file = new HistoryFileCheck(context);
    const lines = [JSON.stringify(returned), '', 'not json', JSON.stringify({ ...returned, agencyCode: 'X00' }), JSON.stringify({ ...returned, dueAt: 'soon' })];
    lines.push(JSON.stringify(returned));
    lines.forEach((text, index) => file.add(text, index + 1));
    expect(file.problems.map((problem) => problem.line)).toEqual([3, 4, 5, 6]);
    expect(file.problems.at(-1)!.reasons).toEqual([`code: duplicate code ${returned.code} (first on line 1)`]);
    expect(file).toMatchObject({ lines: 5, valid: 1 });
  });
});

describe('the events of an imported line', () => {
  it.each([
    ['returned', returned, ['DossierReceived', 'DossierResolved', 'DossierResultReturned']],
    ['resolved', { ...returned, status: 'resolved', returnedAt: undefined }, ['DossierReceived', 'DossierResolved']],
    ['in progress, its appointment to come', { ...base, status: 'in-progress', dueAt: '2026-12-03T17:00:00+07:00', receivedAt: '2026-11-30T08:00:00+07:00' }, ['DossierReceived']],
    ['in progress, its appointment passed', { ...base, status: 'in-progress' }, ['DossierReceived', 'DossierOverdue']],
    ['waiting for a supplement', { ...base, status: 'supplement-requested', supplements: [{ requestedAt: '2025-03-04T09:00:00+07:00' }] }, ['DossierReceived', 'DossierSupplementRequested']],
    ['stopped: the supplement never came', { ...base, status: 'stopped', resolvedAt: '2025-03-26T08:00:00+07:00', supplements: [{ requestedAt: '2025-03-04T09:00:00+07:00' }] }, ['DossierReceived', 'DossierSupplementRequested', 'DossierSupplementExpired']],
    ['stopped: refused after acceptance', { ...base, status: 'stopped', resolvedAt: '2025-03-04T08:00:00+07:00' }, ['DossierReceived', 'DossierRefused']],
    ['refused', { ...base, status: 'refused', resolvedAt: '2025-03-04T08:00:00+07:00' }, ['DossierReceived', 'DossierRefused']],
    ['not accepted', { ...base, channel: 'online', status: 'not-accepted', resolvedAt: '2025-03-03T10:00:00+07:00' }, ['DossierReceived', 'DossierRefused']],
    ['withdrawn while waiting for a supplement', { ...base, status: 'withdrawn', resolvedAt: '2025-03-05T08:00:00+07:00', supplements: [{ requestedAt: '2025-03-04T09:00:00+07:00' }] }, ['DossierReceived', 'DossierSupplementRequested', 'DossierWithdrawn']],
    [
      'returned late after a supplement',
      { ...returned, resolvedAt: '2025-03-12T10:00:00+07:00', returnedAt: '2025-03-12T11:00:00+07:00', supplements: [{ requestedAt: '2025-03-04T09:00:00+07:00', receivedAt: '2025-03-05T09:00:00+07:00' }] },
      ['DossierReceived', 'DossierSupplementRequested', 'DossierSupplementReceived', 'DossierOverdue', 'DossierResolved', 'DossierResultReturned'],
    ],
  ])('%s', (_, line, types) => {
    const { intake } = eventsOf(line);
    expect(intake.map((event) => event.type)).toEqual(types);
    // Each is a valid event of the catalog, in order, numbered 1..n, stamped by the import.
    for (const event of intake) expect(() => INTAKE_EVENTS[event.type].parse(event)).not.toThrow();
    expect(intake.map((event) => event.sequence)).toEqual(types.map((_, index) => index + 1));
    expect(intake.every((event, index) => index === 0 || event.occurredAt >= intake[index - 1]!.occurredAt)).toBe(true);
    expect(intake.every((event) => event.actor.kind === 'system' && event.actor.id === 'import')).toBe(true);
  });

  it('gives each event its own time and the facts the live actions give', () => {
    const [received, resolved, back] = eventsOf(returned).intake;
    expect(received).toMatchObject({ occurredAt: '2025-03-03T02:00:00.000Z', dossierCode: returned.code, agencyCode: 'H38.22.1', procedureCode: '1.004873' });
    expect(received!.data).toEqual({ status: 'accepted', statusCode: 2, dueAt: '2025-03-06T10:00:00.000Z', channel: 'counter', receivedAt: '2025-03-03T02:00:00.000Z', resultDelivery: 'counter', procedureLevel: 'commune', onlineLevel: 'toan-trinh' });
    expect(resolved).toMatchObject({ occurredAt: '2025-03-05T03:00:00.000Z', data: { status: 'resolved', statusCode: 9, resolvedAt: '2025-03-05T03:00:00.000Z', verdict: 'early', resultDelivery: 'counter' } });
    expect(back).toMatchObject({ occurredAt: '2025-03-05T03:00:00.000Z'.replace('05T03', '06T01'), data: { status: 'returned', statusCode: 10, method: 'counter' } });
  });

  it('an online dossier starts as submitted, a postal return says when it was delivered', () => {
    const [received, , back] = eventsOf({ ...returned, channel: 'online', returnMethod: 'postal' }).intake;
    expect(received!.data.status).toBe('submitted');
    expect(back!.data).toMatchObject({ method: 'postal', deliveredAt: '2025-03-06T01:00:00.000Z' });
  });

  it.each([
    ['2025-03-05T16:00:00+07:00', 'early'],
    ['2025-03-06T16:59:00+07:00', 'on-time'],
    ['2025-03-06T20:00:00+07:00', 'on-time'],
    ['2025-03-07T08:00:00+07:00', 'late'],
  ])('resolved at %s is %s (verdictOf against dueAt)', (resolvedAt, verdict) => {
    const resolved = eventsOf({ ...returned, status: 'resolved', returnedAt: undefined, resolvedAt }).intake.find((event) => event.type === 'DossierResolved');
    expect(resolved?.data).toMatchObject({ verdict });
  });

  it('judges an hour limit by the hour', () => {
    const hours = { ...base, procedureCode: '1.001193', dueAt: '2025-03-03T15:00:00+07:00', status: 'resolved', resolvedAt: '2025-03-03T16:00:00+07:00' };
    expect(eventsOf(hours).intake.map((event) => [event.type, event.data.status])).toEqual([
      ['DossierReceived', 'accepted'],
      ['DossierOverdue', 'accepted'],
      ['DossierResolved', 'resolved'],
    ]);
    expect(eventsOf(hours).intake[2]!.data).toMatchObject({ verdict: 'late' });
  });

  it('stamps overdue when the deadline watch first finds the appointment passed: the next local day', () => {
    const overdue = eventsOf({ ...base, status: 'in-progress' }).intake[1]!;
    expect(overdue.occurredAt).toBe('2025-03-06T17:00:00.000Z'); // 00:00 on 7 March, Vietnam time
    const at = new Date(overdue.occurredAt);
    expect(standingAt(at, new Date(base.dueAt), false)).toBe('overdue');
    expect(standingAt(new Date(at.getTime() - 1), new Date(base.dueAt), false)).toBe('within-deadline');
    expect(firstOverdueInstant(new Date('2025-03-03T15:00:00+07:00'), 'workingHours').toISOString()).toBe('2025-03-03T08:00:00.001Z');
  });

  it('says nothing of an appointment that passes after the import, nor while the citizen completes the dossier', () => {
    expect(typesOf({ ...base, status: 'in-progress' }, new Date('2025-03-06T16:59:59Z'))).toEqual(['DossierReceived']);
    const paused = { ...base, status: 'in-progress', supplements: [{ requestedAt: '2025-03-05T09:00:00+07:00', receivedAt: '2025-03-10T09:00:00+07:00' }] };
    const events = eventsOf(paused).intake;
    expect(events.map((event) => event.type)).toEqual(['DossierReceived', 'DossierSupplementRequested', 'DossierSupplementReceived', 'DossierOverdue']);
    expect(events[3]!.occurredAt).toBe('2025-03-10T02:00:00.000Z');
    expect(typesOf({ ...base, status: 'supplement-requested', supplements: [{ requestedAt: '2025-03-05T09:00:00+07:00' }] })).toEqual(['DossierReceived', 'DossierSupplementRequested']);
  });

  it('asks for a supplement as the procedure says: its clock rule and closing day', () => {
    const requested = eventsOf({ ...base, status: 'supplement-requested', supplements: [{ requestedAt: '2025-03-04T09:00:00+07:00' }] }).intake[1]!;
    // 1.004873 restarts its clock; the dossier closes 15 working days on.
    expect(requested.data).toMatchObject({ status: 'supplement-requested', statusCode: 5, missing: [], clock: 'restart', closesAt: '2025-03-25T10:00:00.000Z' });
    const expired = eventsOf({ ...base, status: 'stopped', resolvedAt: '2025-03-26T08:00:00+07:00', supplements: [{ requestedAt: '2025-03-04T09:00:00+07:00' }] }).intake[2]!;
    expect(expired).toMatchObject({ type: 'DossierSupplementExpired', occurredAt: '2025-03-26T01:00:00.000Z', data: { status: 'stopped', statusCode: 8, closesAt: '2025-03-25T10:00:00.000Z' } });
  });

  it('reads a procedure the catalog no longer has with working days and the usual supplement rule', () => {
    const [received] = eventsOf({ ...returned, procedureCode: '1.999999' }).intake;
    expect(received!.data).toMatchObject({ procedureLevel: 'commune', onlineLevel: 'mot-phan' });
  });

  it('answers the survey at the return, once, in the survey service\'s catalog', () => {
    const { survey } = eventsOf({ ...returned, satisfaction: 'very-satisfied' });
    expect(survey).toHaveLength(1);
    expect(() => SURVEY_EVENTS.SurveyAnswered.parse(survey[0])).not.toThrow();
    expect(survey[0]).toMatchObject({ type: 'SurveyAnswered', sequence: 1, occurredAt: '2025-03-06T01:00:00.000Z', actor: IMPORT_ACTOR, data: { level: 'very-satisfied', channel: 'imported' } });
    expect(eventsOf({ ...returned, status: 'resolved', returnedAt: undefined, satisfaction: 'not-satisfied' }).survey[0]!.occurredAt).toBe('2025-03-05T03:00:00.000Z');
    expect(eventsOf(returned).survey).toEqual([]);
  });

  it('is deterministic, ids included, and gives every event its own id', () => {
    const first = eventsOf({ ...returned, satisfaction: 'satisfied' });
    expect(eventsOf({ ...returned, satisfaction: 'satisfied' })).toEqual(first);
    const ids = [...first.intake, ...first.survey].map((event) => event.eventId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the imported dossier', () => {
  it('keeps the export\'s facts, its version the number of its events, and a fingerprint of its content', () => {
    const { dossier, intake } = importOf(parsed({ ...returned, satisfaction: 'satisfied' }), { now: NOW, procedureOf });
    expect(dossier).toMatchObject({ code: returned.code, status: 'returned', verdict: 'early', version: intake.length, satisfaction: 'satisfied', resultDelivery: { method: 'counter' }, handlingAgency: 'H38.22.1' });
    expect(dossier).not.toHaveProperty('applicant');
    expect(dossier.procedureName).toBe(CATALOG.get('1.004873')!.name);
  });

  it('has the same fingerprint for the same content written differently, another for other content', () => {
    const fingerprint = (line: object) => importOf(parsed(line), { now: NOW, procedureOf }).dossier.imported.fingerprint;
    const reordered = Object.fromEntries(Object.entries(returned).reverse());
    expect(fingerprint(reordered)).toBe(fingerprint(returned));
    expect(fingerprint({ ...returned, resolvedAt: '2025-03-04T20:00:00-07:00' })).toBe(fingerprint(returned));
    expect(fingerprint({ ...returned, returnMethod: 'online' })).not.toBe(fingerprint(returned));
  });

  it('is shown with its status and times, and nothing to do', () => {
    const { dossier, intake } = importOf(parsed(returned), { now: NOW, procedureOf });
    expect(importedView(dossier, intake)).toMatchObject({ imported: true, status: 'returned', statusCode: 10, statusLabel: 'Đã trả kết quả', allowedActions: [], history: [{ type: 'DossierReceived', status: 'accepted' }, {}, {}] });
  });
});
