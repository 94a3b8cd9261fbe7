import type * as z from 'zod';
import { viNumber, viPercent } from '../domain/narrative.ts';
import type { Circular01View, Index766View, OverdueView, SummaryView } from '../domain/views.ts';

/**
 * The dashboard's panels as text, from the API's answers: what each cell of the page says, and
 * the numbers its charts draw. Pure (the browser script renders it; tests check it), Vietnamese
 * formatting throughout (`22.547`, `99,26%`), the same functions as the narrative line's.
 */

export type Summary = z.infer<typeof SummaryView>;
export type Overdue = z.infer<typeof OverdueView>;
export type Index766 = z.infer<typeof Index766View>;
export type Circular01 = Extract<z.infer<typeof Circular01View>, { byAgency: unknown }>;

export { viNumber, viPercent };

/** `2,5` (at most two decimals), or a dash for nothing to show. */
export const viDecimal = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(value);

/** `2025-07-14` or an ISO instant → `14/07/2025` (an instant in Vietnam's time). */
export function viDate(iso: string): string {
  const local = iso.length > 10 ? new Date(Date.parse(iso) + 7 * 3_600_000).toISOString() : iso;
  return `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)}`;
}

export interface Card {
  readonly key: string;
  readonly label: string;
  readonly value: string;
  readonly detail?: string;
}

/** The published form: received, the four shares, the channels, satisfaction. */
export function publishedCards(summary: Summary): Card[] {
  const { totals } = summary;
  const share = (key: string, label: string, s: { count: number; percent: number | null } | undefined): Card => ({ key, label, value: s ? viNumber(s.count) : '—', detail: s ? viPercent(s.percent) : '—' });
  const p = totals.published;
  return [
    { key: 'received', label: 'Tiếp nhận', value: viNumber(totals.received) },
    share('early-or-on-time', 'Giải quyết trước hạn và đúng hạn', p?.earlyOrOnTime),
    share('in-progress', 'Đang giải quyết trong hạn', p?.inProgressWithinDeadline),
    share('overdue', 'Quá hạn', p?.overdue),
    share('closed', 'Từ chối, rút hoặc dừng xử lý', p?.closedWithoutResult),
    { key: 'online', label: 'Trực tuyến', value: viNumber(totals.receivedByChannel.online) },
    { key: 'counter-postal', label: 'Trực tiếp và qua bưu chính', value: viNumber(totals.receivedByChannel.counter + totals.receivedByChannel.postal) },
    { key: 'satisfied', label: 'Hài lòng và rất hài lòng', value: viPercent(totals.satisfaction.satisfiedPercent), detail: `${viNumber(totals.satisfaction.answers)} lượt đánh giá` },
  ];
}

/** Every open dossier at the end of asOf: within deadline, waiting for the citizen, overdue. */
export function openRows(summary: Summary): Row[] {
  const open = summary.totals.openAtAsOf;
  return [
    { key: 'within', label: 'Trong hạn', values: [viNumber(open.within)], n: open.within },
    { key: 'supplement', label: 'Chờ bổ sung', values: [viNumber(open.supplement)], n: open.supplement },
    { key: 'overdue', label: 'Quá hạn', values: [viNumber(open.overdue)], n: open.overdue },
  ];
}

/** A table row: its key, label, the cells after the label, and the number a chart draws. */
export interface Row {
  readonly key: string;
  readonly label: string;
  readonly values: readonly string[];
  readonly n: number;
}

/** One row per month: received, early or on time (%), overdue (%). The chart draws the on-time share. */
export function trendRows(byMonth: Summary): (Row & { overdue: number | null })[] {
  return byMonth.groups.map((group) => {
    const p = group.figures.published;
    return {
      key: group.key,
      label: group.label,
      values: [viNumber(group.figures.received), viPercent(p?.earlyOrOnTime.percent ?? null), viPercent(p?.overdue.percent ?? null)],
      n: p?.earlyOrOnTime.percent ?? Number.NaN,
      overdue: p?.overdue.percent ?? null,
    };
  });
}

const CHANNELS = [['counter', 'Trực tiếp'], ['online', 'Trực tuyến'], ['postal', 'Bưu chính']] as const;

/** Dossiers received by channel, with their share of all received. */
export function channelRows(summary: Summary): Row[] {
  const { received, receivedByChannel } = summary.totals;
  return CHANNELS.map(([key, label]) => ({ key, label, values: [viNumber(receivedByChannel[key]), viPercent(received ? Math.round((10_000 * receivedByChannel[key]) / received) / 100 : null)], n: receivedByChannel[key] }));
}

