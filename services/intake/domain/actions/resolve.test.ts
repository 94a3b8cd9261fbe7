import { describe, expect, it } from 'vitest';
import { act, at, BY_POST, inStatus, iso } from './fixtures.ts';

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
      data: { status: 'resolved', statusCode: 9, dueAt: iso('2025-07-22T17:00'), resolvedAt: now.toISOString(), verdict, resultDelivery: 'counter' },
    });
  });

  it('says how the result goes back, so that postal knows without a read which results to ship', () => {
    const byPost = act(inStatus('in-progress', BY_POST), { type: 'resolve' }, at('2025-07-21T16:00'));
    expect(byPost.event).toMatchObject({ type: 'DossierResolved', data: { resultDelivery: 'postal' } });
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
});
