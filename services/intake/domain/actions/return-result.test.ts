import { describe, expect, it } from 'vitest';
import { httpStatusOf } from '../../../../libs/platform/http.ts';
import { domainErrorOf } from '../../../../tests/support/domain-error.ts';
import { act, at, BY_POST, newDossier, T1, type Delivery } from './fixtures.ts';

describe('returning the result', () => {
  const resolvedWith = (delivery: Delivery) =>
    act(act(newDossier({ delivery }), { type: 'startProcessing' }, T1).dossier, { type: 'resolve' }, at('2025-07-16T10:00')).dossier;

  it.each(['counter', 'online'] as const)('returns a result delivered %s', (method) => {
    const now = at('2025-07-17T09:30');
    const { dossier, event } = act(resolvedWith({ method }), { type: 'returnResult' }, now);
    expect(dossier.status).toBe('returned');
    expect(dossier.returnedAt).toBe(now.toISOString());
    expect(dossier.verdict).toBe('early'); // frozen at resolution
    expect(event).toEqual({
      type: 'DossierResultReturned',
      data: { status: 'returned', statusCode: 10, dueAt: dossier.dueAt, method },
    });
  });

  it('refuses to hand over at the counter a result that goes back by post', () => {
    const postal = resolvedWith(BY_POST);
    const error = domainErrorOf(() => act(postal, { type: 'returnResult' }, at('2025-07-17T09:30')));
    expect(httpStatusOf(error)).toBe(409);
    expect(error.code).toBe('POSTAL_RETURN');
  });
});
