import writeXlsxFile, { type Cell, type Row, type Sheet } from 'write-excel-file/node';
import { VIETNAM_OFFSET_MS } from '../../../libs/calendar/working-days.ts';
import { exportRows, FIGURE_COLUMNS, GROUPING_NAMES, viDate, type ExportRow, type FigureColumn } from './export-rows.ts';
import type { Summary } from './summary.ts';

/**
 * A summary as an Excel workbook for people: the sheet "Tổng hợp" with the agency's totals, and
 * a sheet for the summary's grouping if it has one ("Theo thủ tục"…, its groups then a totals
 * row). Each sheet opens with a block naming the agency, the period, the day the figures stand
 * at, the time of export and the narrative line, then the column headers (frozen) and the rows.
 * Counts are numbers shown `#,##0`, percentages real fractions shown `0.00%` (0.9926 → 99,26 % in
 * a Vietnamese Excel), so that people can compute with them; unknown figures are empty cells.
 *
 * Library: write-excel-file — maintained (several releases in 2026), one dependency (fflate), no
 * known advisory, small in a Lambda bundle; exceljs was set aside (last stable release 4.4.0 in
 * 2023, ~190 transitive packages incl. the deprecated unzipper 0.10/fstream), and `xlsx` 0.18.5
 * for its known vulnerability.
 */

export interface WorkbookOptions {
  /** When the export was made, shown in Vietnam time. */
  readonly exportedAt: Date;
}

const COUNT_FORMAT = '#,##0';
const PERCENT_FORMAT = '0.00%';
const HEADER_STYLE = { fontWeight: 'bold', wrap: true, align: 'center', alignVertical: 'center', backgroundColor: '#DDEBF7', borderStyle: 'thin', borderColor: '#9BA9B8' } as const;

export async function summaryWorkbook(summary: Summary, options: WorkbookOptions): Promise<Uint8Array> {
  const totals: ExportRow = { key: summary.agency.code, label: summary.agency.name, figures: summary.totals };
  const sheets: Sheet<never>[] = [sheetOf(summary, options, 'Tổng hợp', { key: 'Mã đơn vị', label: 'Đơn vị' }, [totals])];
  if (summary.groupBy) {
    const names = GROUPING_NAMES[summary.groupBy];
    sheets.push(sheetOf(summary, options, names.sheet, names, exportRows(summary)));
  }
  return writeXlsxFile(sheets, { fontFamily: 'Arial', fontSize: 10 }).toBuffer();
}

function sheetOf(summary: Summary, options: WorkbookOptions, name: string, headers: { key: string; label: string }, rows: readonly ExportRow[]): Sheet<never> {
  const width = 2 + FIGURE_COLUMNS.length;
  const line = (label: string, value: string): Row => [{ value: label, fontWeight: 'bold' }, { value, columnSpan: width - 1 }, ...blank(width - 2)];
  const block: Row[] = [
    [{ value: 'BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH', fontWeight: 'bold', fontSize: 13, columnSpan: width }, ...blank(width - 1)],
    line('Đơn vị', `${summary.agency.name} (mã ${summary.agency.code})`),
    line('Kỳ báo cáo', `Từ ngày ${viDate(summary.period.from)} đến ngày ${viDate(summary.period.to)}`),
    line('Số liệu tính đến', `Hết ngày ${viDate(summary.asOf)}`),
    line('Thời điểm xuất', `${vietnamTime(options.exportedAt)} (giờ Việt Nam)`),
    line('Tóm tắt', summary.narrative),
    blank(width),
  ];
  const header: Row = [headers.key, headers.label, ...FIGURE_COLUMNS.map((c) => c.header)].map((value, index) => ({ value, ...HEADER_STYLE, ...(index === 0 ? { height: 54 } : {}) }));
  const body = rows.map((row): Row => {
    const bold = row.key === '' || rows.length === 1 ? ({ fontWeight: 'bold' } as const) : {};
    return [
      { value: row.key, type: String, format: '@', ...bold },
      { value: row.label, ...bold },
      ...FIGURE_COLUMNS.map((column) => numberCell(column, row, bold)),
    ];
  });
  return {
    sheet: name,
    data: [...block, header, ...body],
    columns: [{ width: 14 }, { width: 42 }, ...FIGURE_COLUMNS.map((c) => ({ width: c.width }))],
    stickyRowsCount: block.length + 1,
  };
}

function numberCell(column: FigureColumn, row: ExportRow, style: object): Cell {
  const value = column.value(row.figures);
  if (value === null) return null;
  // Percentage points to a fraction, exactly: 99.26 → 9926 / 10000 = 0.9926 (not 0.9926000000000001).
  const number = column.kind === 'percent' ? Math.round(value * 100) / 10_000 : value;
  return { value: number, type: Number, format: column.kind === 'percent' ? PERCENT_FORMAT : COUNT_FORMAT, ...style };
}

const blank = (n: number): null[] => Array.from({ length: n }, () => null);

/** `30/11/2026 09:23`: Vietnam has been UTC+7 without daylight saving since 1975. */
function vietnamTime(instant: Date): string {
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString();
  return `${viDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}
