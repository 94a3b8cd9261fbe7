import { describe, expect, it } from 'vitest';
import { at, iso, runWatch, warn, watched } from './fixtures.ts';

describe('overdue warnings', () => {
  it('gives a dossier first seen overdue only the overdue warning', () => {
    expect(runWatch(watched({}), ['2026-02-16T10:00', '2026-02-16T11:00'])).toEqual(['DossierOverdue', null]);
  });

  it('judges an hour limit by the hour', () => {
    const hours = watched({ dueAt: iso('2026-02-12T10:00'), timeLimit: { unit: 'workingHours', value: 4 } });
    expect(runWatch(hours, ['2026-02-12T10:30'])).toEqual(['DossierOverdue']);
  });

  it('leaves alone dossiers whose clock is stopped or which are closed', () => {
    for (const status of ['supplement-requested', 'resolved', 'returned', 'stopped', 'withdrawn', 'not-accepted'] as const) {
      expect(warn(watched({ status }), at('2026-03-01T10:00'))).toBeNull();
    }
  });

  it('carries the facts of the dossier in the event', () => {
    const change = warn(watched({}), at('2026-02-16T10:00'))!;
    expect(change.event).toEqual({ type: 'DossierOverdue', data: { status: 'in-progress', statusCode: 4, dueAt: iso('2026-02-13T17:00') } });
    expect(change.dossier.warnings).toEqual({ overdue: iso('2026-02-13T17:00'), dueSoonHours: iso('2026-02-13T17:00'), dueSoonDay: iso('2026-02-13T17:00') });
  });

  it('warns afresh when the appointment moved after the overdue warning', () => {
    const warned = warn(watched({}), at('2026-02-16T10:00'))!.dossier;
    expect(warn({ ...warned, dueAt: iso('2026-02-25T17:00') }, at('2026-02-26T10:00'))?.event.type).toBe('DossierOverdue');
  });
});
