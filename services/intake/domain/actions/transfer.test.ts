import { describe, expect, it } from 'vitest';
import { httpStatusOf } from '../../../../libs/platform/http.ts';
import { domainErrorOf } from '../../../../tests/support/domain-error.ts';
import { MAX_TRANSFERS } from './transfer.ts';
import { act, at, details, DISTRICT, inStatus, iso, PROVINCE_CENTRE, T1, WARD } from './fixtures.ts';

describe('inter-agency transfer', () => {
  it('records each hand-off with sender, receiver and time, and moves the dossier', () => {
    const first = act(inStatus('in-progress'), { type: 'transfer', toAgency: DISTRICT.code, note: 'Chuyển phòng Tư pháp thẩm định' }, at('2025-07-16T10:15'));
    expect(first.dossier.status).toBe('in-progress');
    expect(first.dossier.handlingAgency).toBe(DISTRICT.code);
    expect(first.dossier.agencyCode).toBe(WARD.code); // the receiving agency never changes
    // Without an allotment, the leg has until the dossier's own appointment, Tuesday 22.
    const due = first.dossier.dueAt!;
    expect(due).toBe(iso('2025-07-22T17:00'));
    expect(first.dossier.transfers).toEqual([
      { leg: 1, fromAgency: WARD.code, toAgency: DISTRICT.code, at: iso('2025-07-16T10:15'), note: 'Chuyển phòng Tư pháp thẩm định', dueAt: due, closedAt: null, verdict: null },
    ]);
    expect(first.event).toEqual({
      type: 'DossierTransferred',
      data: { status: 'in-progress', statusCode: 4, dueAt: due, fromAgency: WARD.code, toAgency: DISTRICT.code, leg: 1, legDueAt: due },
    });

    // The district hands on within one allotted working day: its leg closes, judged on its own.
    const second = act(first.dossier, { type: 'transfer', toAgency: PROVINCE_CENTRE.code, allottedWorkingDays: 1 }, at('2025-07-17T14:40'));
    expect(second.dossier.handlingAgency).toBe(PROVINCE_CENTRE.code);
    expect(second.dossier.transfers).toHaveLength(2);
    expect(second.dossier.transfers[0]).toEqual({ ...first.dossier.transfers[0], closedAt: iso('2025-07-17T14:40'), verdict: 'early' }); // its leg was due Tue 22
    expect(second.dossier.transfers[1]).toEqual({
      leg: 2,
      fromAgency: DISTRICT.code,
      toAgency: PROVINCE_CENTRE.code,
      at: iso('2025-07-17T14:40'),
      dueAt: iso('2025-07-18T17:00'), // one working day after Thu 17
      allottedWorkingDays: 1,
      closedAt: null,
      verdict: null,
    });
    expect(second.event.data).toMatchObject({
      fromAgency: DISTRICT.code,
      toAgency: PROVINCE_CENTRE.code,
      leg: 2,
      legDueAt: iso('2025-07-18T17:00'),
      closedLeg: { leg: 1, toAgency: DISTRICT.code, closedAt: iso('2025-07-17T14:40'), verdict: 'early' },
    });

    // The centre resolves on Monday 21: one working day late on its leg.
    const resolved = act(second.dossier, { type: 'resolve' }, at('2025-07-21T09:00'));
    expect(resolved.dossier.transfers[1]).toMatchObject({ closedAt: iso('2025-07-21T09:00'), verdict: 'late' });
    expect(resolved.event.data).toMatchObject({ closedLeg: { leg: 2, toAgency: PROVINCE_CENTRE.code, verdict: 'late' } });
    expect(resolved.dossier.transfers[0]).toEqual(second.dossier.transfers[0]);
  });

  it('refuses an agency that does not exist', () => {
    const error = domainErrorOf(() => act(inStatus('in-progress'), { type: 'transfer', toAgency: 'H99.1' }, T1));
    expect(httpStatusOf(error)).toBe(422);
    expect(error.code).toBe('UNKNOWN_AGENCY');
    expect(details(error).toAgency).toBe('H99.1');
  });

  it('refuses a transfer to the agency that already holds the dossier', () => {
    const error = domainErrorOf(() => act(inStatus('in-progress'), { type: 'transfer', toAgency: WARD.code }, T1));
    expect(httpStatusOf(error)).toBe(422);
    expect(error.code).toBe('SAME_AGENCY');
  });

  it('stops after MAX_TRANSFERS hand-offs, so transfers back and forth cannot grow a dossier past what one item holds', () => {
    let dossier = inStatus('in-progress');
    const agencies = [DISTRICT.code, WARD.code];
    for (let i = 0; i < MAX_TRANSFERS; i++) dossier = act(dossier, { type: 'transfer', toAgency: agencies[i % 2]!, note: 'ệ'.repeat(500) }, at('2025-07-16T10:15')).dossier;
    expect(dossier.transfers).toHaveLength(MAX_TRANSFERS);
    // The whole dossier with its longest notes stays far below DynamoDB's 400 KB.
    expect(Buffer.byteLength(JSON.stringify(dossier))).toBeLessThan(100_000);
    const refused = domainErrorOf(() => act(dossier, { type: 'transfer', toAgency: agencies[MAX_TRANSFERS % 2]! }, at('2025-07-16T10:20')));
    expect(refused.code).toBe('TOO_MANY_TRANSFERS');
    expect(httpStatusOf(refused)).toBe(409);
    expect(details(refused)).toEqual({ transfers: MAX_TRANSFERS, max: MAX_TRANSFERS });
  });
});
