import { describe, expect, it } from 'vitest';
import { httpStatusOf } from '../../../../libs/platform/http.ts';
import { domainErrorOf } from '../../../../tests/support/domain-error.ts';
import { Procedure } from '../catalog.ts';
import { act, at, DISTRICT, inStatus, iso, newDossier, PAUSE, RESTART, T1 } from './fixtures.ts';
import type { OfficerAction } from './index.ts';

describe('receiving a supplement', () => {
  // Received Monday 14 09:00; six working days; due Tuesday 22 at 17:00.
  const received = () => act(newDossier({ procedure: PAUSE }), { type: 'startProcessing' }, T1).dossier;

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

describe('restarting the clock never shortens a deadline, and only within the closing period', () => {
  const supplementRequest: OfficerAction = { type: 'requestSupplement', missing: ['Bản sao giấy khai sinh'] };

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

  it('refuses a supplement brought after the closing period', () => {
    const waiting = act(inStatus('in-progress'), supplementRequest, at('2025-07-16T10:00'), PAUSE).dossier;
    const error = domainErrorOf(() => act(waiting, { type: 'receiveSupplement' }, new Date(new Date(waiting.supplement!.closesAt!).getTime() + 60_000), PAUSE));
    expect(httpStatusOf(error)).toBe(409);
    expect(error.code).toBe('SUPPLEMENT_EXPIRED');
  });
});
