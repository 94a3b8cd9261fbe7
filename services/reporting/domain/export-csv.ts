import { exportRows, FIGURE_COLUMNS } from './export-rows.ts';
import type { Summary } from './summary.ts';

/**
 * A summary as CSV, for machines first (the workbook is the one for people): UTF-8 with a byte
 * order mark so that Excel reads the Vietnamese text as UTF-8, comma-separated, RFC 4180 quoting,
 * CRLF line ends. Numbers are written as JavaScript writes them — no thousands separator, a dot
 * before decimals — and percentages in percentage points as in the JSON (`99.26` means 99,26 %),
 * so any program reads them the same whatever its locale. A cell the summary does not know (the
 * cohort of a grouping by procedure or field, a share of nothing) is empty, never 0.
 *
 * No comment lines: the first row is the headers. The agency, the period and the day the figures
 * stand at are columns repeated on every row, so a file keeps its meaning once renamed or
 * concatenated with others; the groups come first, then the totals row (empty `Mã nhóm`).
 *
 * An Excel set to the Vietnamese locale (list separator `;`, decimal comma) opens a comma file as
 * one column by double-click: that is the price of a machine-readable file; people get the XLSX.
 */

const HEADERS = ['Mã đơn vị', 'Tên đơn vị', 'Từ ngày', 'Đến ngày', 'Số liệu đến hết ngày', 'Nhóm theo', 'Mã nhóm', 'Tên nhóm', ...FIGURE_COLUMNS.map((c) => c.header)];

export function summaryCsv(summary: Summary): string {
  const context = [summary.agency.code, summary.agency.name, summary.period.from, summary.period.to, summary.asOf, summary.groupBy ?? ''];
  const lines = [HEADERS, ...exportRows(summary).map((row) => [...context, row.key, row.label, ...FIGURE_COLUMNS.map((column) => column.value(row.figures))])];
  return `\uFEFF${lines.map((cells) => cells.map(field).join(',')).join('\r\n')}\r\n`;
}

/** RFC 4180: a field holding a comma, a quote or a line break is quoted, its quotes doubled. */
function field(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
