import { describe, expect, it } from 'vitest';
import type { Dossier } from '../domain/dossier.ts';
import { act, at, inStatus, iso, PAUSE } from '../domain/actions/fixtures.ts';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DossierRepository, fromItem } from './dossier-repository.ts';
import { checkLine, importOf } from '../domain/history-import.ts';

/** A dossier as the table holds it: keyed by code, with the watch index's keys. */
const itemOf = (dossier: object): Record<string, unknown> => ({
  pk: (dossier as Dossier).code,
  ...dossier,
  watchStatus: 'supplement-requested',
  watchAt: iso('2025-08-07T17:00'),
});

/** Stored by the version before hour limits: days left as a number, no limit of its own. */
function storedBeforeHourLimits(dossier: Dossier, procedureCode: string, remainingWorkingDays: number | null): Record<string, unknown> {
  const { timeLimit: _limit, supplement, ...rest } = dossier;
  const { remaining: _remaining, remainingStatutory: _statutory, remainingLeg: _leg, ...older } = supplement!;
  return itemOf({ ...rest, procedureCode, supplement: { ...older, remainingWorkingDays } });
}

describe('reading a stored dossier (fromItem)', () => {
  const waiting = act(inStatus('in-progress'), { type: 'requestSupplement', missing: ['Bản sao giấy khai sinh'] }, at('2025-07-17T10:00')).dossier;

  it('gives back today\'s dossier as it was stored, without the index keys', () => {
    expect(waiting.supplement?.remaining).toEqual({ unit: 'workingDays', value: 3 });
    expect(fromItem(itemOf(waiting))).toEqual(waiting);
  });

  it('upgrades the days a paused clock had left, as stored before hour limits', () => {
    const upgraded = fromItem(storedBeforeHourLimits(waiting, '1.001776', 3));
    expect(upgraded.supplement).toEqual({ ...waiting.supplement, remaining: { unit: 'workingDays', value: 3 } });
    expect(upgraded.supplement).not.toHaveProperty('remainingWorkingDays');
    expect(fromItem(storedBeforeHourLimits(waiting, '1.001776', null)).supplement?.remaining).toBeNull();
  });

  it('gives a dossier stored without its limit the limit of its procedure in the catalog', () => {
    expect(fromItem(storedBeforeHourLimits(waiting, '1.001776', 3)).timeLimit).toEqual({ unit: 'workingDays', value: 17 });
    expect(fromItem(storedBeforeHourLimits(waiting, '1.001193', null)).timeLimit).toEqual({ unit: 'workingHours', value: 4 });
  });

  it('refuses to guess the limit of a procedure the catalog does not have', () => {
    expect(() => fromItem(storedBeforeHourLimits(waiting, '9.999999', 3))).toThrow(/9\.999999/);
  });

  it('keeps a one-line postal address, stored before addresses were structured, apart from the structured one', () => {
    const line = 'Thôn 3, xã Lâm Thượng, tỉnh Lào Cai';
    const stored = { ...waiting, resultDelivery: { method: 'postal', address: line } };
    const upgraded = fromItem(itemOf(stored));
    expect(upgraded.resultDelivery).toEqual({ method: 'postal', unstructuredAddress: line });
    expect(upgraded.resultDelivery).not.toHaveProperty('address');
  });

  it('reads a structured postal address back as it was stored', () => {
    const address = { line: 'Số 12 đường Lê Lợi', commune: 'Phường Hòa Bình', province: 'Tỉnh Hòa Lâm' };
    const postal = { ...waiting, resultDelivery: { method: 'postal', address, collectOnDeliveryVnd: 50_000 } } as Dossier;
    expect(fromItem(itemOf(postal))).toEqual(postal);
  });

  it('leaves the rules one shape to read: an upgraded paused dossier resumes with the days it had left', () => {
    const upgraded = fromItem(storedBeforeHourLimits(waiting, '1.001776', 3));
    // Completed on Wednesday 23: the 3 working days left run Thu 24, Fri 25, Mon 28.
    expect(act(upgraded, { type: 'receiveSupplement' }, at('2025-07-23T10:00'), PAUSE).dossier.dueAt).toBe(iso('2025-07-28T17:00'));
  });
});

describe('a change that loses to another', () => {
  /** A client whose transaction DynamoDB cancels for the given reasons. */
  const cancelling = (...codes: string[]) =>
    ({
      send: async () => {
        throw new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
      },
    }) as unknown as DynamoDBDocumentClient;

  it.each([
    ['our condition failed: the other change was saved first', ['ConditionalCheckFailed', 'None']],
    ['both were being saved at once (DynamoDB cancels them with TransactionConflict)', ['None', 'TransactionConflict']],
  ])('is CONCURRENT_UPDATE when %s, never a server error', async (_, reasons) => {
    const repository = new DossierRepository(cancelling(...reasons), { dossiers: 'd', history: 'h' });
    const dossier = inStatus('accepted');
    const decision = act(dossier, { type: 'startProcessing' }, at('2025-07-16T10:00'));
    await expect(repository.update(dossier, decision.dossier, decision.event, { kind: 'officer', id: 'o-1' }, at('2025-07-16T10:00'))).rejects.toMatchObject({
      name: 'DomainError',
      code: 'CONCURRENT_UPDATE',
    });
  });
});

describe('the watch index, read', () => {
  it('skips a stored dossier it cannot read, and goes on with the others', async () => {
    const good = inStatus('accepted');
    const unreadable = storedBeforeHourLimits(inStatus('supplement-requested'), '9.999999', 3);
    const client = { send: async () => ({ Items: [unreadable, itemOf(good)] }) } as unknown as DynamoDBDocumentClient;
    const repository = new DossierRepository(client, { dossiers: 'd', history: 'h' });
    const seen: string[] = [];
    for await (const dossier of repository.watched('accepted', new Date())) seen.push(dossier.code);
    expect(seen).toEqual([good.code]);
  });
});

describe('an imported dossier, read', () => {
  const imported = (() => {
    const check = checkLine(
      JSON.stringify({ code: 'HL-2024-000123', procedureCode: '1.004873', agencyCode: 'H38.22.1', channel: 'counter', receivedAt: '2024-03-04T09:00:00+07:00', dueAt: '2024-03-07T17:00:00+07:00', resolvedAt: '2024-03-06T10:00:00+07:00', status: 'resolved' }),
      { agencyExists: () => true },
    );
    if (!check.ok) throw new Error(check.reasons.join('; '));
    return importOf(check.line, { now: new Date('2026-11-30T00:00:00Z'), procedureOf: () => undefined }).dossier;
  })();
  const holding = (item: Record<string, unknown>) => new DossierRepository({ send: async () => ({ Item: item }) } as unknown as DynamoDBDocumentClient, { dossiers: 'd', history: 'h' });

  it('is found as what it is, under the previous system\'s code', async () => {
    expect(await holding({ pk: imported.code, ...imported }).find(imported.code)).toEqual({ kind: 'imported', dossier: imported });
  });

  it('refuses to be acted on: IMPORTED_DOSSIER, never a crash on a record without an applicant', async () => {
    await expect(holding({ pk: imported.code, ...imported }).get(imported.code)).rejects.toMatchObject({ name: 'DomainError', code: 'IMPORTED_DOSSIER' });
  });

  it('reads a live dossier as before', async () => {
    const live = inStatus('accepted');
    expect(await holding(itemOf(live)).get(live.code)).toEqual(live);
  });
});
