import { agencyNameDuring, childrenDuring, type AgencyTree } from './agency-tree.ts';
import { ALL_SHARDS, ANY_PROCEDURE, bucketsOf, cohortByDay, firstOfMonth, isMonthBucket, monthsOf, nextIsoDate, NOW_BUCKET, parseIsoDate, procedureShard, shardBucket } from './buckets.ts';
import { isoDateOf } from '../../../libs/calendar/working-days.ts';
import type { Channel } from './tally.ts';
import { CHANNELS, EVERYTHING, figuresOf, minus, sumItems, type Figures, type Slice, type Sums } from './figures.ts';
import { narrativeOf } from './narrative.ts';

/**
 * A summary of one agency over a period, as of the end of a day: its totals, the narrative line,
 * and optionally one grouping. It reads counter items only (through `CounterSource`): the whole
 * months of the period and the days at its edges, plus those from the period's end to `asOf` for
 * the standing then — never a dossier.
 */

export const GROUPINGS = ['agency', 'field', 'procedure', 'channel', 'month'] as const;
export type GroupBy = (typeof GROUPINGS)[number];

export interface SummaryQuery {
  readonly agency: string;
  /** Local dates; `to` exclusive. */
  readonly from: string;
  readonly to: string;
  /** The figures stand as at the end of this local day (not after today). */
  readonly asOf: string;
  /** Today's local date: the `now` item holds the standing at its end. */
  readonly today: string;
  readonly groupBy?: GroupBy;
}

export interface Group {
  readonly key: string;
  readonly label: string;
  readonly figures: Figures;
  readonly narrative: string;
}

export interface Summary {
  readonly agency: { readonly code: string; readonly name: string };
  /** Local dates, both included. */
  readonly period: { readonly from: string; readonly to: string };
  readonly asOf: string;
  readonly totals: Figures;
  readonly narrative: string;
  readonly groupBy: GroupBy | null;
  readonly groups: readonly Group[];
}

/** Counter items of an agency among some buckets (the reporting table, or a fold in memory). */
export type CounterSource = (agency: string, buckets: readonly string[]) => Promise<Readonly<Record<string, unknown>>[]>;

/** What a procedure is called and which field (lĩnh vực) it belongs to. */
export type ProcedureInfo = ReadonlyMap<string, { readonly name: string; readonly field: string }>;

export async function summaryOf(source: CounterSource, tree: AgencyTree, procedures: ProcedureInfo, query: SummaryQuery): Promise<Summary> {
  const reader = memoized(source);
  const range = { from: parseIsoDate(query.from), to: parseIsoDate(query.to) };
  const totals = await figuresFor(reader, query.agency, query, EVERYTHING);
  const groups = query.groupBy ? await groupsOf(reader, tree, procedures, query, totals) : [];
  return {
    agency: { code: query.agency, name: agencyNameDuring(tree, query.agency, range) ?? query.agency },
    period: { from: query.from, to: nextIsoDate(query.to, -1) },
    asOf: query.asOf,
    totals,
    narrative: narrativeOf(totals),
    groupBy: query.groupBy ?? null,
    groups,
  };
}

type Reader = (agency: string, buckets: readonly string[]) => Promise<Sums>;

/** Reads each (agency, bucket) once per summary, however many groups need it. */
function memoized(source: CounterSource): Reader {
  const cache = new Map<string, Promise<Readonly<Record<string, unknown>> | undefined>>();
  return async (agency, buckets) => {
    const missing = buckets.filter((bucket) => !cache.has(`${agency}\u0000${bucket}`));
    if (missing.length) {
      const fetched = source(agency, missing);
      for (const bucket of missing) cache.set(`${agency}\u0000${bucket}`, fetched.then((items) => items.find((item) => item.sk === bucket)));
    }
    const items = await Promise.all(buckets.map((bucket) => cache.get(`${agency}\u0000${bucket}`)!));
    return sumItems(items.filter((item) => item !== undefined));
  };
}

/** The items to read for `buckets`: themselves, or for some procedures their shards (buckets.ts). */
const itemsOf = (buckets: readonly string[], procedures?: ReadonlySet<string>): string[] => {
  if (!procedures) return [...buckets];
  const shards = [...new Set([...procedures].map(procedureShard))];
  return buckets.flatMap((bucket) => shards.map((shard) => shardBucket(bucket, shard)));
};

