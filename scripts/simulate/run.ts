import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DevIssuer } from '../../infra/local/dev-issuer.ts';
import { DASHBOARD_PATH } from '../../services/reporting/dashboard/shell.ts';
import type { RuntimeInfo } from '../../infra/local/runtime.ts';
import { isoDateOf, localDateOf } from '../../libs/calendar/working-days.ts';
import { checkFile, describeProblems, importFile } from '../../services/intake/scripts/import-history.ts';
import { rebuild } from '../../services/reporting/adapters/rebuild.ts';
import { ReportingRepository } from '../../services/reporting/adapters/reporting-repository.ts';
import { shippedCatalog } from './catalog.ts';
import { historyOf, receivingAgencies } from './history.ts';
import { seededRandom } from './random.ts';
import { planToday, type PlannedDossier } from './today.ts';

/**
 * `npm run simulate`: a filled dashboard minutes after `npm start` (README, docs/local-runtime.md).
 * 1. a history of the past days, written by the history import's own check and writer;
 * 2. reporting's rebuild, so the history shows at once (the consumer, which also gets the imported
 *    events from the bus, counts each event once whichever comes first);
 * 3. today's traffic through the public APIs only: intake's routes with an officer's token, the
 *    postal partner simulator (it delivers by itself) and the SMS simulator's control endpoint for
 *    the citizens' survey replies.
 */

export interface SimulateOptions {
  readonly agency: string;
  readonly days: number;
  readonly dossiers: number;
  /** Dossiers received today through the API. */
  readonly today: number;
  readonly seed: number;
  readonly dataDir: string;
  /** How long to wait for survey SMS to go out before replying (they go within a minute locally). */
  readonly surveyWaitMs: number;
  readonly now?: Date;
  readonly log?: (line: string) => void;
}

export interface SimulateResult {
  readonly historyLines: number;
  readonly historyReceivedThisMonth: number;
  readonly imported: { written: number; alreadyImported: number; conflicts: number };
  readonly today: { received: number; actionsRefused: number; replies: number };
  readonly summaryUrl: string;
  readonly narrative: string | null;
  readonly seconds: { history: number; rebuild: number; today: number };
}

export class NotRunning extends Error {}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The running local system named by `<dataDir>/runtime.json`, or a clear refusal. */
export async function runningSystem(dataDir: string): Promise<RuntimeInfo> {
  const file = path.resolve(dataDir, 'runtime.json');
  if (!existsSync(file)) throw new NotRunning(`${file} not found: start the local system first (npm start), then run this again`);
  const info = JSON.parse(readFileSync(file, 'utf8')) as RuntimeInfo;
  try {
    await fetch(`${info.url}/agencies`, { signal: AbortSignal.timeout(5000) });
  } catch {
    throw new NotRunning(`the local system is not running (nothing answers at ${info.url}; ${file} is from an earlier start): start it with npm start, then run this again`);
  }
  return info;
}

