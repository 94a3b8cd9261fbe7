import { strFromU8, unzipSync } from 'fflate';
import readExcelFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { summaryCsv } from './export-csv.ts';
import { summaryFileName } from './export-rows.ts';
import { summaryWorkbook } from './export-xlsx.ts';
import type { Figures } from './figures.ts';
import { demoTree, foldedSource, lifeOf, vn } from './fixtures.ts';
import { summaryOf, type GroupBy, type Summary } from './summary.ts';

/**
 * The exports read back — the CSV by a small RFC 4180 parser, the workbook by read-excel-file and
 * its styles from the XML — must say what the summary says, cell for cell.
 */

const BIRTH = '1.001193';
const COPY = '2.000884';
// A comma and quotes in a name: the CSV must quote it and give it back whole.
const procedures = new Map([
  [BIRTH, { name: 'Đăng ký khai sinh, "có yếu tố" trong nước', field: 'ho-tich' }],
  [COPY, { name: 'Chứng thực bản sao từ bản chính', field: 'chung-thuc' }],
]);

/**
 * March 2023 at H38.22, as of the 31st: 9 received — 4 early or on time, 2 within deadline (one
 * waiting for a supplement), 2 overdue (one resolved late, one still open), 1 refused — and 3
 * survey answers; one dossier received in February is still open and overdue at the end of March.
 */
function march() {
  const at = (agency: string, code: string, procedure: string, channel: 'counter' | 'online' | 'postal', received: string, due: string) =>
    lifeOf({ code, agency, procedure, channel, receivedAt: vn(`2023-${received}T09:00`), dueAt: vn(`2023-${due}T17:00`) }).received();
  const d = (code: string, procedure: string, channel: 'counter' | 'online' | 'postal', received: string, due: string) => at('H38.22', code, procedure, channel, received, due);
  return [
    ...d('A', BIRTH, 'counter', '03-01', '03-06').resolved(vn('2023-03-02T09:00'), 'early').returned(vn('2023-03-02T15:00')).answered(vn('2023-03-03T09:00'), 'very-satisfied').events,
    ...d('B', BIRTH, 'counter', '03-02', '03-07').resolved(vn('2023-03-07T16:00'), 'on-time').answered(vn('2023-03-08T09:00'), 'satisfied').events,
    ...d('C', BIRTH, 'counter', '03-03', '03-06').overdue(vn('2023-03-07T00:05')).resolved(vn('2023-03-09T09:00'), 'late').answered(vn('2023-03-10T09:00'), 'not-satisfied').events,
    ...d('D', BIRTH, 'counter', '03-28', '04-04').events,
    ...d('E', COPY, 'online', '03-10', '03-15').resolved(vn('2023-03-11T09:00'), 'early').events,
    ...d('F', COPY, 'online', '03-20', '03-25').supplementRequested(vn('2023-03-22T09:00')).events,
    ...d('G', COPY, 'online', '03-05', '03-10').refused(vn('2023-03-06T09:00')).events,
    ...d('H', BIRTH, 'postal', '03-15', '03-20').overdue(vn('2023-03-21T00:05')).events,
    ...d('I', COPY, 'online', '03-12', '03-17').resolved(vn('2023-03-17T10:00'), 'on-time').events,
    ...d('J', BIRTH, 'counter', '02-20', '02-24').overdue(vn('2023-02-25T00:05')).events,
  ];
}

const { source } = foldedSource(march());
const summarize = (groupBy?: GroupBy): Promise<Summary> =>
  summaryOf(source, demoTree, procedures, { agency: 'H38.22', from: '2023-03-01', to: '2023-04-01', asOf: '2023-03-31', today: '2023-04-30', ...(groupBy ? { groupBy } : {}) });
const exportedAt = new Date('2026-11-30T02:23:00Z');

