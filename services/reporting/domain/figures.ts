import { COHORT_CLASSES, OPEN_CLASSES, type Channel, type CohortClass } from './tally.ts';

/**
 * The figures of one agency (or one group of it) over a period, from summed counters
 * (domain/tally.ts names them). Pure: the report handler reads the items, this adds them up.
 */

/** Counter attributes summed over buckets: attribute → total. */
export type Sums = ReadonlyMap<string, number>;

/** Which procedures and channel a group keeps (everything for totals). */
export interface Slice {
  readonly procedures?: ReadonlySet<string>;
  readonly channel?: Channel;
}
export const EVERYTHING: Slice = {};
const inSlice = (slice: Slice, procedure: string, channel: Channel): boolean =>
  (!slice.procedures || slice.procedures.has(procedure)) && (!slice.channel || slice.channel === channel);

export const CHANNELS: readonly Channel[] = ['counter', 'online', 'postal'];

export interface Share {
  readonly count: number;
  /** Percent, rounded to hundredths so that the published parts add up to 100 (null: nothing received). */
  readonly percent: number | null;
}

export interface Figures {
  /** Dossiers received in the period. */
  readonly received: number;
  readonly receivedByChannel: Readonly<Record<Channel, number>>;
  /** Of the dossiers received in the period, where each stood at the end of `asOf`'s day (null: not kept for this grouping). */
  readonly cohort: Readonly<Record<CohortClass, number>> | null;
  /** The published form: shares of the dossiers received in the period. */
  readonly published: {
    readonly earlyOrOnTime: Share;
    /** Still open within deadline, those waiting for a supplement included (shown apart in `cohort`). */
    readonly inProgressWithinDeadline: Share;
    /** Resolved late, or still open past the appointment. */
    readonly overdue: Share;
    /** Refused, withdrawn or stopped: no result to judge. */
    readonly closedWithoutResult: Share;
  } | null;
  /** What happened in the period, whenever the dossiers were received. */
  readonly activity: Readonly<Record<string, number>>;
  readonly satisfaction: {
    readonly answers: number;
    readonly levels: Readonly<Record<'very-satisfied' | 'satisfied' | 'not-satisfied', number>>;
    readonly byChannel: Readonly<Record<string, number>>;
    /** Satisfied or very satisfied, percent of answers. */
    readonly satisfiedPercent: number | null;
  };
  /** Every open dossier of the agency at the end of `asOf`'s day, whenever received. */
  readonly openAtAsOf: Readonly<Record<'within' | 'supplement' | 'overdue', number>>;
  /** Counters of Circular 01 scores of the dossiers received in the period. */
  readonly scoreCounters: Readonly<Record<string, number>>;
}

const ACTIVITY = [
  'received',
  'received.online-full',
  'resolved.early',
  'resolved.on-time',
  'resolved.late',
  'returned.counter',
  'returned.postal',
  'returned.online',
  'redirected',
  'refused',
  'withdrawn',
  'stopped',
  'supplement.requested',
  'supplement.repeated',
  'supplement.received',
  'extended',
  'overdue',
  'transferred',
  'postal.created.outbound',
  'postal.created.inbound',
  'postal.delivered',
  'postal.failed',
  'postal.stuck',
  'postal.inbound',
  'survey.unparsed',
  'survey.opted-out',
  'sms.sent',
  'sms.failed',
] as const;

export interface FigureInputs {
  /** Sums over the buckets of the period (its flows). */
  readonly period: Sums;
  /** Sums over the buckets from the period's start to `asOf`'s day (its cohort as of then). */
  readonly toAsOf: Sums;
  /** The standing of open dossiers at the end of `asOf`'s day. */
  readonly open: Sums;
  /** The period, local dates, `to` exclusive: which cohorts count. */
  readonly from: string;
  readonly to: string;
  readonly slice: Slice;
  /**
   * The period starts and ends on the first of a month: its cohort is read by month of receipt.
   * Otherwise the sums must include the months' cohort by day (`m#…#x`, buckets.ts).
   */
  readonly wholeMonths: boolean;
}

export function figuresOf(inputs: FigureInputs): Figures {
  const flows = new Map<string, number>();
  const scores: Record<string, number> = {};
  const receivedByChannel: Record<Channel, number> = { counter: 0, online: 0, postal: 0 };
  const levels = { 'very-satisfied': 0, satisfied: 0, 'not-satisfied': 0 };
  const byChannel: Record<string, number> = {};
  for (const [attr, n] of inputs.period) {
    const parts = attr.split('|');
    if (parts[0] === 'x' || parts[0] === 's' || parts.length !== 3) continue;
    const [metric, procedure, channel] = parts as [string, string, Channel];
    if (!inSlice(inputs.slice, procedure, channel)) continue;
    if (metric.startsWith('c01.')) {
      scores[metric] = (scores[metric] ?? 0) + n;
      continue;
    }
    flows.set(metric, (flows.get(metric) ?? 0) + n);
    if (metric === 'received') receivedByChannel[channel] += n;
    const answered = /^answered\.([a-z-]+)\.([a-z]+)$/.exec(metric);
    if (answered) {
      levels[answered[1] as keyof typeof levels] += n;
      byChannel[answered[2]!] = (byChannel[answered[2]!] ?? 0) + n;
    }
  }
  const received = flows.get('received') ?? 0;
  // The cohort is kept per channel, not per procedure (the items would not hold it).
  const cohort = inputs.slice.procedures ? null : cohortOf(inputs);
  const answers = levels['very-satisfied'] + levels.satisfied + levels['not-satisfied'];
  return {
    received,
    receivedByChannel,
    cohort,
    published: cohort && publishedOf(cohort, received),
    activity: Object.fromEntries(ACTIVITY.map((metric) => [metric, flows.get(metric) ?? 0])),
    satisfaction: {
      answers,
      levels,
      byChannel,
      satisfiedPercent: answers === 0 ? null : round2((100 * (levels['very-satisfied'] + levels.satisfied)) / answers),
    },
    openAtAsOf: openOf(inputs),
    scoreCounters: scores,
  };
}

