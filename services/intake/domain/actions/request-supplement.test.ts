import { describe, expect, it } from 'vitest';
import { httpStatusOf } from '../../../../libs/platform/http.ts';
import { domainErrorOf } from '../../../../tests/support/domain-error.ts';
import { Procedure } from '../catalog.ts';
import { act, at, details, inStatus, iso, newDossier, PAUSE, T1 } from './fixtures.ts';
import { OfficerAction } from './index.ts';

describe('requesting a supplement', () => {
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
    expect(OfficerAction.safeParse({ type: 'requestSupplement', missing: [] }).success).toBe(false);
    expect(OfficerAction.safeParse({ type: 'requestSupplement' }).success).toBe(false);
    expect(OfficerAction.safeParse({ type: 'requestSupplement', missing: [' '] }).success).toBe(false);
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

  it('pause: requested before the clock of a dossier received after the procedure cut-off started, it leaves the whole time limit', () => {
    const withCutoff = Procedure.parse({ ...PAUSE, cutoffTime: '15:00' });
    // Received Monday 14 at 15:30, after the cut-off: counts from Tuesday 15, due Wednesday 23.
    const late = newDossier({ procedure: withCutoff, now: at('2025-07-14T15:30') });
    expect(late.dueAt).toBe(iso('2025-07-23T17:00'));
    const waiting = act(late, { type: 'requestSupplement', missing: ['Bản sao giấy khai sinh'] }, at('2025-07-14T16:00'), withCutoff);
    expect(waiting.dossier.supplement?.remaining).toEqual({ unit: 'workingDays', value: 6 });
  });
});

describe('stopping the clock never hides a late dossier', () => {
  const supplementRequest: OfficerAction = { type: 'requestSupplement', missing: ['Bản sao giấy khai sinh'] };

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
});
