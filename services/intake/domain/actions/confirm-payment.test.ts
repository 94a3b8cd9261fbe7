import { describe, expect, it } from 'vitest';
import { act, at, inStatus, iso } from './fixtures.ts';

describe('confirming payment of fees', () => {
  it.each(['accepted', 'in-progress'] as const)('resumes %s when paid', (from) => {
    const requested = act(inStatus(from), { type: 'requestPayment', amountVnd: 50_000 }, at('2025-07-16T10:00'));
    const paid = act(requested.dossier, { type: 'confirmPayment' }, at('2025-07-16T14:00'));
    expect(paid.dossier.status).toBe(from);
    expect(paid.dossier.payment?.paidAt).toBe(iso('2025-07-16T14:00'));
    expect(paid.event.type).toBe('DossierPaymentReceived');
  });
});