/** What each figure column must hold, read from the summary by hand (not from the exporter's list). */
function expected(figures: Figures): Record<string, number | null> {
  const p = figures.published;
  return {
    'Tiếp nhận': figures.received,
    'Trực tuyến': figures.receivedByChannel.online,
    'Trực tiếp': figures.receivedByChannel.counter,
    'Qua bưu chính': figures.receivedByChannel.postal,
    'Giải quyết trước hạn và đúng hạn': p?.earlyOrOnTime.count ?? null,
    'Giải quyết trước hạn và đúng hạn (%)': p?.earlyOrOnTime.percent ?? null,
    'Đang giải quyết trong hạn': p?.inProgressWithinDeadline.count ?? null,
    'Đang giải quyết trong hạn (%)': p?.inProgressWithinDeadline.percent ?? null,
    'Trong đó chờ bổ sung': figures.cohort?.['open-supplement'] ?? null,
    'Quá hạn': p?.overdue.count ?? null,
    'Quá hạn (%)': p?.overdue.percent ?? null,
    'Từ chối, rút, dừng xử lý': p?.closedWithoutResult.count ?? null,
    'Từ chối, rút, dừng xử lý (%)': p?.closedWithoutResult.percent ?? null,
    'Lượt đánh giá': figures.satisfaction.answers,
    'Rất hài lòng': figures.satisfaction.levels['very-satisfied'],
    'Hài lòng': figures.satisfaction.levels.satisfied,
    'Không hài lòng': figures.satisfaction.levels['not-satisfied'],
    'Hài lòng và rất hài lòng (%)': figures.satisfaction.satisfiedPercent,
    'Đang mở cuối ngày số liệu: trong hạn': figures.openAtAsOf.within,
    'Đang mở cuối ngày số liệu: chờ bổ sung': figures.openAtAsOf.supplement,
    'Đang mở cuối ngày số liệu: quá hạn': figures.openAtAsOf.overdue,
  };
}
const FIGURE_HEADERS = Object.keys(expected((await summarize()).totals));
const COHORT_HEADERS = FIGURE_HEADERS.filter((h) => /hạn|bổ sung|Từ chối/.test(h) && !h.startsWith('Đang mở'));

it('the history is what the exports are checked against', async () => {
  const { totals } = await summarize();
  expect(totals.received).toBe(9);
  expect(totals.published).toEqual({
    earlyOrOnTime: { count: 4, percent: 44.45 },
    inProgressWithinDeadline: { count: 2, percent: 22.22 },
    overdue: { count: 2, percent: 22.22 },
    closedWithoutResult: { count: 1, percent: 11.11 },
  });
  expect(totals.cohort!['open-supplement']).toBe(1);
  expect(totals.satisfaction.satisfiedPercent).toBe(66.67);
  expect(totals.openAtAsOf).toEqual({ within: 1, supplement: 1, overdue: 2 });
});

// ---------------------------------------------------------------------------------------------