function cohortOf(inputs: FigureInputs): Record<CohortClass, number> {
  const cohort = Object.fromEntries(COHORT_CLASSES.map((cls) => [cls, 0])) as Record<CohortClass, number>;
  for (const [attr, n] of inputs.toAsOf) {
    const [kind, received, cls, channel] = attr.split('|') as [string, string, CohortClass, Channel];
    if (kind !== 'x') continue;
    // Month buckets hold it by month of receipt (`2025-07`), day buckets and the months' detail
    // by day (`2025-07-14`): a period of whole months takes both kinds, the detail being unread;
    // any other period, the days only, its months' detail being read (buckets.ts).
    const byMonth = received.length === 7;
    if (byMonth && !inputs.wholeMonths) continue;
    const [first, end] = byMonth ? [`${received}-01`, nextMonthOf(received)] : [received, nextDayOf(received)];
    if (first < inputs.from || end > inputs.to) continue;
    if (inputs.slice.channel && inputs.slice.channel !== channel) continue;
    cohort[cls] += n;
  }
  return cohort;
}

function openOf(inputs: FigureInputs): Figures['openAtAsOf'] {
  const open = { within: 0, supplement: 0, overdue: 0 };
  const name: Record<string, keyof typeof open> = { 'open-within': 'within', 'open-supplement': 'supplement', 'open-overdue': 'overdue' };
  for (const [attr, n] of inputs.open) {
    const [kind, cls, procedure, channel] = attr.split('|') as [string, string, string, Channel];
    if (kind !== 's' || !OPEN_CLASSES.includes(cls as CohortClass) || !inSlice(inputs.slice, procedure, channel)) continue;
    open[name[cls]!] += n;
  }
  return open;
}

function publishedOf(cohort: Record<CohortClass, number>, received: number): NonNullable<Figures['published']> {
  const parts = [
    cohort['resolved-early'] + cohort['resolved-on-time'],
    cohort['open-within'] + cohort['open-supplement'],
    cohort['resolved-late'] + cohort['open-overdue'],
    cohort.refused + cohort.withdrawn + cohort.stopped,
  ] as const;
  const percents = sharesOf(parts, received);
  const share = (i: number): Share => ({ count: parts[i]!, percent: percents[i]! });
  return { earlyOrOnTime: share(0), inProgressWithinDeadline: share(1), overdue: share(2), closedWithoutResult: share(3) };
}

const nextDayOf = (isoDate: string): string => new Date(Date.parse(`${isoDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const nextMonthOf = (month: string): string => {
  const [year, m] = month.split('-').map(Number);
  return m === 12 ? `${year! + 1}-01-01` : `${year}-${String(m! + 1).padStart(2, '0')}-01`;
};

const round2 = (value: number): number => Math.round(value * 100) / 100;

/**
 * Percent shares of `total`, in hundredths, that add up to 100 when the parts add up to the total
 * (largest remainder): 22 379, 82 and 86 of 22 547 give 99,26 %, 0,36 % and 0,38 %, as published,
 * where rounding each alone gives 99,25 % and a sum of 99,99 %.
 */
export function sharesOf(parts: readonly number[], total: number): (number | null)[] {
  if (total <= 0) return parts.map(() => null);
  const exact = parts.map((part) => (part * 10_000) / total);
  const floors = exact.map(Math.floor);
  const sum = parts.reduce((a, b) => a + b, 0);
  if (sum === total) {
    let left = 10_000 - floors.reduce((a, b) => a + b, 0);
    const order = exact.map((value, index) => ({ index, remainder: value - floors[index]! })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
    for (const { index } of order) {
      if (left <= 0) break;
      floors[index]! += 1;
      left -= 1;
    }
    return floors.map((hundredths) => hundredths / 100);
  }
  return exact.map((value) => Math.round(value) / 100);
}

// ---------------------------------------------------------------------------------------------
// Adding up

/** Adds counter items (attribute → number) into sums, skipping the keys of the items. */
export function sumItems(items: readonly Readonly<Record<string, unknown>>[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const item of items) {
    for (const [attr, value] of Object.entries(item)) {
      if (typeof value === 'number' && attr.includes('|')) sums.set(attr, (sums.get(attr) ?? 0) + value);
    }
  }
  return sums;
}

/** `a − b`, attribute by attribute. */
export function minus(a: Sums, b: Sums): Map<string, number> {
  const result = new Map(a);
  for (const [attr, n] of b) result.set(attr, (result.get(attr) ?? 0) - n);
  return result;
}
