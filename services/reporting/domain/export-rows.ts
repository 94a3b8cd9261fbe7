import type { Figures } from './figures.ts';
import type { GroupBy, Summary } from './summary.ts';

/**
 * The one list of columns the CSV and the workbook share, so the two exports (and the JSON they
 * come from) cannot drift apart. A value is a count, a percent in percentage points as in the
 * JSON (`99.26`), or null where the figure is not kept for the row: the cohort and the published
 * shares of a grouping by procedure or field, a share of nothing received, a satisfaction rate
 * without answers. Null is written as an empty cell, never 0: "not known" is not "none".
 */

export type ColumnKind = 'count' | 'percent';

export interface FigureColumn {
  readonly header: string;
  readonly kind: ColumnKind;
  /** Width in characters in the workbook. */
  readonly width: number;
  readonly value: (figures: Figures) => number | null;
}

const count = (header: string, value: FigureColumn['value'], width = 12): FigureColumn => ({ header, kind: 'count', width, value });
const percent = (header: string, value: FigureColumn['value'], width = 12): FigureColumn => ({ header: `${header} (%)`, kind: 'percent', width, value });

type Published = NonNullable<Figures['published']>;
const share = (header: string, pick: (published: Published) => Published[keyof Published], width = 14): FigureColumn[] => [
  count(header, (f) => (f.published ? pick(f.published).count : null), width),
  percent(header, (f) => (f.published ? pick(f.published).percent : null), width),
];

export const FIGURE_COLUMNS: readonly FigureColumn[] = [
  count('Tiếp nhận', (f) => f.received),
  count('Trực tuyến', (f) => f.receivedByChannel.online),
  count('Trực tiếp', (f) => f.receivedByChannel.counter),
  count('Qua bưu chính', (f) => f.receivedByChannel.postal),
  ...share('Giải quyết trước hạn và đúng hạn', (p) => p.earlyOrOnTime, 16),
  ...share('Đang giải quyết trong hạn', (p) => p.inProgressWithinDeadline),
  count('Trong đó chờ bổ sung', (f) => f.cohort?.['open-supplement'] ?? null),
  ...share('Quá hạn', (p) => p.overdue),
  ...share('Từ chối, rút, dừng xử lý', (p) => p.closedWithoutResult),
  count('Lượt đánh giá', (f) => f.satisfaction.answers),
  count('Rất hài lòng', (f) => f.satisfaction.levels['very-satisfied']),
  count('Hài lòng', (f) => f.satisfaction.levels.satisfied),
  count('Không hài lòng', (f) => f.satisfaction.levels['not-satisfied']),
  percent('Hài lòng và rất hài lòng', (f) => f.satisfaction.satisfiedPercent, 14),
  count('Đang mở cuối ngày số liệu: trong hạn', (f) => f.openAtAsOf.within, 14),
  count('Đang mở cuối ngày số liệu: chờ bổ sung', (f) => f.openAtAsOf.supplement, 14),
  count('Đang mở cuối ngày số liệu: quá hạn', (f) => f.openAtAsOf.overdue, 14),
];

/** A line of an export: one group, or the totals. */
export interface ExportRow {
  /** The group's key (agency code, field, procedure code, channel, `YYYY-MM`); empty on the totals row. */
  readonly key: string;
  readonly label: string;
  readonly figures: Figures;
}

export const TOTALS_LABEL = 'Tổng cộng';

/** The groups in the summary's order, then the totals. */
export function exportRows(summary: Summary): ExportRow[] {
  return [...summary.groups.map(({ key, label, figures }) => ({ key, label, figures })), { key: '', label: TOTALS_LABEL, figures: summary.totals }];
}

/** How each grouping is named in Vietnamese: its sheet, and the headers of its key and label. */
export const GROUPING_NAMES: Record<GroupBy, { readonly sheet: string; readonly key: string; readonly label: string }> = {
  agency: { sheet: 'Theo đơn vị', key: 'Mã đơn vị', label: 'Đơn vị' },
  field: { sheet: 'Theo lĩnh vực', key: 'Mã lĩnh vực', label: 'Lĩnh vực' },
  procedure: { sheet: 'Theo thủ tục', key: 'Mã thủ tục', label: 'Thủ tục' },
  channel: { sheet: 'Theo kênh', key: 'Mã kênh', label: 'Kênh tiếp nhận' },
  month: { sheet: 'Theo tháng', key: 'Tháng (năm-tháng)', label: 'Tháng' },
};

/** `2023-03-31` → `31/03/2023`, as Vietnamese documents write dates. */
export const viDate = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * A file name for the Content-Disposition header, ASCII only so that no client mangles it:
 * `bao-cao-H38.22-2022-01-01-den-2023-03-31-theo-procedure.xlsx`.
 */
export function summaryFileName(summary: Summary, extension: 'csv' | 'xlsx'): string {
  const grouping = summary.groupBy ? `-theo-${summary.groupBy}` : '';
  const agency = summary.agency.code.replace(/[^A-Za-z0-9.-]/g, '_');
  return `bao-cao-${agency}-${summary.period.from}-den-${summary.period.to}${grouping}.${extension}`;
}
