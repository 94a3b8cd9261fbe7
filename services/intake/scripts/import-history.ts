/**
 * Loads dossiers exported from the previous system (docs/operations.md, "Importing history"):
 *
 *   npm run import -- --file <path.jsonl> [--check] [--concurrency 16]
 *
 * Local by default (the running `npm start` system: <--data-dir, default .motcua>/runtime.json names
 * its tables and endpoint). Against a deployment: `--dossiers <table> --history <HistoryTableName>
 * --survey-outbox <SurveyOutboxTableName> [--region <region>]` (credentials from the usual AWS
 * environment). The file is read twice, streamed: first every line is checked, and one bad line
 * stops the import before anything is written; then each dossier is written with its events in one
 * transaction, several at a time. Exit status: 0 done, 1 bad lines or a failure, 2 a bad command
 * line, 3 done but some codes held other content (conflicts, listed, left as they were).
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RuntimeInfo } from '../../../infra/local/runtime.ts';
import agencyTree from '../../reporting/data/agency-tree.json' with { type: 'json' };
import agencies from '../data/agencies.json' with { type: 'json' };
import procedures from '../data/procedures.json' with { type: 'json' };
import { LOOKUP_BATCH, storedFingerprints, writeImported, type ImportOutcome, type ImportTables } from '../adapters/history-import-writer.ts';
import type { Procedure } from '../domain/catalog.ts';
import { HistoryFileCheck, importOf, type HistoryLine, type ImportContext, type LineProblem } from '../domain/history-import.ts';

const USAGE = `usage: npm run import -- --file <path.jsonl> [--check] [--concurrency <1-64, default 16>] [--data-dir <dir, default .motcua>]
  against a deployment: add --dossiers <intake's dossiers table> --history <HistoryTableName> --survey-outbox <SurveyOutboxTableName> [--region <region>]`;

/** Today's agencies, and every code the agency tree knew, before the July 2025 change included. */
export function importContext(): ImportContext {
  const codes = new Set([...(agencies as { code: string }[]).map((agency) => agency.code), ...(agencyTree.agencies as { code: string }[]).map((agency) => agency.code)]);
  return { agencyExists: (code) => codes.has(code) };
}

const CATALOG = new Map((procedures as Procedure[]).map((procedure) => [procedure.code, procedure]));
export const procedureOf = (code: string) => CATALOG.get(code);

/**
 * Each line of the file with its number, streamed. A byte order mark before the first line is
 * dropped: exports saved from Windows tools often begin with one, and JSON refuses it.
 */
async function* linesOf(file: string): AsyncGenerator<{ text: string; number: number }> {
  let number = 0;
  for await (const text of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    number += 1;
    yield { text: number === 1 && text.startsWith('\uFEFF') ? text.slice(1) : text, number };
  }
}

/** The first pass: every line checked, nothing written. */
export async function checkFile(file: string, context: ImportContext = importContext()): Promise<HistoryFileCheck> {
  const check = new HistoryFileCheck(context);
  for await (const { text, number } of linesOf(file)) check.add(text, number);
  return check;
}

export interface ImportSummary {
  readonly lines: number;
  readonly written: number;
  readonly alreadyImported: number;
  readonly conflicts: { line: number; code: string }[];
}

/**
 * The second pass, a hundred lines at a time: the codes already there are read in one request (a
 * re-run writes nothing), the others written with bounded concurrency, each dossier conditional on
 * its absence (so a race with another writer is still caught). The file is checked again as it is
 * read: one changed between the passes stops the import rather than writing what was not checked.
 */