/** RFC 4180: fields separated by commas, quoted when they hold commas, quotes or line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') rows.push([...row, field]), (row = []), (field = ''), i++;
    else field += c;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

const csvRecords = (csv: string) => {
  const [headers, ...rows] = parseCsv(csv.slice(1));
  return { headers: headers!, records: rows.map((row) => Object.fromEntries(headers!.map((h, i) => [h, row[i]]))) };
};
const csvNumber = (cell: string | undefined): number | null => (cell === '' ? null : Number(cell));

describe('CSV', () => {
  it('UTF-8 with a BOM, CRLF line ends, the headers first, then the rows; every row names the agency, period and asOf', async () => {
    const csv = summaryCsv(await summarize('channel'));
    expect(csv.startsWith('\uFEFFMã đơn vị,Tên đơn vị,Từ ngày,Đến ngày,Số liệu đến hết ngày,Nhóm theo,Mã nhóm,Tên nhóm,Tiếp nhận,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '').includes('\n')).toBe(false);
    const { headers, records } = csvRecords(csv);
    expect(headers.slice(8)).toEqual(FIGURE_HEADERS);
    expect(records.map((r) => [r['Mã nhóm'], r['Tên nhóm']])).toEqual([['counter', 'Trực tiếp'], ['online', 'Trực tuyến'], ['postal', 'Qua bưu chính'], ['', 'Tổng cộng']]);
    for (const record of records) {
      expect([record['Mã đơn vị'], record['Từ ngày'], record['Đến ngày'], record['Số liệu đến hết ngày'], record['Nhóm theo']]).toEqual(['H38.22', '2023-03-01', '2023-03-31', '2023-03-31', 'channel']);
    }
  });

  it('the totals row and each group give back the summary numbers; percentages in points with a dot', async () => {
    const summary = await summarize('channel');
    const csv = summaryCsv(summary);
    expect(csv).toContain(',44.45,');
    const { records } = csvRecords(csv);
    const figuresOf = (record: Record<string, string | undefined>) => Object.fromEntries(FIGURE_HEADERS.map((h) => [h, csvNumber(record[h])]));
    expect(figuresOf(records.at(-1)!)).toEqual(expected(summary.totals));
    summary.groups.forEach((group, i) => expect(figuresOf(records[i]!)).toEqual(expected(group.figures)));
  });

  it('by procedure: the cohort cells are empty, not 0; a name with a comma and quotes comes back whole', async () => {
    const summary = await summarize('procedure');
    const { records } = csvRecords(summaryCsv(summary));
    const birth = records.find((r) => r['Mã nhóm'] === BIRTH)!;
    expect(birth['Tên nhóm']).toBe('Đăng ký khai sinh, "có yếu tố" trong nước');
    expect(birth['Tiếp nhận']).toBe('5');
    for (const header of COHORT_HEADERS) expect(birth[header], header).toBe('');
    // Still known per procedure: the channels, satisfaction and the open dossiers.
    expect([birth['Lượt đánh giá'], birth['Hài lòng và rất hài lòng (%)'], birth['Đang mở cuối ngày số liệu: quá hạn']]).toEqual(['3', '66.67', '2']);
    const copy = records.find((r) => r['Mã nhóm'] === COPY)!;
    expect(copy['Hài lòng và rất hài lòng (%)']).toBe('');
    expect(copy['Lượt đánh giá']).toBe('0');
    const totals = records.at(-1)!;
    expect(totals['Quá hạn']).toBe('2');
    expect(totals['Quá hạn (%)']).toBe('22.22');
  });

  it('without a grouping: one row, the totals', async () => {
    const { records } = csvRecords(summaryCsv(await summarize()));
    expect(records).toHaveLength(1);
    expect([records[0]!['Nhóm theo'], records[0]!['Tên nhóm'], records[0]!['Tiếp nhận']]).toEqual(['', 'Tổng cộng', '9']);
  });
});

// ---------------------------------------------------------------------------------------------

type Value = string | number | boolean | Date | null;

/** The number format of every cell of each sheet (`A9` → `0.00%`), from the workbook's XML. */
function numberFormats(xlsx: Uint8Array): Map<string, string | undefined>[] {
  const files = unzipSync(xlsx);
  const text = (name: string) => strFromU8(files[name]!);
  const styles = text('xl/styles.xml');
  const codes = new Map([...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  const xfs = [.../<cellXfs[^>]*>(.*?)<\/cellXfs>/s.exec(styles)![1]!.matchAll(/<xf\b([^>]*)>/g)].map((m) => /numFmtId="(\d+)"/.exec(m[1]!)?.[1]);
  const sheets = Object.keys(files).filter((name) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name)).sort();
  return sheets.map((name) => {
    const formats = new Map<string, string | undefined>();
    for (const [, attrs] of text(name).matchAll(/<c\b([^>]*)>/g)) {
      const ref = /\br="([A-Z]+\d+)"/.exec(attrs!)![1]!;
      const style = /\bs="(\d+)"/.exec(attrs!)?.[1];
      const fmt = style === undefined ? undefined : xfs[Number(style)];
      formats.set(ref, fmt === undefined ? undefined : codes.get(fmt));
    }
    return formats;
  });
}

/** The header block (label → text), the column headers and the rows under them, as records. */
function readSheet(data: Value[][]) {
  const headerAt = data.findIndex((row) => row[2] === 'Tiếp nhận');
  const block = Object.fromEntries(data.slice(0, headerAt).flatMap((row) => (typeof row[0] === 'string' && row[1] ? [[row[0], row[1]]] : [])));
  const headers = data[headerAt]!.map(String);
  const rows = data.slice(headerAt + 1);
  return { title: data[0]![0], block, headers, headerAt, rows: rows.map((row) => Object.fromEntries(headers.map((h, i) => [h, row[i] ?? null]))) };
}

const columnLetter = (index: number) => String.fromCharCode(65 + index);

describe('XLSX', () => {
  it('"Tổng hợp" and the grouping sheet, each with the header block: agency, period, asOf, export time in Vietnam, narrative', async () => {
    const summary = await summarize('procedure');
    const sheets = await readExcelFile(Buffer.from(await summaryWorkbook(summary, { exportedAt })));
    expect(sheets.map((s) => s.sheet)).toEqual(['Tổng hợp', 'Theo thủ tục']);
    for (const sheet of sheets) {
      const { title, block } = readSheet(sheet.data as Value[][]);
      expect(title).toBe('BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH');
      expect(block).toEqual({
        'Đơn vị': 'Ủy ban nhân dân thành phố Lâm Giang (mã H38.22)',
        'Kỳ báo cáo': 'Từ ngày 01/03/2023 đến ngày 31/03/2023',
        'Số liệu tính đến': 'Hết ngày 31/03/2023',
        'Thời điểm xuất': '30/11/2026 09:23 (giờ Việt Nam)',
        'Tóm tắt': summary.narrative,
      });
    }
    expect(summary.agency).toEqual({ code: 'H38.22', name: 'Ủy ban nhân dân thành phố Lâm Giang' });
  });

  it('the totals give back the summary numbers: counts as #,##0, percentages as fractions formatted 0.00%', async () => {
    const summary = await summarize('procedure');
    const xlsx = await summaryWorkbook(summary, { exportedAt });
    const [totalsSheet, groupSheet] = await readExcelFile(Buffer.from(xlsx));
    const formats = numberFormats(xlsx);
    const want = expected(summary.totals);
    for (const [index, sheet] of [totalsSheet!, groupSheet!].entries()) {
      const { headers, headerAt, rows } = readSheet(sheet.data as Value[][]);
      expect(headers.slice(2)).toEqual(FIGURE_HEADERS);
      const totals = rows.at(-1)!;
      expect(totals[headers[1]!]).toBe(index === 0 ? summary.agency.name : 'Tổng cộng');
      const excelRow = headerAt + 1 + rows.length;
      for (const header of FIGURE_HEADERS) {
        const cell = totals[header];
        const ref = `${columnLetter(headers.indexOf(header))}${excelRow}`;
        expect(typeof cell, header).toBe('number');
        if (header.endsWith('(%)')) {
          expect(cell as number, header).toBeCloseTo(want[header]! / 100, 12);
          expect(formats[index]!.get(ref), ref).toBe('0.00%');
        } else {
          expect(cell, header).toBe(want[header]);
          expect(formats[index]!.get(ref), ref).toBe('#,##0');
        }
      }
    }
    expect(readSheet(totalsSheet!.data as Value[][]).rows).toHaveLength(1);
  });

  it('by procedure: one row per procedure, its cohort cells empty; the satisfaction rate empty without answers', async () => {
    const summary = await summarize('procedure');
    const [, sheet] = await readExcelFile(Buffer.from(await summaryWorkbook(summary, { exportedAt })));
    const { headers, rows } = readSheet(sheet!.data as Value[][]);
    expect(headers.slice(0, 2)).toEqual(['Mã thủ tục', 'Thủ tục']);
    expect(rows.map((r) => [r['Mã thủ tục'], r['Thủ tục']])).toEqual([
      [BIRTH, 'Đăng ký khai sinh, "có yếu tố" trong nước'],
      [COPY, 'Chứng thực bản sao từ bản chính'],
      [null, 'Tổng cộng'],
    ]);
    const [birth, copy] = rows;
    for (const header of COHORT_HEADERS) expect(birth![header], header).toBeNull();
    expect([birth!['Tiếp nhận'], birth!['Qua bưu chính'], birth!['Hài lòng và rất hài lòng (%)']]).toEqual([5, 1, 0.6667]);
    expect(copy!['Hài lòng và rất hài lòng (%)']).toBeNull();
  });

  it('each grouping has its Vietnamese sheet; without one, only "Tổng hợp"', async () => {
    const names = async (groupBy?: GroupBy) => (await readExcelFile(Buffer.from(await summaryWorkbook(await summarize(groupBy), { exportedAt })))).map((s) => s.sheet);
    expect(await names()).toEqual(['Tổng hợp']);
    expect(await names('channel')).toEqual(['Tổng hợp', 'Theo kênh']);
    expect(await names('month')).toEqual(['Tổng hợp', 'Theo tháng']);
    expect(await names('field')).toEqual(['Tổng hợp', 'Theo lĩnh vực']);
  });

  it('column widths are set for every column', async () => {
    const files = unzipSync(await summaryWorkbook(await summarize(), { exportedAt }));
    const cols = [...strFromU8(files['xl/worksheets/sheet1.xml']!).matchAll(/<col min="(\d+)" max="\d+" width="(\d+)"/g)];
    expect(cols).toHaveLength(2 + FIGURE_HEADERS.length);
    expect(Number(cols[1]![2])).toBeGreaterThanOrEqual(40);
  });
});

it('a file name safe in a Content-Disposition header', async () => {
  expect(summaryFileName(await summarize('procedure'), 'xlsx')).toBe('bao-cao-H38.22-2023-03-01-den-2023-03-31-theo-procedure.xlsx');
  expect(summaryFileName(await summarize(), 'csv')).toBe('bao-cao-H38.22-2023-03-01-den-2023-03-31.csv');
});
