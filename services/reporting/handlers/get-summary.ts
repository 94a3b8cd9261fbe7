import { officerOf } from '../../../libs/platform/auth.ts';
import { httpHandler, json, type HttpResult } from '../../../libs/platform/http.ts';
import { parseOrThrow } from '../../../libs/platform/validation.ts';
import { periodSummary } from '../adapters/period-summary.ts';
import { summaryCsv } from '../domain/export-csv.ts';
import { summaryFileName } from '../domain/export-rows.ts';
import { summaryWorkbook } from '../domain/export-xlsx.ts';
import { ReportQueryParams } from '../domain/report-query.ts';
import type { Summary } from '../domain/summary.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * GET /reports/summary?agency=&period=|from=&to=[&asOf=][&groupBy=][&format=json|csv|xlsx] — an
 * agency's figures over a period as of the end of a day, with the narrative line; its officers and
 * those above it only. Reads counters, never dossiers.
 */
export const handler = httpHandler(async (event) => {
  const officer = officerOf(event);
  const { summary, format } = await periodSummary(parseOrThrow(ReportQueryParams, event.queryStringParameters ?? {}, 'query'), officer);
  if (format === 'csv') return file(summary, 'csv', 'text/csv; charset=utf-8', Buffer.from(summaryCsv(summary), 'utf8'));
  if (format === 'xlsx') return file(summary, 'xlsx', XLSX, Buffer.from(await summaryWorkbook(summary, { exportedAt: new Date() })));
  return json(200, summary);
});

function file(summary: Summary, extension: 'csv' | 'xlsx', contentType: string, bytes: Buffer): HttpResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${summaryFileName(summary, extension)}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: bytes.toString('base64'),
    isBase64Encoded: true,
  };
}
