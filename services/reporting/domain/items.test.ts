import { describe, expect, it } from 'vitest';
import { procedureShard, shardBucket, PROCEDURE_SHARDS } from './buckets.ts';
import { foldedSource, lifeOf, vn } from './fixtures.ts';
import { splitProcedure } from './items.ts';

describe('where counts go', () => {
  const events = lifeOf({ code: 'I-1', agency: 'H38.22.1', procedure: '1.001193', channel: 'online', receivedAt: vn('2025-07-14T09:00'), dueAt: vn('2025-07-17T17:00') })
    .received()
    .resolved(vn('2025-07-15T09:00'), 'early').events;
  const { folded } = foldedSource(events);
  const item = (pk: string, sk: string) => Object.fromEntries(folded.counters.get(`${pk}\u0000${sk}`)?.attrs ?? []);

  it('the bucket holds counters without the procedure; its shard by procedure holds them with it', () => {
    const shard = shardBucket('m#2025-07', procedureShard('1.001193'));
    expect(item('1#a#H38', 'm#2025-07')).toMatchObject({ 'received|*|online': 1, 'resolved.early|*|online': 1 });
    expect(Object.keys(item('1#a#H38', 'm#2025-07')).filter((attr) => attr.includes('1.001193'))).toEqual([]);
    expect(item('1#a#H38', shard)).toMatchObject({ 'received|1.001193|online': 1, 'resolved.early|1.001193|online': 1 });
    // The cohort is kept per channel only, in the bucket.
    expect(item('1#a#H38', 'm#2025-07')['x|2025-07|resolved-early|online']).toBe(1);
    expect(item('1#a#H38', 'm#2025-07#x')['x|2025-07-14|resolved-early|online']).toBe(1);
    expect(Object.keys(item('1#a#H38', shard)).some((attr) => attr.startsWith('x|'))).toBe(false);
  });

  it('splits the procedure out of activity and standing counters, not out of the cohort', () => {
    expect(splitProcedure('received|1.001612|counter')).toEqual({ procedure: '1.001612', withoutProcedure: 'received|*|counter' });
    expect(splitProcedure('s|open-within|1.001612|counter')).toEqual({ procedure: '1.001612', withoutProcedure: 's|open-within|*|counter' });
    expect(splitProcedure('x|2025-07-14|open-within|counter')).toBeNull();
  });

  it('spreads procedures over the shards, the same way every time', () => {
    const codes = Array.from({ length: 400 }, (_, i) => `1.00${1000 + i}`);
    const used = new Set(codes.map(procedureShard));
    expect(used.size).toBe(PROCEDURE_SHARDS);
    expect(procedureShard('1.001612')).toBe(procedureShard('1.001612'));
  });
});

describe('the overdue lists', () => {
  const life = () => lifeOf({ code: 'O-1', agency: 'H38.22.1', procedure: '1.001193', receivedAt: vn('2025-07-14T09:00'), dueAt: vn('2025-07-17T17:00') }).received().overdue(vn('2025-07-18T00:05'));

  it('a dossier overdue is listed under its commune and the province; resolved, it leaves both', () => {
    const overdue = foldedSource(life().events).folded.overdue;
    expect([...overdue.values()].map(({ pk, sk, entry }) => [pk, sk, entry.dueAt])).toEqual([
      ['1#o#H38.22.1', 'O-1', vn('2025-07-17T17:00')],
      ['1#o#H38', 'O-1', vn('2025-07-17T17:00')],
    ]);
    expect(foldedSource(life().resolved(vn('2025-07-21T09:00'), 'late').events).folded.overdue.size).toBe(0);
  });
});
