import { describe, expect, it } from 'vitest';
import { CLOCK_RUNNING, type Status } from '../dossier.ts';
import { at, iso, runWatch, vietnamClock, warn, watched } from './fixtures.ts';
import { ACTIONS, DEFAULT_MARGINS } from './index.ts';

describe('due-soon warnings', () => {
  it('warns a working day ahead, again three office hours ahead, then once overdue, each once', () => {
    expect(
      runWatch(watched({}), [
        '2026-02-11T10:00', // Wed: due Fri is two working days away
        '2026-02-12T10:00', // Thu: within one working day
        '2026-02-12T16:00', // Thu again: already warned
        '2026-02-13T13:00', // Fri 13:00: 13:30–17:00 is 3.5 office hours away
        '2026-02-13T14:00', // Fri 14:00: within three office hours
        '2026-02-13T16:30', // already warned
        '2026-02-13T23:00', // still the appointment day: not yet overdue
        '2026-02-14T00:10', // Saturday: overdue
        '2026-02-16T09:00', // during Tết: already warned
      ]),
    ).toEqual([null, 'DueSoon 1 workingDays', null, null, 'DueSoon 3 workingHours', null, null, 'DossierOverdue', null]);
  });

  it('counts the margin in working time, so the Friday before Tết warns of the Monday after it', () => {
    const afterTet = watched({ dueAt: iso('2026-02-23T17:00') });
    expect(runWatch(afterTet, ['2026-02-12T10:00', '2026-02-13T10:00'])).toEqual([null, 'DueSoon 1 workingDays']);
  });

  it('warns afresh about a new appointment', () => {
    const warned = warn(watched({}), at('2026-02-12T10:00'))!.dossier;
    expect(warn(warned, at('2026-02-12T11:00'))).toBeNull();
    const moved = { ...warned, dueAt: iso('2026-02-24T17:00') };
    expect(warn(moved, at('2026-02-23T10:00'))?.event.type).toBe('DossierDueSoon');
  });

  it('is owed only while the clock runs, and never once the appointment has passed', () => {
    const owed = (status: Status, local: string) =>
      ACTIONS.dueSoon.owed(watched({ status }), { now: at(local), clock: vietnamClock, margins: DEFAULT_MARGINS });
    for (const status of CLOCK_RUNNING) expect(owed(status, '2026-02-13T14:00'), status).toEqual({ type: 'dueSoon', margin: { unit: 'workingHours', value: 3 } });
    for (const status of ['supplement-requested', 'resolved', 'returned', 'stopped', 'withdrawn', 'not-accepted'] as const) expect(owed(status, '2026-02-13T14:00')).toBeNull();
    expect(owed('in-progress', '2026-02-14T00:10')).toBeNull();
  });

  it('gives no warning for a margin set to zero', () => {
    const none = (margins: typeof DEFAULT_MARGINS) => warn(watched({}), at('2026-02-13T14:00'), margins);
    expect(none({ workingDays: 0, officeHours: 0 })).toBeNull();
    expect(none({ workingDays: 1, officeHours: 0 })?.event).toMatchObject({ data: { margin: { unit: 'workingDays', value: 1 } } });
  });

  it('records the warning for the appointment it was about, and carries the facts of the dossier', () => {
    const change = warn(watched({}), at('2026-02-13T14:00'))!;
    expect(change.event).toEqual({
      type: 'DossierDueSoon',
      data: { status: 'in-progress', statusCode: 4, dueAt: iso('2026-02-13T17:00'), margin: { unit: 'workingHours', value: 3 } },
    });
    expect(change.dossier.warnings).toEqual({ dueSoonHours: iso('2026-02-13T17:00'), dueSoonDay: iso('2026-02-13T17:00') });
  });
});
