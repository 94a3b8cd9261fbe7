import type { Officer } from '../../../libs/platform/auth.ts';
import { reportRequestOf, type ReportQueryParams } from '../domain/report-query.ts';
import { summaryOf, type Summary } from '../domain/summary.ts';
import { agencyTree, procedureInfo, reporting } from './context.ts';

const repository = reporting();
const tree = agencyTree();
const procedures = procedureInfo();

/** The summary a report route asks for, checked against the officer's place in the tree. */
export async function periodSummary(params: ReportQueryParams, officer: Officer, now = new Date()): Promise<{ summary: Summary; format: 'json' | 'csv' | 'xlsx' }> {
  const request = reportRequestOf(params, officer.agency, tree, now);
  const generation = await repository.generation();
  const summary = await summaryOf((agency, buckets) => repository.counters(generation, agency, buckets), tree, procedures, request);
  return { summary, format: request.format };
}

export { repository as reportingRepository };