async function figuresFor(read: Reader, agency: string, query: Pick<SummaryQuery, 'from' | 'to' | 'asOf' | 'today'>, slice: Slice): Promise<Figures> {
  const afterAsOf = nextIsoDate(query.asOf);
  const periodEnd = query.to < afterAsOf ? query.to : afterAsOf;
  const items = (buckets: string[]) => read(agency, itemsOf(buckets, slice.procedures));
  const wholeMonths = firstOfMonth(query.from) && firstOfMonth(query.to);
  // A period inside months needs the cohort by day of receipt, kept beside each month (buckets.ts).
  const withDetail = (buckets: string[]) => (wholeMonths || slice.procedures ? buckets : [...buckets, ...buckets.filter(isMonthBucket).map(cohortByDay)]);
  const [period, periodToAsOf, sinceAsOf, now] = await Promise.all([
    items(withDetail(bucketsOf(query.from, periodEnd))),
    items(withDetail(bucketsOf(periodEnd, afterAsOf))),
    items(bucketsOf(afterAsOf, nextIsoDate(query.today))),
    items([NOW_BUCKET]),
  ]);
  const toAsOf = new Map(period);
  for (const [attr, n] of periodToAsOf) toAsOf.set(attr, (toAsOf.get(attr) ?? 0) + n);
  return figuresOf({ period, toAsOf, open: minus(now, sinceAsOf), from: query.from, to: query.to, slice, wholeMonths });
}

async function groupsOf(read: Reader, tree: AgencyTree, procedures: ProcedureInfo, query: SummaryQuery, totals: Figures): Promise<Group[]> {
  const group = (key: string, label: string, figures: Figures): Group => ({ key, label, figures, narrative: narrativeOf(figures) });
  switch (query.groupBy) {
    case 'agency': {
      const range = { from: parseIsoDate(query.from), to: parseIsoDate(query.to) };
      const children = childrenDuring(tree, query.agency, range);
      const span = (child: (typeof children)[number]) => ({ ...query, from: isoDateOf(child.span.from), to: isoDateOf(child.span.to) });
      return Promise.all(children.map(async (child) => group(child.code, child.name, await figuresFor(read, child.code, span(child), EVERYTHING))));
    }
    case 'channel':
      return Promise.all(CHANNELS.map(async (channel) => group(channel, CHANNEL_LABELS[channel], await figuresFor(read, query.agency, query, { channel }))));
    case 'month':
      return Promise.all(
        monthsOf(query.from, query.to).map(async (month) => group(month.key, `Tháng ${month.key.slice(5)}/${month.key.slice(0, 4)}`, await figuresFor(read, query.agency, { ...query, ...month }, EVERYTHING))),
      );
    case 'procedure':
    case 'field': {
      const byKey = new Map<string, Set<string>>();
      const shards = bucketsOf(query.from, query.to).flatMap((bucket) => ALL_SHARDS.map((shard) => shardBucket(bucket, shard)));
      for (const code of proceduresIn(await read(query.agency, shards))) {
        const key = query.groupBy === 'field' ? (procedures.get(code)?.field ?? 'khac') : code;
        byKey.set(key, (byKey.get(key) ?? new Set()).add(code));
      }
      const label = (key: string) => (query.groupBy === 'field' ? (FIELD_LABELS[key] ?? key) : (procedures.get(key)?.name ?? key));
      const groups = await Promise.all([...byKey].map(async ([key, codes]) => group(key, label(key), await figuresFor(read, query.agency, query, { procedures: codes }))));
      return groups.sort((a, b) => b.figures.received - a.figures.received || a.key.localeCompare(b.key));
    }
    default:
      return [];
  }
}

/** The procedures with any counter in the period. */
function proceduresIn(sums: Sums): Set<string> {
  const codes = new Set<string>();
  for (const attr of sums.keys()) {
    const parts = attr.split('|');
    if (parts.length === 3 && parts[0] !== 'x' && parts[1] !== ANY_PROCEDURE) codes.add(parts[1]!);
  }
  return codes;
}

export const CHANNEL_LABELS: Record<Channel, string> = { counter: 'Trực tiếp', online: 'Trực tuyến', postal: 'Qua bưu chính' };

/** Fields (lĩnh vực) of the catalog's procedures (services/intake/data/procedures.json). */
export const FIELD_LABELS: Record<string, string> = {
  'ho-tich': 'Hộ tịch',
  'chung-thuc': 'Chứng thực',
  'dat-dai': 'Đất đai',
  'kinh-doanh': 'Đăng ký kinh doanh',
  'bao-tro-xa-hoi': 'Bảo trợ xã hội',
  'nguoi-co-cong': 'Người có công',
  'xay-dung': 'Xây dựng',
  'tu-phap': 'Tư pháp',
  khac: 'Khác',
};