const LEVELS = [['very-satisfied', 'Rất hài lòng'], ['satisfied', 'Hài lòng'], ['not-satisfied', 'Không hài lòng']] as const;

/** Survey answers by level, with their share of the answers. */
export function satisfactionRows(summary: Summary): Row[] {
  const { answers, levels } = summary.totals.satisfaction;
  return LEVELS.map(([key, label]) => ({ key, label, values: [viNumber(levels[key]), viPercent(answers ? Math.round((10_000 * levels[key]) / answers) / 100 : null)], n: levels[key] }));
}

/** The procedures with the most dossiers resolved late in the period (none when none was late). */
export function lateProcedureRows(byProcedure: Summary, limit = 10): Row[] {
  return byProcedure.groups
    .map((group) => ({ group, late: group.figures.activity['resolved.late'] ?? 0 }))
    .filter(({ late }) => late > 0)
    .sort((a, b) => b.late - a.late || a.group.key.localeCompare(b.group.key))
    .slice(0, limit)
    .map(({ group, late }) => ({ key: group.key, label: `${group.key} · ${group.label}`, values: [viNumber(late), viNumber(group.figures.received)], n: late }));
}

/** The dossiers overdue now: code, procedure, appointment, days late. */
export function overdueRows(overdue: Overdue): Row[] {
  return overdue.dossiers.map((d) => ({ key: d.code, label: d.code, values: [d.procedureName, viDate(d.dueAt), viNumber(d.daysLate)], n: d.daysLate }));
}

type Group766 = Index766['groups'][number] & { points?: number | null; computedMaxPoints?: number; needs?: { vi: string } };

/** Each Decision 766 group: the points of the part computed, and the group's maximum. */
export function index766Rows(index: Index766): Row[] {
  return index.groups.map((group: Group766) => {
    const points = group.computable ? `${viDecimal(group.points ?? null)} / ${viDecimal(group.computedMaxPoints ?? group.maxPoints)}` : 'Chưa tính được';
    return { key: group.group, label: group.label.vi, values: [points, viDecimal(group.maxPoints)], n: group.points ?? 0 };
  });
}

/** What the groups (or their parts) that cannot be computed would need, one line each. */
export function index766Needs(index: Index766): string[] {
  return index.groups.flatMap((group: Group766) => (group.needs ? [`${group.label.vi}: ${group.needs.vi}`] : []));
}

/** The computed part's total and grade, in one line. */
export function index766Total(index: Index766): string {
  const total = index.total as typeof index.total & { percentOfComputed?: number | null; grade?: { label: { vi: string } } | null };
  if (total.points === null) return 'Chưa đủ số liệu để tính điểm.';
  const grade = total.grade ? `, xếp loại ${total.grade.label.vi}` : '';
  return `Phần tính được: ${viDecimal(total.points)} / ${viDecimal(total.computedMaxPoints)} điểm (${viPercent(total.percentOfComputed ?? null)}${grade}).`;
}

type Averages = { dossiers: number; indicators?: Record<string, { scored: number; average: number | null }>; averageTotal?: number | null; averageMax?: number | null };

/** Circular 01: each indicator's average points (of 2) and how many dossiers it was decided for. */
export function circular01Rows(scores: Circular01): Row[] {
  const averages = scores.averages as Averages;
  return Object.entries(scores.indicators).map(([key, label]) => {
    const indicator = averages.indicators?.[key];
    return { key, label: label.vi, values: [viDecimal(indicator?.average ?? null), viNumber(indicator?.scored ?? 0)], n: indicator?.average ?? 0 };
  });
}

/** Circular 01: the average total of the agency and of each agency under it. */
export function circular01AgencyRows(scores: Circular01): Row[] {
  const line = (key: string, label: string, averages: Averages): Row => ({
    key,
    label,
    values: [viNumber(averages.dossiers), averages.averageTotal == null ? '—' : `${viDecimal(averages.averageTotal)} / ${viDecimal(averages.averageMax ?? null)}`],
    n: averages.averageTotal ?? 0,
  });
  return [line(scores.agency.code, scores.agency.name, scores.averages as Averages), ...scores.byAgency.map((a) => line(a.code, a.name, a.averages as Averages))];
}
