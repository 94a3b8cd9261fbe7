import { ANY_PROCEDURE, cohortByDay, dayBucket, isMonthBucket, monthBucket, NOW_BUCKET, procedureShard, shardBucket } from './buckets.ts';
import { applyEvent, emptyTally, type Applied, type DossierTally, type OverdueEntry, type ScoreCounters } from './tally.ts';
import type { DomainEvent } from '../../../libs/events/catalog.ts';
import type { AgencyTree } from './agency-tree.ts';

/**
 * Where an applied event's counts go in the reporting table, the same for the live consumer
 * (one transaction of ADDs) and for a rebuild (sums in memory, written once). Every key starts
 * with the generation, so a rebuild fills a new one beside the live one and then takes over.
 *
 * - `<g>#a#<agency>` / `d#<day>`, `m#<month>`, `now`: counters (attribute `metric|*|channel`…; a
 *   month's cohort by month of receipt, its detail by day in `m#<month>#x`), and
 *   beside each its 16 shards by procedure (`d#<day>#p07`: `metric|procedure|channel`, buckets.ts);
 * - `<g>#o#<agency>` / `<code>`: the agency's overdue dossiers now;
 * - `<g>#t#<code>` / `tally`: the dossier's tally.
 */

export const countersKey = (generation: number, agency: string) => `${generation}#a#${agency}`;
export const overdueKey = (generation: number, agency: string) => `${generation}#o#${agency}`;
export const tallyKey = (generation: number, code: string) => ({ pk: `${generation}#t#${code}`, sk: 'tally' });

export interface Add {
  readonly pk: string;
  readonly sk: string;
  readonly attr: string;
  readonly n: number;
}
export interface OverdueChange {
  readonly pk: string;
  readonly sk: string;
  /** The entry to put, or null to delete it. */
  readonly entry: OverdueEntry | null;
}

/** The counter additions and overdue-list changes of one applied event, under every target agency. */
export function changesOf(generation: number, applied: Applied): { adds: Add[]; overdue: OverdueChange[] } {
  const adds: Add[] = [];
  const overdue: OverdueChange[] = [];
  for (const agency of applied.targets) {
    const pk = countersKey(generation, agency);
    for (const { day, attr, n } of applied.counts) {
      // The standing now is the sum of every day's changes to it, kept as one item.
      const buckets = [dayBucket(day), monthBucket(day), ...(attr.startsWith('s|') ? [NOW_BUCKET] : [])];
      const byProcedure = splitProcedure(attr);
      for (const sk of buckets) {
        if (attr.startsWith('x|') && isMonthBucket(sk)) {
          // The month holds the cohort by month of receipt; the detail by day goes beside it.
          adds.push({ pk, sk, attr: cohortByMonth(attr), n }, { pk, sk: cohortByDay(sk), attr, n });
          continue;
        }
        if (!byProcedure) {
          adds.push({ pk, sk, attr, n });
          continue;
        }
        adds.push({ pk, sk, attr: byProcedure.withoutProcedure, n }, { pk, sk: shardBucket(sk, procedureShard(byProcedure.procedure)), attr, n });
      }
    }
    if (applied.overdue?.add) overdue.push({ pk: overdueKey(generation, agency), sk: applied.overdue.add.code, entry: applied.overdue.add });
    if (applied.overdue?.remove) overdue.push({ pk: overdueKey(generation, agency), sk: applied.overdue.remove, entry: null });
  }
  return { adds, overdue };
}

/**
 * The procedure of a counter attribute (`metric|procedure|channel`, `s|class|procedure|channel`),
 * and the same attribute without it; null for the cohort's (`x|…`), kept per channel only.
 */
export function splitProcedure(attr: string): { procedure: string; withoutProcedure: string } | null {
  const parts = attr.split('|');
  const at = parts[0] === 'x' ? -1 : parts[0] === 's' ? 2 : 1;
  if (at < 0 || parts.length !== at + 2) return null;
  const procedure = parts[at]!;
  parts[at] = ANY_PROCEDURE;
  return { procedure, withoutProcedure: parts.join('|') };
}

/** `x|2025-07-14|class|channel` → `x|2025-07|class|channel`. */
const cohortByMonth = (attr: string): string => {
  const [kind, receivedOn, ...rest] = attr.split('|');
  return [kind, receivedOn!.slice(0, 7), ...rest].join('|');
};

/** Counter additions grouped by item: `pk\0sk` → attribute → n. */
export function groupAdds(adds: readonly Add[]): Map<string, { pk: string; sk: string; attrs: Map<string, number> }> {
  const items = new Map<string, { pk: string; sk: string; attrs: Map<string, number> }>();
  for (const { pk, sk, attr, n } of adds) {
    const key = `${pk}\u0000${sk}`;
    const item = items.get(key) ?? { pk, sk, attrs: new Map<string, number>() };
    item.attrs.set(attr, (item.attrs.get(attr) ?? 0) + n);
    items.set(key, item);
  }
  return items;
}

/** Every item of a generation, folded in memory from events in any order: what a rebuild writes. */
export interface Folded {
  readonly tallies: Map<string, DossierTally>;
  readonly counters: Map<string, { pk: string; sk: string; attrs: Map<string, number> }>;
  readonly overdue: Map<string, { pk: string; sk: string; entry: OverdueEntry }>;
}

export function emptyFold(): Folded {
  return { tallies: new Map(), counters: new Map(), overdue: new Map() };
}

/** Folds one event into `folded`, exactly as the live consumer applies it. */
export function foldEvent(folded: Folded, generation: number, event: DomainEvent, tree: AgencyTree, scores?: ScoreCounters): void {
  const tally = folded.tallies.get(event.dossierCode) ?? emptyTally(event.dossierCode);
  const applied = applyEvent(tally, event, tree, scores);
  folded.tallies.set(event.dossierCode, applied.tally);
  const { adds, overdue } = changesOf(generation, applied);
  for (const [key, item] of groupAdds(adds)) {
    const into = folded.counters.get(key) ?? { pk: item.pk, sk: item.sk, attrs: new Map<string, number>() };
    for (const [attr, n] of item.attrs) into.attrs.set(attr, (into.attrs.get(attr) ?? 0) + n);
    folded.counters.set(key, into);
  }
  for (const change of overdue) {
    const key = `${change.pk}\u0000${change.sk}`;
    if (change.entry) folded.overdue.set(key, { pk: change.pk, sk: change.sk, entry: change.entry });
    else folded.overdue.delete(key);
  }
}
