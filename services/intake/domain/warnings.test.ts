import { describe, expect, it } from 'vitest';
import { deadlineClock } from '../../../libs/calendar/deadlines.ts';
import { vietnamCalendar } from '../../../libs/calendar/holiday-data.ts';
import type { Dossier } from './dossier.ts';
import { deadlineWarning, expiredSupplement } from './warnings.ts';

const clock = deadlineClock(vietnamCalendar);
const at = (local: string) => new Date(`${local}:00+07:00`);
const iso = (local: string) => at(local).toISOString();

/** Only what the rules read; the rest of a dossier does not matter to them. */
function dossier(changes: Partial<Dossier>): Dossier {
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

/** Applies the warnings due at each instant in turn; returns the event types (or null). */
function run(start: Dossier, instants: string[]): (string | null)[] {
  let current = start;
  return instants.map((local) => {
    const change = deadlineWarning(current, at(local), clock);
    if (!change) return null;
    current = change.dossier;
    return change.event.type === 'DossierDueSoon' ? `DueSoon ${change.event.data.margin.value} ${change.event.data.margin.unit}` : change.event.type;
  });
}

describe('deadline warnings', () => {
  it('warns a working day ahead, again three office hours ahead, then once overdue, each once', () => {
    expect(
      run(dossier({}), [
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
    const afterTet = dossier({ dueAt: iso('2026-02-23T17:00') });
    expect(run(afterTet, ['2026-02-12T10:00', '2026-02-13T10:00'])).toEqual([null, 'DueSoon 1 workingDays']);
  });

  it('gives a dossier first seen overdue only the overdue warning', () => {
    expect(run(dossier({}), ['2026-02-16T10:00', '2026-02-16T11:00'])).toEqual(['DossierOverdue', null]);
  });

  it('warns afresh about a new appointment', () => {
    const warned = deadlineWarning(dossier({}), at('2026-02-12T10:00'), clock)!.dossier;
    expect(deadlineWarning(warned, at('2026-02-12T11:00'), clock)).toBeNull();
    const moved = { ...warned, dueAt: iso('2026-02-24T17:00') };
    expect(deadlineWarning(moved, at('2026-02-23T10:00'), clock)?.event.type).toBe('DossierDueSoon');
  });

  it('judges an hour limit by the hour', () => {
    const hours = dossier({ dueAt: iso('2026-02-12T10:00'), timeLimit: { unit: 'workingHours', value: 4 } });
    expect(run(hours, ['2026-02-12T10:30'])).toEqual(['DossierOverdue']);
  });

  it('leaves alone dossiers whose clock is stopped or which are closed', () => {
    for (const status of ['supplement-requested', 'resolved', 'returned', 'stopped', 'withdrawn', 'not-accepted'] as const) {
      expect(deadlineWarning(dossier({ status }), at('2026-03-01T10:00'), clock)).toBeNull();
    }
  });

  it('carries the facts of the dossier in the event', () => {
    const change = deadlineWarning(dossier({}), at('2026-02-16T10:00'), clock)!;
    expect(change.event).toEqual({ type: 'DossierOverdue', data: { status: 'in-progress', statusCode: 4, dueAt: iso('2026-02-13T17:00') } });
    expect(change.dossier.warnings).toEqual({ overdue: iso('2026-02-13T17:00'), dueSoonHours: iso('2026-02-13T17:00'), dueSoonDay: iso('2026-02-13T17:00') });
  });
});

describe('supplement closing', () => {
  const waiting = dossier({
    status: 'supplement-requested',
    supplement: {
      requestedAt: iso('2026-02-09T10:00'),
      missing: ['Bản sao giấy khai sinh'],
      clock: 'restart',
      remaining: null,
      closesAt: iso('2026-03-09T17:00'),
      resumeStatus: 'in-progress',
      receivedAt: null,
    },
  });

  it('closes the dossier once the closing period has passed, not before', () => {
    expect(expiredSupplement(waiting, at('2026-03-09T16:59'))).toBeNull();
    const change = expiredSupplement(waiting, at('2026-03-10T00:15'))!;
    expect(change.dossier.status).toBe('stopped');
    expect(change.dossier.closingReason).toMatch(/bổ sung/);
    expect(change.event).toEqual({
      type: 'DossierSupplementExpired',
      data: { status: 'stopped', statusCode: 8, dueAt: waiting.dueAt, closesAt: iso('2026-03-09T17:00') },
    });
  });

  it('closes the open transfer leg with the dossier, judged as of when the clock stopped', () => {
    // The leg was due Mon 2/3; the clock stopped on Mon 9/2 while waiting for the citizen: not the leg's fault.
    const leg = { leg: 1, fromAgency: 'H38.22', toAgency: 'H38.1', at: iso('2026-02-04T10:00'), dueAt: iso('2026-03-02T17:00'), closedAt: null, verdict: null };
    const change = expiredSupplement({ ...waiting, transfers: [leg] }, at('2026-03-10T00:15'))!;
    expect(change.dossier.transfers).toEqual([{ ...leg, closedAt: at('2026-03-10T00:15').toISOString(), verdict: 'early' }]);
    // Already late when the clock stopped: late it stays.
    const lateLeg = { ...leg, dueAt: iso('2026-02-06T17:00') };
    expect(expiredSupplement({ ...waiting, transfers: [lateLeg] }, at('2026-03-10T00:15'))!.dossier.transfers[0]!.verdict).toBe('late');
  });

  it('does nothing once the supplement was received', () => {
    expect(expiredSupplement({ ...waiting, status: 'in-progress' }, at('2026-04-01T10:00'))).toBeNull();
  });
});