export async function simulate(options: SimulateOptions): Promise<SimulateResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? new Date();
  const info = await runningSystem(options.dataDir);
  const catalog = shippedCatalog();
  const month = isoDateOf(localDateOf(now)).slice(0, 7);
  const receivers = receivingAgencies(catalog, options.agency, localDateOf(now));
  if (!receivers.length) throw new Error(`no commune in force receives dossiers for ${options.agency} (services/reporting/data/agency-tree.json)`);
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: info.dynamodbEndpoint, region: info.region, credentials, maxAttempts: 6 }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  try {
    // 1. History, through the import.
    let started = Date.now();
    const lines = historyOf(catalog, { agency: options.agency, days: options.days, dossiers: options.dossiers, seed: options.seed, now }, seededRandom(options.seed));
    const file = path.resolve(options.dataDir, 'simulate', `history-${options.agency}-${isoDateOf(localDateOf(now))}-s${options.seed}.jsonl`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
    const check = await checkFile(file);
    if (check.problems.length) throw new Error(`the generated history has bad lines (a bug here):\n${describeProblems(check.problems).slice(0, 10).join('\n')}`);
    log(`history: ${lines.length} dossier(s) over the ${options.days} day(s) before today at ${receivers.join(', ')} → ${path.relative(process.cwd(), file)}`);
    const tables = {
      dossiers: Object.entries(info.tables).find(([key]) => key.includes('DossiersTable'))![1],
      history: info.outputs['Motcua-Data.HistoryTableName']!,
      surveyOutbox: info.outputs['Motcua-Data.SurveyOutboxTableName']!,
    };
    let lastReport = 0;
    const summary = await importFile(file, {
      client: documents,
      tables,
      concurrency: 16,
      now,
      progress: (done) => {
        if (Date.now() - lastReport < 5000 && done < lines.length) return;
        lastReport = Date.now();
        log(`  imported ${done}/${lines.length}`);
      },
    });
    const imported = { written: summary.written, alreadyImported: summary.alreadyImported, conflicts: summary.conflicts.length };
    log(`history: ${imported.written} written, ${imported.alreadyImported} already there (same seed, same day)${imported.conflicts ? `, ${imported.conflicts} code(s) holding an earlier run's other content (left as they were)` : ''}`);
    const historySeconds = (Date.now() - started) / 1000;

    // 2. Reporting's rebuild from the outboxes.
    started = Date.now();
    const { agencyTree } = await import('../../services/reporting/adapters/context.ts');
    const outboxes = ['HistoryTableName', 'PostalOutboxTableName', 'SurveyOutboxTableName'].map((name) => info.outputs[`Motcua-Data.${name}`]!);
    const rebuilt = await rebuild({ documents, outboxes, repository: new ReportingRepository(documents, info.outputs['Motcua-Data.ReportingTableName']!), tree: agencyTree() });
    log(`reporting: rebuilt from ${rebuilt.events} events (generation ${rebuilt.generation})`);
    const rebuildSeconds = (Date.now() - started) / 1000;

    // 3. Today, through the public APIs.
    started = Date.now();
    const plan = planToday(catalog, receivers, options.today, options.seed, seededRandom(options.seed + 1));
    const today = await driveToday(info, options, plan, log);
    const todaySeconds = (Date.now() - started) / 1000;

    const issuer = await DevIssuer.open(path.resolve(options.dataDir));
    const token = await issuer.mint({ agency: options.agency, sub: 'simulate' });
    const summaryPath = `/reports/summary?agency=${encodeURIComponent(options.agency)}&period=${month}`;
    const historyReceivedThisMonth = lines.filter((line) => isoDateOf(localDateOf(new Date(line.receivedAt))).startsWith(month)).length;
    const narrative = await settledNarrative(`${info.url}${summaryPath}`, token, historyReceivedThisMonth + today.received);
    log(`\n${narrative ?? '(no narrative: the summary did not answer)'}`);
    log(`summary: ${info.url}${summaryPath}  (header authorization: Bearer $(npm run -s token -- --agency ${options.agency}))`);
    // The token rides in the fragment, which the browser never sends (services/reporting/dashboard/token.ts).
    log(`dashboard: ${info.url}${DASHBOARD_PATH}#token=${token}`);
    return {
      historyLines: lines.length,
      historyReceivedThisMonth,
      imported,
      today,
      summaryUrl: `${info.url}${summaryPath}`,
      narrative,
      seconds: { history: historySeconds, rebuild: rebuildSeconds, today: todaySeconds },
    };
  } finally {
    documents.destroy();
  }
}

/** The month's narrative once reporting counts what was received (the consumer may still be catching up; 60 s at most). */
async function settledNarrative(url: string, token: string, received: number): Promise<string | null> {
  let narrative: string | null = null;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 1000))) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) continue;
    const body = (await response.json()) as { narrative: string; totals: { received: number } };
    narrative = body.narrative;
    if (body.totals.received >= received) break;
  }
  return narrative;
}

