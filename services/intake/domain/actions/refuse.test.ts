import { describe, expect, it } from 'vitest';
import { act, at, DISTRICT, inStatus, iso, T1 } from './fixtures.ts';
import { OfficerAction } from './index.ts';

describe('refusal', () => {
  it('of an online dossier not yet accepted: "not accepted", with the reason', () => {
    const { dossier, event } = act(inStatus('submitted'), { type: 'refuse', reason: 'Không thuộc thẩm quyền giải quyết' }, T1);
    expect(dossier.status).toBe('not-accepted');
    expect(dossier.closingReason).toBe('Không thuộc thẩm quyền giải quyết');
    expect(event).toEqual({
      type: 'DossierRefused',
      data: { status: 'not-accepted', statusCode: 3, dueAt: dossier.dueAt, reason: 'Không thuộc thẩm quyền giải quyết' },
    });
  });

  it.each(['accepted', 'in-progress', 'supplement-requested', 'payment-requested'] as const)(
    'of a dossier %s: processing stopped, with the reason',
    (from) => {
      const { dossier, event } = act(inStatus(from), { type: 'refuse', reason: 'Không đủ điều kiện' }, at('2025-07-16T10:00'));
      expect(dossier.status).toBe('stopped');
      expect(dossier.closingReason).toBe('Không đủ điều kiện');
      expect(event.data).toMatchObject({ statusCode: 8, reason: 'Không đủ điều kiện' });
    },
  );

  it.each([
    ['no reason', { type: 'refuse' }],
    ['an empty reason', { type: 'refuse', reason: '' }],
    ['a blank reason', { type: 'refuse', reason: '          ' }],
    ['a reason too short to say anything', { type: 'refuse', reason: 'no' }],
  ])('needs a reason: %s is rejected', (_, action) => {
    expect(OfficerAction.safeParse(action).success).toBe(false);
  });

  it('the reason is stored trimmed', () => {
    const { dossier } = act(inStatus('accepted'), { type: 'refuse', reason: '  Không đủ điều kiện  ' }, T1);
    expect(dossier.closingReason).toBe('Không đủ điều kiện');
  });

  it('closes an open leg when the dossier is refused', () => {
    const handed = act(inStatus('in-progress'), { type: 'transfer', toAgency: DISTRICT.code }, at('2025-07-15T10:00')).dossier;
    const action = { type: 'refuse', reason: 'Không đủ điều kiện' } as const;
    expect(act(handed, action, at('2025-07-16T10:00')).dossier.transfers[0]).toMatchObject({ closedAt: iso('2025-07-16T10:00'), verdict: 'early' });
  });
});

describe('the free text officers type into actions', () => {
  it('is normalised to NFC, and refused when it could disguise itself (bidi overrides, invisible-only)', () => {
    const decomposed = 'Không đủ điều kiện'.normalize('NFD');
    expect(OfficerAction.parse({ type: 'refuse', reason: decomposed })).toEqual({ type: 'refuse', reason: 'Không đủ điều kiện' });
    expect(OfficerAction.safeParse({ type: 'refuse', reason: 'Lý do \u202Eabc' }).success).toBe(false);
    expect(OfficerAction.safeParse({ type: 'withdraw', reason: '\u200B\u200B' }).success).toBe(false);
    expect(OfficerAction.safeParse({ type: 'requestSupplement', missing: ['Bản sao\u0000 CCCD'] }).success).toBe(false);
    expect(OfficerAction.safeParse({ type: 'extend', reason: 'Cần xác minh\nthêm hồ sơ', newDueAt: '2026-12-01T09:00:00+07:00' }).success).toBe(true);
  });
});
