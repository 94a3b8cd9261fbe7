import { describe, expect, it } from 'vitest';
import type { Dossier } from '../dossier.ts';
import { at, iso, watched } from './fixtures.ts';
import { decide, owedClosing, type Decision } from './index.ts';

/** What the deadline watch does to a dossier waiting for a supplement: close it when owed, else nothing. */
function expiredSupplement(dossier: Dossier, now: Date): Decision<'DossierSupplementExpired'> | null {
  const closing = owedClosing(dossier, { now });
  return closing && (decide(dossier, closing, { now }) as Decision<'DossierSupplementExpired'>);
}

describe('supplement closing', () => {
  const waiting = watched({
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

  it('never closes a supplement stored without a closing time (requested before there were closing periods)', () => {
    expect(expiredSupplement({ ...waiting, supplement: { ...waiting.supplement!, closesAt: undefined } }, at('2027-01-01T10:00'))).toBeNull();
  });

  it('does nothing once the supplement was received', () => {
    expect(expiredSupplement({ ...waiting, status: 'in-progress' }, at('2026-04-01T10:00'))).toBeNull();
  });
});
