import { describe, expect, it } from 'vitest';
import { DomainEvent as AnyEvent } from '../../../../libs/events/catalog.ts';
import type { IntakeEvent as DomainEvent } from '../../../../libs/events/intake.ts';
import { domainErrorOf } from '../../../../tests/support/domain-error.ts';
import { at, BY_POST, deepFreeze, details, inStatus, iso, T1 } from './fixtures.ts';
import { ACTIONS, allowedActions, decide, type ActionInput } from './index.ts';

const POSTAL = BY_POST;
const NOW = at('2025-07-18T09:00');
/** Resolved at T1 (Tue 15/7 10:00), its result to go back by post. */
const resolvedByPost = () => deepFreeze(inStatus('resolved', POSTAL));
const delivered = (occurredAt: string, recipientName = 'Trần Thị Bình'): ActionInput => ({ type: 'deliverByPost', occurredAt, recipientName });

describe('delivery of the result by post', () => {
  it('the fixture was resolved at T1, its result going back by post', () => {
    expect(resolvedByPost()).toMatchObject({ status: 'resolved', resolvedAt: T1.toISOString(), resultDelivery: POSTAL });
  });

  it('returns the dossier as of the delivery, not of the report, and keeps who signed for it out of the event', () => {
    const before = resolvedByPost();
    const { dossier, event } = decide(before, delivered(iso('2025-07-17T14:20')), { now: NOW });
    expect(dossier.status).toBe('returned');
    expect(dossier.returnedAt).toBe(iso('2025-07-17T14:20'));
    expect(dossier.returnedTo).toBe('Trần Thị Bình');
    expect(dossier.verdict).toBe(before.verdict); // frozen at resolution
    expect(event).toEqual({
      type: 'DossierResultReturned',
      data: { status: 'returned', statusCode: 10, dueAt: before.dueAt, method: 'postal', deliveredAt: iso('2025-07-17T14:20') },
    });
    expect(JSON.stringify(event)).not.toContain('Bình');
    const stored = AnyEvent.parse({
      eventId: '00000000-0000-4000-8000-000000000003',
      type: event.type,
      version: 1,
      occurredAt: NOW.toISOString(),
      sequence: dossier.version + 1,
      dossierCode: dossier.code,
      agencyCode: dossier.agencyCode,
      procedureCode: dossier.procedureCode,
      actor: ACTIONS.deliverByPost.performedBy,
      data: event.data,
    });
    expect(stored.actor).toEqual({ kind: 'system', id: 'postal' });
    expect(allowedActions(dossier.status)).toEqual([]);
  });

  it('takes the delivery time with any offset', () => {
    const { dossier } = decide(resolvedByPost(), delivered('2025-07-17T07:20:00Z'), { now: NOW });
    expect(dossier.returnedAt).toBe(iso('2025-07-17T14:20'));
  });

  it('records a delivery reported before the result existed as returned at the resolution', () => {
    const { dossier, event } = decide(resolvedByPost(), delivered(iso('2025-07-15T09:59')), { now: NOW });
    expect(dossier.returnedAt).toBe(T1.toISOString());
    expect(event.data).toMatchObject({ deliveredAt: T1.toISOString() });
  });

  it('records a delivery reported in the future as returned now', () => {
    const { dossier } = decide(resolvedByPost(), delivered(iso('2025-07-18T09:05')), { now: NOW });
    expect(dossier.returnedAt).toBe(NOW.toISOString());
  });

  it('refuses a result that was to be returned at the counter or online', () => {
    for (const method of ['counter', 'online'] as const) {
      const error = domainErrorOf(() => decide(inStatus('resolved', { method }), delivered(iso('2025-07-17T14:20')), { now: NOW }));
      expect(error.code).toBe('NOT_A_POSTAL_RETURN');
      expect(details(error)).toEqual({ resultDelivery: method });
    }
  });

  it('refuses a second report of the same delivery: the dossier is already returned', () => {
    const once = decide(resolvedByPost(), delivered(iso('2025-07-17T14:20')), { now: NOW }).dossier;
    const error = domainErrorOf(() => decide(once, delivered(iso('2025-07-17T14:25')), { now: NOW }));
    expect(error.code).toBe('ACTION_NOT_ALLOWED');
    expect(details(error)).toEqual({ status: 'returned', allowedActions: [] });
  });

  it.each(['in-progress', 'supplement-requested', 'stopped'] as const)('refuses a delivery while the dossier is %s', (status) => {
    const error = domainErrorOf(() => decide(inStatus(status, POSTAL), delivered(iso('2025-07-17T14:20')), { now: NOW }));
    expect(error.code).toBe('ACTION_NOT_ALLOWED');
    expect(details(error)).toEqual({ status, allowedActions: [] });
  });

  it('reads the report strictly: an instant with its offset, a name if the partner gave one, nothing else', () => {
    const { input } = ACTIONS.deliverByPost;
    expect(input.safeParse(delivered('2025-07-17T14:20:00+07:00')).success).toBe(true);
    expect(input.safeParse(delivered('2025-07-17T14:20:00')).success).toBe(false);
    expect(input.safeParse(delivered('2025-07-17')).success).toBe(false);
    // A name we cannot keep is dropped, never a reason to leave the dossier unreturned.
    for (const unusable of ['   ', 'x'.repeat(201), 'Nguyễn \u202EnA', 'A\u0000B']) {
      expect(input.parse(delivered('2025-07-17T14:20:00+07:00', unusable)).recipientName).toBeUndefined();
    }
    expect(input.parse(delivered('2025-07-17T14:20:00+07:00', 'Nguyễn Văn An'.normalize('NFD'))).recipientName).toBe('Nguyễn Văn An');
    expect(input.safeParse({ ...delivered('2025-07-17T14:20:00+07:00'), shipmentId: 'EMS1' }).success).toBe(false);
    // Not every partner reports who signed: the delivery still counts.
    expect(input.safeParse({ type: 'deliverByPost', occurredAt: '2025-07-17T14:20:00+07:00' }).success).toBe(true);
  });
});