async function driveToday(info: RuntimeInfo, options: SimulateOptions, plan: readonly PlannedDossier[], log: (line: string) => void) {
  const issuer = await DevIssuer.open(path.resolve(options.dataDir));
  const tokens = new Map<string, string>();
  for (const agency of new Set(plan.map((dossier) => dossier.agency))) tokens.set(agency, await issuer.mint({ agency, sub: 'simulate' }));
  const day = isoDateOf(localDateOf(options.now ?? new Date()));
  let received = 0;
  let actionsRefused = 0;
  const api = async (method: string, route: string, token: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${info.url}${route}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, replayed: response.headers.get('idempotent-replayed') === 'true' };
  };
  const awaitingSurvey: PlannedDossier[] = [];

  const play = async (dossier: PlannedDossier) => {
    const token = tokens.get(dossier.agency)!;
    // The same key for the same dossier of the same day: a second run today replays, files nothing twice.
    const created = await api('POST', '/dossiers', token, dossier.body, { 'idempotency-key': `simulate-${options.seed}-${day}-${dossier.index}` });
    if (created.status !== 201) throw new Error(`POST /dossiers answered ${created.status}: ${JSON.stringify(created.body)}`);
    received += 1;
    if (created.replayed) return;
    const code = created.body.code as string;
    const act = async (action: Record<string, unknown>) => {
      const { status } = await api('POST', `/dossiers/${code}/actions`, token, action);
      if (status !== 200) actionsRefused += 1;
      return status === 200;
    };
    if (dossier.body.channel === 'online' && dossier.fate !== 'refused') await act({ type: 'accept' });
    switch (dossier.fate) {
      case 'left-open':
        return;
      case 'refused':
        await act({ type: 'refuse', reason: 'Hồ sơ không đủ điều kiện theo quy định' });
        return;
      case 'withdrawn':
        await act({ type: 'withdraw', reason: 'Công dân xin rút hồ sơ' });
        return;
      case 'supplement-waiting':
        await act({ type: 'requestSupplement', missing: ['Bản sao giấy tờ tùy thân của người nộp'] });
        return;
      case 'supplement-then-returned':
        await act({ type: 'requestSupplement', missing: ['Bản sao giấy tờ tùy thân của người nộp'] });
        await act({ type: 'receiveSupplement' });
        break;
    }
    // A result by post is delivered by the partner simulator (by default at once; every fifth after a failed attempt), then returned by intake.
    const byPost = (dossier.body.resultDelivery as { method: string }).method === 'postal';
    if (byPost && dossier.index % 5 === 0) {
      await fetch(`${info.postalSimulator}/_control/scenario`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dossierCode: code, scenario: 'failed-once' }) });
    }
    await act({ type: 'startProcessing' });
    await act({ type: 'resolve' });
    if (dossier.fate !== 'resolved' && !byPost) await act({ type: 'returnResult' });
    if (dossier.reply && (byPost || dossier.fate !== 'resolved')) awaitingSurvey.push(dossier);
  };

  const queue = [...plan];
  let reported = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let dossier = queue.shift(); dossier; dossier = queue.shift()) {
        await play(dossier);
        if (received - reported >= 10) log(`  today: ${(reported = received)}/${plan.length} dossiers received and acted on`);
      }
    }),
  );
  log(`today: ${received} dossier(s) received (counter, online, post), ${actionsRefused} action(s) refused; waiting for survey SMS to reply to (${awaitingSurvey.length})`);
  const replies = await replyToSurveys(info, awaitingSurvey, options.surveyWaitMs, log);
  log(`today: ${replies} survey repl${replies === 1 ? 'y' : 'ies'} texted back through the SMS simulator`);
  return { received, actionsRefused, replies };
}

/** Each citizen replies once their survey SMS has arrived at the SMS simulator (the sender runs every minute). */
async function replyToSurveys(info: RuntimeInfo, dossiers: readonly PlannedDossier[], waitMs: number, log: (line: string) => void): Promise<number> {
  const waiting = new Map(dossiers.map((dossier) => [(dossier.body.applicant as { phone: string }).phone, dossier.reply!]));
  let replies = 0;
  let lastReport = Date.now();
  for (const deadline = Date.now() + waitMs; waiting.size && Date.now() < deadline; await new Promise((r) => setTimeout(r, 2000))) {
    for (const [phone, text] of waiting) {
      const { messages } = (await (await fetch(`${info.smsSimulator}/_control/messages?to=${phone}`)).json()) as { messages: { messageId?: string }[] };
      if (!messages.some((message) => message.messageId?.endsWith('-survey'))) continue;
      const answer = await fetch(`${info.smsSimulator}/_control/reply`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: phone, text }) });
      if (answer.ok && ((await answer.json()) as { answers: number[] }).answers.includes(200)) replies += 1;
      waiting.delete(phone);
    }
    if (waiting.size && Date.now() - lastReport >= 15_000) {
      lastReport = Date.now();
      log(`  ${replies} replied, ${waiting.size} survey SMS not sent yet`);
    }
  }
  return replies;
}
