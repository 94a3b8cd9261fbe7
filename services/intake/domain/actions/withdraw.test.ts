import { describe, expect, it } from 'vitest';
import { httpStatusOf } from '../../../../libs/platform/http.ts';
import { domainErrorOf } from '../../../../tests/support/domain-error.ts';
import { act, at, DISTRICT, inStatus, iso, T1 } from './fixtures.ts';

describe('withdrawal at the citizen request', () => {
  it.each(['submitted', 'accepted', 'in-progress', 'supplement-requested', 'payment-requested'] as const)(
    'is allowed while no result was issued (%s)',
    (from) => {
      const { dossier, event } = act(inStatus(from), { type: 'withdraw', reason: 'Công dân không còn nhu cầu' }, at('2025-07-16T10:00'));
      expect(dossier.status).toBe('withdrawn');
      expect(dossier.closingReason).toBe('Công dân không còn nhu cầu');
      expect(event.type).toBe('DossierWithdrawn');
      expect(event.data.statusCode).toBe(7);
    },
  );

  it('without a reason still records why it closed', () => {
    const { dossier } = act(inStatus('in-progress'), { type: 'withdraw' }, T1);
    expect(dossier.closingReason).toBeTruthy();
  });

  it.each(['resolved', 'returned'] as const)('is refused once a result exists (%s)', (from) => {
    const error = domainErrorOf(() => act(inStatus(from), { type: 'withdraw' }, at('2025-07-16T10:00')));
    expect(httpStatusOf(error)).toBe(409);
    expect(error.code).toBe('ACTION_NOT_ALLOWED');
  });

  it('closes an open leg when the dossier is withdrawn', () => {
    const handed = act(inStatus('in-progress'), { type: 'transfer', toAgency: DISTRICT.code }, at('2025-07-15T10:00')).dossier;
    const action = { type: 'withdraw' } as const;
    expect(act(handed, action, at('2025-07-16T10:00')).dossier.transfers[0]).toMatchObject({ closedAt: iso('2025-07-16T10:00'), verdict: 'early' });
  });
});
