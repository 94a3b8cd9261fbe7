import { describe, expect, it } from 'vitest';
import { act, at, inStatus, iso } from './fixtures.ts';
import { OfficerAction } from './index.ts';

describe('requesting payment of fees', () => {
  it.each(['accepted', 'in-progress'] as const)('is requested from %s, remembering it', (from) => {
    const requested = act(inStatus(from), { type: 'requestPayment', amountVnd: 50_000 }, at('2025-07-16T10:00'));
    expect(requested.dossier.status).toBe('payment-requested');
    expect(requested.dossier.payment).toEqual({
      amountVnd: 50_000,
      requestedAt: iso('2025-07-16T10:00'),
      paidAt: null,
      resumeStatus: from,
    });
    expect(requested.event.data).toMatchObject({ statusCode: 6, amountVnd: 50_000 });
  });

  it('rejects negative or fractional amounts', () => {
    expect(OfficerAction.safeParse({ type: 'requestPayment', amountVnd: -1 }).success).toBe(false);
    expect(OfficerAction.safeParse({ type: 'requestPayment', amountVnd: 10.5 }).success).toBe(false);
  });
});