export async function importFile(
  file: string,
  options: { client: DynamoDBDocumentClient; tables: ImportTables; concurrency: number; now?: Date; progress?: (done: number, summary: ImportSummary) => void },
): Promise<ImportSummary> {
  const now = options.now ?? new Date();
  const check = new HistoryFileCheck(importContext());
  const summary = { lines: 0, written: 0, alreadyImported: 0, conflicts: [] as { line: number; code: string }[] };
  const count = (outcome: ImportOutcome, line: HistoryLine, number: number) => {
    if (outcome === 'written') summary.written += 1;
    else if (outcome === 'already-imported') summary.alreadyImported += 1;
    else summary.conflicts.push({ line: number, code: line.code });
    options.progress?.(summary.written + summary.alreadyImported + summary.conflicts.length, summary);
  };
  let batch: { line: HistoryLine; number: number }[] = [];
  /** A batch of lines: the codes already there are told apart by one read, the others written several at a time. */
  const flush = async () => {
    const stored = await storedFingerprints(options.client, options.tables.dossiers, batch.map(({ line }) => line.code));
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    for (const { line, number } of batch) {
      const imported = importOf(line, { now, procedureOf });
      if (stored.has(line.code)) {
        count(stored.get(line.code) === imported.dossier.imported.fingerprint ? 'already-imported' : 'conflict', line, number);
        continue;
      }
      const write: Promise<void> = writeImported(options.client, options.tables, imported)
        .then((outcome) => count(outcome, line, number))
        .catch((error: unknown) => void (failure ??= error))
        .finally(() => inFlight.delete(write));
      inFlight.add(write);
      if (inFlight.size >= options.concurrency) await Promise.race(inFlight);
      if (failure) break;
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
    batch = [];
  };
  for await (const { text, number } of linesOf(file)) {
    const line = check.add(text, number);
    if (check.problems.length) throw new Error(`line ${check.problems[0]!.line} changed since it was checked: ${check.problems[0]!.reasons.join('; ')}`);
    if (!line) continue;
    summary.lines += 1;
    batch.push({ line, number });
    if (batch.length === LOOKUP_BATCH) await flush();
  }
  if (batch.length) await flush();
  return summary;
}

/** The most bad lines listed: a file that is not JSON Lines at all would otherwise print every one of its lines. */
const LISTED_PROBLEMS = 100;

/**
 * The bad lines as the operator reads them, the first hundred; control characters (what JSON.parse
 * quotes of a binary file) shown as `\uFFFD` rather than sent to the terminal.
 */
export function describeProblems(problems: readonly LineProblem[]): string[] {
  const listed = problems.slice(0, LISTED_PROBLEMS).map((problem) => `line ${problem.line}: ${problem.reasons.join('; ')}`.replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD'));
  return problems.length > LISTED_PROBLEMS ? [...listed, `… and ${problems.length - LISTED_PROBLEMS} more bad line(s)`] : listed;
}

function fail(message: string, status = 2): never {
  console.error(`import: ${message}`);
  if (status === 2) console.error(USAGE);
  process.exit(status);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        file: { type: 'string' },
        check: { type: 'boolean', default: false },
        concurrency: { type: 'string', default: '16' },
        'data-dir': { type: 'string', default: '.motcua' },
        dossiers: { type: 'string' },
        history: { type: 'string' },
        'survey-outbox': { type: 'string' },
        region: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) return void console.log(USAGE);
  if (!values.file) fail('--file is required');
  if (!existsSync(values.file)) fail(`${values.file} not found`, 1);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) fail('--concurrency must be a whole number from 1 to 64');
  const aws = [values.dossiers, values.history, values['survey-outbox']];
  if (aws.some(Boolean) && !aws.every(Boolean)) fail('against a deployment, give all of --dossiers, --history and --survey-outbox');

  const started = Date.now();
  let check: HistoryFileCheck;
  try {
    check = await checkFile(values.file);
  } catch (error) {
    // A directory, a file not readable: said in a line, not as a stack trace.
    fail(`${values.file} cannot be read: ${(error as Error).message}`, 1);
  }
  if (check.problems.length) {
    for (const problem of describeProblems(check.problems)) console.error(problem);
    fail(`${check.problems.length} bad line(s) of ${check.lines}: nothing was imported`, 1);
  }
  if (!check.lines) fail(`${values.file} holds no dossier (it is empty or blank): nothing was imported`, 1);
  console.log(`checked ${check.lines} line(s): all valid`);
  if (values.check) return;

  let tables: ImportTables;
  let clientConfig = {};
  let where: string;
  if (values.dossiers) {
    tables = { dossiers: values.dossiers, history: values.history!, surveyOutbox: values['survey-outbox']! };
    clientConfig = values.region ? { region: values.region } : {};
    where = `${tables.dossiers} (AWS)`;
  } else {
    const file = path.resolve(values['data-dir'], 'runtime.json');
    if (!existsSync(file)) fail(`${file} not found: start the local system (npm start), or name the deployment's tables`, 1);
    const info = JSON.parse(readFileSync(file, 'utf8')) as RuntimeInfo;
    const dossiers = Object.entries(info.tables).find(([key]) => key.includes('DossiersTable'))?.[1];
    tables = { dossiers: dossiers!, history: info.outputs['Motcua-Data.HistoryTableName']!, surveyOutbox: info.outputs['Motcua-Data.SurveyOutboxTableName']! };
    if (Object.values(tables).some((name) => !name)) fail(`${file} does not name intake's dossiers, history and the survey outbox`, 1);
    clientConfig = { endpoint: info.dynamodbEndpoint, region: info.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    where = 'the local system';
  }
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 6, ...clientConfig }), { marshallOptions: { removeUndefinedValues: true } });
  let lastReport = 0;
  try {
    const summary = await importFile(values.file, {
      client,
      tables,
      concurrency,
      progress: (done) => {
        if (Date.now() - lastReport < 2000 && done < check.valid) return;
        lastReport = Date.now();
        const perSecond = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
        console.log(`  ${done}/${check.valid} dossiers (${perSecond}/s)`);
      },
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `imported into ${where} in ${seconds} s: ${summary.lines} dossier(s), ${summary.written} written, ${summary.alreadyImported} already imported, ${summary.conflicts.length} conflict(s)`,
    );
    if (summary.conflicts.length) {
      for (const conflict of summary.conflicts) console.error(`line ${conflict.line}: conflict: ${conflict.code} already holds other content; left as it was`);
      process.exitCode = 3;
    }
  } catch (error) {
    fail((error as Error).message, 1);
  } finally {
    client.destroy();
  }
}

if (import.meta.main) await main();
