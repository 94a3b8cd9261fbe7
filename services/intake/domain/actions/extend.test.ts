import { describe, expect, it } from 'vitest';
import { httpStatusOf } from '../../../../libs/platform/http.ts';
import { domainErrorOf } from '../../../../tests/support/domain-error.ts';
import { act, at, details, FIVE_DAYS, inStatus, iso, newDossier, T1 } from './fixtures.ts';
import { OfficerAction } from './index.ts';

describe('apology and new appointment (extend)', () => {
  // Received Monday 14 09:00 with five working days: due Monday 21 at 17:00.
  const dueMonday = () => act(newDossier({ procedure: FIVE_DAYS }), { type: 'startProcessing' }, T1, FIVE_DAYS).dossier;
  const extend = (newDueAt = iso('2025-07-25T17:00')): OfficerAction => ({
    type: 'extend',
    reason: 'Cần xác minh thêm với cơ quan thuế',
    newDueAt,
  });

  it('the fixture is due on Monday 21 at 17:00', () => {
    expect(dueMonday().dueAt).toBe(iso('2025-07-21T17:00'));
  });

  it('on the last working day before the deadline, sets the new appointment and keeps the first one', () => {
    const now = at('2025-07-18T16:00'); // Friday
    const { dossier, event } = act(dueMonday(), extend(), now, FIVE_DAYS);
    expect(dossier.status).toBe('in-progress');
    expect(dossier.dueAt).toBe(iso('2025-07-25T17:00'));
    expect(dossier.originalDueAt).toBe(iso('2025-07-21T17:00'));
    expect(dossier.extendedAt).toBe(now.toISOString());
    expect(event).toEqual({
      type: 'DossierExtended',
      data: {
        status: 'in-progress',
        statusCode: 4,
        dueAt: iso('2025-07-25T17:00'),
        previousDueAt: iso('2025-07-21T17:00'),
        reason: 'Cần xác minh thêm với cơ quan thuế',
      },
    });
  });

  it.each([
    ['on the deadline day', '2025-07-21T08:00'],
    ['after the deadline', '2025-07-22T09:00'],
    ['on the Saturday before a Monday deadline (Friday was the last working day)', '2025-07-19T10:00'],
    ['on the Sunday before a Monday deadline', '2025-07-20T10:00'],
  ])('is refused %s', (_, local) => {
    const error = domainErrorOf(() => act(dueMonday(), extend(), at(local), FIVE_DAYS));
    expect(httpStatusOf(error)).toBe(409);
    expect(error.code).toBe('APOLOGY_TOO_LATE');
    expect(details(error).dueAt).toBe(iso('2025-07-21T17:00'));
  });

  it('may set a new appointment only once', () => {
    const once = act(dueMonday(), extend(), at('2025-07-16T10:00'), FIVE_DAYS);
    const error = domainErrorOf(() => act(once.dossier, extend(iso('2025-07-30T17:00')), at('2025-07-17T10:00'), FIVE_DAYS));
    expect(httpStatusOf(error)).toBe(409);
    expect(error.code).toBe('ALREADY_EXTENDED');
    expect(details(error).extendedAt).toBe(iso('2025-07-16T10:00'));
  });

  it.each([
    ['the same as', '2025-07-21T17:00'],
    ['earlier than', '2025-07-21T10:00'],
  ])('refuses a new appointment %s the current one', (_, local) => {
    const error = domainErrorOf(() => act(dueMonday(), extend(iso(local)), at('2025-07-16T10:00'), FIVE_DAYS));
    expect(httpStatusOf(error)).toBe(422);
    expect(error.code).toBe('NEW_DUE_NOT_LATER');
  });

  it('needs a reason and a new appointment with its offset', () => {
    expect(OfficerAction.safeParse({ type: 'extend', newDueAt: iso('2025-07-25T17:00') }).success).toBe(false);
    expect(OfficerAction.safeParse({ type: 'extend', reason: '   ', newDueAt: iso('2025-07-25T17:00') }).success).toBe(false);
    expect(OfficerAction.safeParse({ type: 'extend', reason: 'Cần xác minh', newDueAt: '2025-07-25' }).success).toBe(false);
    expect(OfficerAction.safeParse({ type: 'extend', reason: 'Cần xác minh', newDueAt: '2025-07-25T17:00:00+07:00' }).success).toBe(true);
  });

  it('refuses a new appointment more than a year away (a typing mistake, not an apology)', () => {
    const error = domainErrorOf(() => act(inStatus('in-progress'), { type: 'extend', reason: 'Cần xác minh thêm', newDueAt: iso('2207-07-25T17:00') }, at('2025-07-17T10:00')));
    expect(httpStatusOf(error)).toBe(422);
    expect(error.code).toBe('NEW_DUE_TOO_FAR');
  });

  it('refuses a new appointment outside office hours', () => {
    const error = domainErrorOf(() => act(inStatus('in-progress'), { type: 'extend', reason: 'Cần xác minh thêm', newDueAt: iso('2025-07-25T03:00') }, at('2025-07-17T10:00')));
    expect(httpStatusOf(error)).toBe(422);
    expect(error.code).toBe('NEW_DUE_OUTSIDE_OFFICE_HOURS');
  });

  it('refuses a new appointment on a non-working day', () => {
    const error = domainErrorOf(() => act(inStatus('in-progress'), { type: 'extend', reason: 'Cần xác minh thêm', newDueAt: iso('2025-07-26T10:00') }, at('2025-07-17T10:00')));
    expect(httpStatusOf(error)).toBe(422);
    expect(error.code).toBe('NEW_DUE_NOT_WORKING_DAY');
  });
});
