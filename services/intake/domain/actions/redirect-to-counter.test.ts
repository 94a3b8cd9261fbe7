import { describe, expect, it } from 'vitest';
import { domainErrorOf } from '../../../../tests/support/domain-error.ts';
import { act, at, BY_POST, deepFreeze, DELIVERY_ADDRESS, details, envelope, inStatus, iso, T1 } from './fixtures.ts';
import { ACTIONS, allowedActions, decide, type ActionInput } from './index.ts';

const NOW = at('2025-07-18T09:00');
/** Resolved at T1 (Tue 15/7 10:00), its result to go back by post with 30,000 đồng collected on delivery. */
const resolvedByPost = () => deepFreeze(inStatus('resolved', { ...BY_POST, collectOnDeliveryVnd: 30_000 }));
const failed = (occurredAt: string, reason: 'repeated_failures' | 'returned_to_sender' = 'repeated_failures', failedAttempts = 3): ActionInput => ({
  type: 'redirectToCounter',
  reason,
  failedAttempts,
  occurredAt,
});

describe('a result the post could not deliver, redirected to the counter', () => {
  it('keeps the dossier resolved, its result now collected at the counter, with why, how often and when', () => {
    const before = resolvedByPost();
    const { dossier, event } = decide(before, failed(iso('2025-07-17T14:20')), { now: NOW });
    expect(dossier.status).toBe('resolved');
    expect(dossier.returnedAt).toBeNull();
    expect(dossier.resultDelivery).toEqual({
      method: 'counter',
      // What the postal return was is kept: where it was going, and the fees still owed (now at the counter).
      address: DELIVERY_ADDRESS,
      collectOnDeliveryVnd: 30_000,
      redirection: { from: 'postal', reason: 'repeated_failures', failedAttempts: 3, at: iso('2025-07-17T14:20') },
    });
    expect({ ...dossier, resultDelivery: before.resultDelivery }).toEqual(before); // nothing else changed
    expect(event).toEqual({
      type: 'DossierResultRedirected',
      data: { status: 'resolved', statusCode: 9, dueAt: before.dueAt, from: 'postal', to: 'counter', reason: 'repeated_failures', failedAttempts: 3, failedAt: iso('2025-07-17T14:20') },
    });
    const stored = envelope(dossier, event, NOW, ACTIONS.redirectToCounter.performedBy);
    expect(stored.actor).toEqual({ kind: 'system', id: 'postal' });
    expect(allowedActions(dossier.status)).toEqual(['returnResult']);
  });

  it('lets an officer then hand the result over at the counter', () => {
    const redirected = decide(resolvedByPost(), failed(iso('2025-07-17T14:20'), 'returned_to_sender', 2), { now: NOW }).dossier;
    const { dossier, event } = act(redirected, { type: 'returnResult' }, at('2025-07-21T08:30'));
    expect(dossier.status).toBe('returned');
    expect(dossier.returnedAt).toBe(iso('2025-07-21T08:30'));
    expect(dossier.resultDelivery.redirection).toEqual({ from: 'postal', reason: 'returned_to_sender', failedAttempts: 2, at: iso('2025-07-17T14:20') });
    expect(event).toEqual({ type: 'DossierResultReturned', data: { status: 'returned', statusCode: 10, dueAt: dossier.dueAt, method: 'counter' } });
  });

  it('still returns it by post if the post delivers it after all (a later attempt, reported in any order)', () => {
    const redirected = decide(resolvedByPost(), failed(iso('2025-07-17T14:20')), { now: NOW }).dossier;
    const { dossier, event } = decide(redirected, { type: 'deliverByPost', occurredAt: iso('2025-07-18T08:00') }, { now: NOW });
    expect(dossier.status).toBe('returned');
    expect(dossier.returnedAt).toBe(iso('2025-07-18T08:00'));
    expect(event.data).toMatchObject({ method: 'postal', deliveredAt: iso('2025-07-18T08:00') });
  });

  it('takes the failure time with any offset, and clamps it as deliveries are: never before the resolution, never after now', () => {
    const at = (occurredAt: string) => decide(resolvedByPost(), failed(occurredAt), { now: NOW }).dossier.resultDelivery.redirection?.at;
    expect(at('2025-07-17T07:20:00Z')).toBe(iso('2025-07-17T14:20'));
    expect(at(iso('2025-07-15T09:59'))).toBe(T1.toISOString());
    expect(at(iso('2025-07-18T09:05'))).toBe(NOW.toISOString());
    const { event } = decide(resolvedByPost(), failed(iso('2025-07-15T09:59')), { now: NOW });
    expect(event.data).toMatchObject({ failedAt: T1.toISOString() });
  });

  it('refuses a result that was to be returned at the counter or online, or was already redirected', () => {
    for (const method of ['counter', 'online'] as const) {
      const error = domainErrorOf(() => decide(inStatus('resolved', { method }), failed(iso('2025-07-17T14:20')), { now: NOW }));
      expect(error.code).toBe('NOT_A_POSTAL_RETURN');
      expect(details(error)).toEqual({ resultDelivery: method });
    }
    const redirected = decide(resolvedByPost(), failed(iso('2025-07-17T14:20')), { now: NOW }).dossier;
    const error = domainErrorOf(() => decide(redirected, failed(iso('2025-07-17T15:00')), { now: NOW }));
    expect(error.code).toBe('NOT_A_POSTAL_RETURN');
    expect(details(error)).toEqual({ resultDelivery: 'counter' });
  });

  it.each(['in-progress', 'supplement-requested', 'stopped'] as const)('refuses a failure while the dossier is %s', (status) => {
    const error = domainErrorOf(() => decide(inStatus(status, BY_POST), failed(iso('2025-07-17T14:20')), { now: NOW }));
    expect(error.code).toBe('ACTION_NOT_ALLOWED');
    expect(details(error)).toEqual({ status, allowedActions: [] });
  });

  it('refuses it once the result was returned: delivered after all, the dossier has nothing to redirect', () => {
    const returned = decide(resolvedByPost(), { type: 'deliverByPost', occurredAt: iso('2025-07-17T10:00') }, { now: NOW }).dossier;
    const error = domainErrorOf(() => decide(returned, failed(iso('2025-07-17T14:20')), { now: NOW }));
    expect(error.code).toBe('ACTION_NOT_ALLOWED');
    expect(details(error)).toEqual({ status: 'returned', allowedActions: [] });
  });

  it('reads the report strictly: a known reason, a count, an instant with its offset, nothing else', () => {
    const { input } = ACTIONS.redirectToCounter;
    expect(input.safeParse(failed('2025-07-17T14:20:00+07:00')).success).toBe(true);
    expect(input.safeParse(failed('2025-07-17T14:20:00')).success).toBe(false);
    expect(input.safeParse({ ...failed('2025-07-17T14:20:00+07:00'), reason: 'lost' }).success).toBe(false);
    expect(input.safeParse(failed('2025-07-17T14:20:00+07:00', 'repeated_failures', -1)).success).toBe(false);
    expect(input.safeParse(failed('2025-07-17T14:20:00+07:00', 'repeated_failures', 1.5)).success).toBe(false);
    expect(input.safeParse({ ...failed('2025-07-17T14:20:00+07:00'), shipmentId: 'EMS1' }).success).toBe(false);
  });
});
