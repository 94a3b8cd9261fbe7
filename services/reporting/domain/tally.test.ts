import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../libs/events/catalog.ts';
import { demoTree, foldedSource, lifeOf, vn } from './fixtures.ts';
import { applyEvent, classOf, emptyTally, type DossierTally } from './tally.ts';

const foldAll = (events: readonly DomainEvent[]): DossierTally => events.reduce((tally, event) => applyEvent(tally, event, demoTree).tally, emptyTally(events[0]!.dossierCode));

const nonZero = (folded: ReturnType<typeof foldedSource>['folded']) =>
  Object.fromEntries([...folded.counters.values()].flatMap(({ pk, sk, attrs }) => [...attrs].filter(([, n]) => n !== 0).map(([attr, n]) => [`${pk} ${sk} ${attr}`, n])));

const busyLife = () =>
  lifeOf({ code: 'H38.22.1-250714-0001', receivedAt: vn('2025-07-14T09:00'), dueAt: vn('2025-07-17T17:00') })
    .received()
    .supplementRequested(vn('2025-07-15T10:00'))
    .supplementReceived(vn('2025-07-16T10:00'), vn('2025-07-21T17:00'))
    .supplementRequested(vn('2025-07-17T10:00'))
    .supplementReceived(vn('2025-07-18T10:00'), vn('2025-07-23T17:00'))
    .overdue(vn('2025-07-24T00:05'))
    .resolved(vn('2025-07-25T15:00'), 'late')
    .returned(vn('2025-07-28T09:00'))
    .answered(vn('2025-07-28T10:00'), 'satisfied').events;

describe("a dossier's class", () => {
  it('follows its life: within, waiting for a supplement, overdue, resolved late', () => {
    const events = busyLife();
    const classes = events.map((_, i) => classOf(foldAll(events.slice(0, i + 1))));
    expect(classes).toEqual(['open-within', 'open-supplement', 'open-within', 'open-supplement', 'open-within', 'open-overdue', 'resolved-late', 'resolved-late', 'resolved-late']);
  });

  it('an apology with a new appointment takes an overdue dossier back within deadline', () => {
    const events = lifeOf({ code: 'C-1', receivedAt: vn('2025-07-14T09:00'), dueAt: vn('2025-07-17T17:00') }).received().overdue(vn('2025-07-18T00:05')).extended(vn('2025-07-18T09:00'), vn('2025-07-25T17:00')).events;
    expect(classOf(foldAll(events.slice(0, 2)))).toBe('open-overdue');
    expect(classOf(foldAll(events))).toBe('open-within');
  });

  it('a refused dossier is refused, not stopped nor resolved', () => {
    const events = lifeOf({ code: 'C-2', receivedAt: vn('2025-07-14T09:00'), dueAt: vn('2025-07-17T17:00') }).received().refused(vn('2025-07-15T09:00')).events;
    expect(classOf(foldAll(events))).toBe('refused');
  });
});

describe('counting once, in any order', () => {
  it('the same counters whatever the order and however often events arrive', () => {
    const events = busyLife();
    const inOrder = nonZero(foldedSource(events).folded);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), fc.array(fc.nat(events.length - 1), { maxLength: 6 }), (shuffled, repeats) => {
        const delivered = [...shuffled];
        for (const index of repeats) delivered.splice(index, 0, events[index]!);
        expect(nonZero(foldedSource(delivered).folded)).toEqual(inOrder);
      }),
      { numRuns: 200 },
    );
  });

  it('parks an event that comes early and applies it with its predecessor', () => {
    const [received, requested, ...rest] = busyLife();
    const early = applyEvent(emptyTally(received!.dossierCode), requested!, demoTree);
    expect(early.counts).toEqual([]);
    expect(early.tally.parked).toHaveLength(1);
    const both = applyEvent(early.tally, received!, demoTree);
    expect(both.tally.seq).toBe(2);
    expect(both.tally.parked).toEqual([]);
    expect(both.counts.map((c) => c.attr)).toContain('supplement.requested|1.001193|counter');
    expect(rest.length).toBeGreaterThan(0);
  });

  it('a survey answer before the receipt is known waits for it, then counts under its channel', () => {
    const events = lifeOf({ code: 'C-3', channel: 'online', receivedAt: vn('2025-07-14T09:00'), dueAt: vn('2025-07-17T17:00') }).received().answered(vn('2025-07-20T09:00'), 'very-satisfied').events;
    const waiting = applyEvent(emptyTally('C-3'), events[1]!, demoTree);
    expect(waiting.counts).toEqual([]);
    const applied = applyEvent(waiting.tally, events[0]!, demoTree);
    expect(applied.counts).toContainEqual({ day: '2025-07-20', attr: 'answered.very-satisfied.sms|1.001193|online', n: 1 });
  });
});

describe('the tree a dossier counts under', () => {
  it('before July 2025: the commune, its district and the province; after: the commune and the province', () => {
    const before = lifeOf({ code: 'B', receivedAt: vn('2025-06-30T16:00'), dueAt: vn('2025-07-03T17:00') }).received().events;
    const after = lifeOf({ code: 'A', receivedAt: vn('2025-07-01T08:00'), dueAt: vn('2025-07-04T17:00') }).received().events;
    expect(applyEvent(emptyTally('B'), before[0]!, demoTree).targets).toEqual(['H38.22.1', 'H38.22', 'H38']);
    expect(applyEvent(emptyTally('A'), after[0]!, demoTree).targets).toEqual(['H38.22.1', 'H38']);
  });

  it('a commune merged away counts under its successor for dossiers keyed with its old code after the merger', () => {
    const late = lifeOf({ code: 'M', agency: 'H38.22.3', receivedAt: vn('2025-08-01T08:00'), dueAt: vn('2025-08-05T17:00') }).received().events;
    expect(applyEvent(emptyTally('M'), late[0]!, demoTree).targets).toEqual(['H38.22.2', 'H38']);
  });
});
