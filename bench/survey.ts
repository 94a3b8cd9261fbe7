/**
 * npm run bench:survey — signed Twilio inbound callbacks (citizens' replies) on the local runtime:
 * how many per second POST /surveys/sms/twilio/inbound accepts, and how long a reply takes from
 * its 200 to being applied to its survey, the first readable one counted as the answer
 * (receive-twilio-callback → SQS SurveySmsCallbacks → apply-sms-callbacks).
 *
 * Surveys are made the real way: dossiers returned at the counter, intake's event makes survey
 * plan one per dossier (locally at once), and SendDueMessages, invoked through the runtime's
 * Lambda endpoint, sends it through the SMS simulator. Every reply is one this script signed.
 *
 * "Applied" and "counted" are seen as bench/postal.ts sees "applied": the functions reach DynamoDB
 * through a pass-through proxy in this process, which reads each successful TransactWriteItems on
 * the surveys table and notes when a reply id first appears in a saved survey, and with which
 * outcome. See bench/README.md#survey.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DurableDynamoDbProxy } from '../infra/local/durable-dynamodb.ts';
import { synthesize } from '../infra/local/synth.ts';
import { TWILIO_SIGNATURE_HEADER, twilioSignature } from '../libs/platform/twilio-signature.ts';
import { DEV_TWILIO_ACCOUNT_SID, DEV_TWILIO_AUTH_TOKEN } from '../services/survey/simulator/dev-credentials.ts';
import { SIMULATED_SERVICE_NUMBER } from '../services/survey/simulator/sms-simulator.ts';
import { householdBusiness, startLocalSystem, type LocalSystem } from '../tests/support/local-system.ts';
import { cpuSeconds } from './cpu.ts';
import { drained, TransactionTap } from './dynamodb-tap.ts';
import { percentile, postingOrder } from './postal-plan.ts';
import { repliesWritten, replyText } from './survey-plan.ts';

const { values } = parseArgs({
  options: {
    surveys: { type: 'string', default: '100' },
    'replies-per-survey': { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '8,32' },
    'duplicate-every': { type: 'string', default: '10' },
    'resend-after': { type: 'string', default: '40' },
    'drain-timeout': { type: 'string', default: '300' },
  },
});
const SURVEYS = Number(values.surveys);
const REPLIES_PER_SURVEY = Number(values['replies-per-survey']);
const CONCURRENCIES = values.concurrency.split(',').map(Number);
const DUPLICATE_EVERY = Number(values['duplicate-every']);
const RESEND_AFTER = Number(values['resend-after']);
const DRAIN_TIMEOUT_MS = Number(values['drain-timeout']) * 1000;

const AGENCY = 'H38.22';
const INBOUND_PATH = '/surveys/sms/twilio/inbound';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** When each reply id first appears in a saved survey, and with which outcome (the surveys table's transactions, read through a `TransactionTap`). */
class AppliedObserver {
  readonly applied = new Map<string, { at: number; outcome: string }>();
  /** Survey saves refused because another save of the same survey came first (the consumer reads again). */
  conflicts = 0;
  readonly tap = new TransactionTap((body, status, at) => this.observe(body, status, at));
  private readonly table: () => string;

  constructor(table: () => string) {
    this.table = table;
  }

  private observe(body: string, status: number, at: number): void {
    const replies = repliesWritten(body, this.table());
    if (replies.length === 0) return;
    if (status !== 200) {
      this.conflicts += 1;
      return;
    }
    for (const { replyId, outcome } of replies) if (!this.applied.has(replyId)) this.applied.set(replyId, { at, outcome });
  }
}

interface Citizen {
  readonly dossierCode: string;
  /** E.164, as Twilio gives `From`. */
  readonly phone: string;
}

/** Dossiers received, resolved and returned at the counter; answers once each one's survey is sent (SendDueMessages invoked until it is). */
async function makeSurveys(system: LocalSystem, lambda: LambdaClient, sendFunction: string, token: string, count: number, firstIndex: number): Promise<Citizen[]> {
  const citizens: Citizen[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) {
        const i = firstIndex + next++;
        const body = householdBusiness(i);
        const received = await system.api('POST', '/dossiers', body, token);
        if (received.status !== 201) throw new Error(`dossier ${i}: HTTP ${received.status} ${JSON.stringify(received.body)}`);
        for (const type of ['startProcessing', 'resolve', 'returnResult']) {
          const acted = await system.api('POST', `/dossiers/${received.body.code}/actions`, { type }, token);
          if (acted.status !== 200) throw new Error(`dossier ${received.body.code} ${type}: HTTP ${acted.status} ${JSON.stringify(acted.body)}`);
        }
        citizens.push({ dossierCode: received.body.code as string, phone: `+84${body.applicant.phone.slice(1)}` });
      }
    }),
  );
  const deadline = Date.now() + 300_000;
  let waiting = [...citizens];
  while (waiting.length) {
    if (Date.now() > deadline) throw new Error(`${waiting.length} surveys not sent in time, e.g. ${waiting[0]!.dossierCode}`);
    await lambda.send(new InvokeCommand({ FunctionName: sendFunction, Payload: JSON.stringify({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} }) }));
    const states = await Promise.all(waiting.map(async (citizen) => ({ citizen, view: await system.api('GET', `/surveys?dossierCode=${citizen.dossierCode}`, undefined, token) })));
    waiting = states.filter(({ view }) => view.body?.survey?.state !== 'sent').map(({ citizen }) => citizen);
    if (waiting.length) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  // The simulator's delivery reports on what was sent are in before the replies start.
  await system.runtime.smsSimulator.settled();
  return citizens;
}

interface Reply {
  readonly sid: string;
  readonly citizen: Citizen;
  readonly body: string;
}

/** Reply i is step ⌊i / surveys⌋ of survey i mod surveys: every survey's first reply, then every second one, … */
function repliesOf(citizens: readonly Citizen[], count: number): Reply[] {
  return Array.from({ length: count }, (_, i) => {
    const s = i % citizens.length;
    return { sid: `SM${randomBytes(16).toString('hex')}`, citizen: citizens[s]!, body: replyText(s, Math.floor(i / citizens.length)) };
  });
}

interface Posted {
  readonly reply: Reply;
  readonly resend: boolean;
  readonly status: number;
  readonly latencyMs: number;
  readonly acceptedAt: number;
}

/** One inbound callback as Twilio posts it: form-encoded, signed over the exact public URL and every parameter. */
async function post(url: string, reply: Reply): Promise<{ status: number; latencyMs: number; acceptedAt: number }> {
  const params = new URLSearchParams({
    ToCountry: 'VN', SmsMessageSid: reply.sid, NumMedia: '0', SmsSid: reply.sid, SmsStatus: 'received', Body: reply.body, FromCountry: 'VN',
    To: SIMULATED_SERVICE_NUMBER, NumSegments: '1', MessageSid: reply.sid, AccountSid: DEV_TWILIO_ACCOUNT_SID, From: reply.citizen.phone, ApiVersion: '2010-04-01',
  });
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', [TWILIO_SIGNATURE_HEADER]: twilioSignature(DEV_TWILIO_AUTH_TOKEN, url, params) },
    body: params.toString(),
  });
  await response.arrayBuffer();
  const acceptedAt = performance.now();
  return { status: response.status, latencyMs: acceptedAt - started, acceptedAt };
}

async function postAll(url: string, replies: readonly Reply[], concurrency: number): Promise<{ posted: Posted[]; seconds: number }> {
  const order = postingOrder(replies.length, DUPLICATE_EVERY, RESEND_AFTER);
  const posted: Posted[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < order.length) {
        const { update, resend } = order[next++]!;
        const reply = replies[update]!;
        posted.push({ reply, resend, ...(await post(url, reply)) });
      }
    }),
  );
  return { posted, seconds: (performance.now() - started) / 1000 };
}

/** The duplicates changed nothing: each survey answered, holding each reply it was sent once, exactly one of them counted — read as an officer reads it. */
async function checkStored(system: LocalSystem, token: string, citizens: readonly Citizen[], replies: readonly Reply[]): Promise<string[]> {
  const sent = new Map<string, number>();
  for (const reply of replies) sent.set(reply.citizen.dossierCode, (sent.get(reply.citizen.dossierCode) ?? 0) + 1);
  const problems: string[] = [];
  for (const { dossierCode } of citizens) {
    const { status, body } = await system.api('GET', `/surveys?dossierCode=${dossierCode}`, undefined, token);
    const survey = body?.survey;
    if (status !== 200 || !survey) {
      problems.push(`${dossierCode}: HTTP ${status}`);
      continue;
    }
    const counted = (survey.replies as { outcome: string }[]).filter((reply) => reply.outcome === 'counted').length;
    if (survey.state !== 'answered' || survey.answer?.channel !== 'sms' || counted !== 1 || survey.replies.length !== sent.get(dossierCode)) {
      problems.push(`${dossierCode}: ${survey.state}, ${survey.replies.length} replies kept for ${sent.get(dossierCode)} sent, ${counted} counted`);
    }
  }
  return problems;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const seconds = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(1)} s` : ms(value));
const spread = (sorted: readonly number[]) => (sorted.length ? `${seconds(percentile(sorted, 50))} / ${seconds(percentile(sorted, 95))} / ${seconds(sorted.at(-1)!)}` : '—');

async function run(label: string, system: LocalSystem, observer: AppliedObserver, sqs: SQSClient, queueUrl: string, token: string, citizens: Citizen[], count: number, concurrency: number): Promise<string[]> {
  const replies = repliesOf(citizens, count);
  const conflictsBefore = observer.conflicts;
  const cpuBefore = cpuSeconds(system.runtime.dynamodbPid);
  const { posted, seconds: postingSeconds } = await postAll(`${system.info.url}${INBOUND_PATH}`, replies, concurrency);
  const ids = replies.map((reply) => `twilio:${reply.sid}`);
  const ok = await drained(sqs, queueUrl, () => ids.every((id) => observer.applied.has(id)), DRAIN_TIMEOUT_MS);
  const cpuAfter = cpuSeconds(system.runtime.dynamodbPid);
  const cpuPer = (key: 'node' | 'java') => `${(((cpuAfter[key] - cpuBefore[key]) * 1000) / count).toFixed(1)} ms`;
  const firstPosted = Math.min(...posted.map((p) => p.acceptedAt - p.latencyMs));

  const not2xx = posted.filter((p) => p.status < 200 || p.status > 299);
  const latencies = posted.map((p) => p.latencyMs).sort((a, b) => a - b);
  const accepted = new Map<string, number>();
  for (const p of posted) if (!p.resend) accepted.set(`twilio:${p.reply.sid}`, p.acceptedAt);
  const applied = ids.filter((id) => observer.applied.has(id));
  const lags = applied.map((id) => observer.applied.get(id)!.at - accepted.get(id)!).sort((a, b) => a - b);
  const countedIds = applied.filter((id) => observer.applied.get(id)!.outcome === 'counted');
  const countedLags = countedIds.map((id) => observer.applied.get(id)!.at - accepted.get(id)!).sort((a, b) => a - b);
  const early = lags.filter((lag) => lag < 0).length;
  const lastApplied = Math.max(...applied.map((id) => observer.applied.get(id)!.at));
  const outcomes: Record<string, number> = {};
  for (const id of applied) outcomes[observer.applied.get(id)!.outcome] = (outcomes[observer.applied.get(id)!.outcome] ?? 0) + 1;
  const problems = await checkStored(system, token, citizens, replies);
  const resends = posted.filter((p) => p.resend).length;

  return [
    `${label}: ${count} replies + ${resends} resends over ${citizens.length} surveys, flat out at concurrency ${concurrency}`,
    `  accepted/s             ${(posted.length / postingSeconds).toFixed(1)} (${posted.length} posts in ${postingSeconds.toFixed(1)} s)`,
    `  HTTP p50 / p95 / p99   ${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 95))} / ${ms(percentile(latencies, 99))}`,
    `  answers                ${not2xx.length === 0 ? 'all 2xx' : `${not2xx.length} not 2xx: ${[...new Set(not2xx.map((p) => p.status))].join(', ')}`}`,
    `  applied/s              ${((applied.length * 1000) / (lastApplied - firstPosted)).toFixed(1)} (first post → last applied)${ok ? '' : ' — NOT DRAINED in time'}`,
    `  lag 200 → applied      p50 / p95 / max ${spread(lags)} (${applied.length}/${count} replies; ${early} applied before their 200 arrived)`,
    `  lag 200 → counted      p50 / p95 / max ${spread(countedLags)} (${countedIds.length} answers counted)`,
    `  outcomes               ${JSON.stringify(outcomes)}`,
    `  duplicates             ${problems.length === 0 ? `changed nothing: every survey answered once by SMS, holding each reply it was sent exactly once` : `${problems.length} surveys wrong: ${problems.slice(0, 5).join('; ')}`}`,
    `  survey saves lost to a concurrent save (read again): ${observer.conflicts - conflictsBefore}`,
    `  CPU per reply          ${cpuPer('node')} Node + ${cpuPer('java')} JVM (first post → drained, resends included)`,
  ];
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'motcua-bench-survey-'));
  const assemblyDir = path.join(work, 'cdk.out');
  let surveysTable = '';
  const observer = new AppliedObserver(() => surveysTable);
  const durable = new DurableDynamoDbProxy();
  let system: LocalSystem | undefined;
  let sqs: SQSClient | undefined;
  let lambda: LambdaClient | undefined;
  const load = [loadavg()[0]!];
  try {
    console.log('synthesizing…');
    await synthesize(assemblyDir);
    system = await startLocalSystem({
      assemblyDir,
      dataDir: path.join(work, 'data'),
      inMemory: true,
      functionDynamoDbEndpoint: async (endpoint) => observer.tap.listen(await durable.listen(endpoint)),
      smsSimulator: { stepMs: 50 },
      onError: (message) => console.error(`  runtime: ${message}`),
    });
    const { info } = system;
    surveysTable = Object.entries(info.tables).find(([key]) => key.includes('SurveysTable'))![1];
    const queueUrl = Object.entries(info.queues).find(([key]) => key.includes('SurveySmsCallbacks') && !/dead|dlq/i.test(key))![1];
    const sendFunction = Object.entries(info.functions).find(([key]) => key.includes('SendDueMessages'))![1];
    sqs = new SQSClient({ endpoint: info.sqsEndpoint, region: info.region, credentials });
    lambda = new LambdaClient({ endpoint: info.lambdaEndpoint, region: info.region, credentials });
    const token = await system.issuer.mint({ agency: AGENCY, sub: 'bench' });

    console.log(`making ${SURVEYS} sent surveys per run (${CONCURRENCIES.length} runs) and a warm-up set…`);
    const sets: Citizen[][] = [];
    for (let r = 0; r <= CONCURRENCIES.length; r += 1) sets.push(await makeSurveys(system, lambda, sendFunction, token, SURVEYS, 70_000 + r * 1000));

    console.log('warming up (2 replies per survey of the warm-up set)…');
    await run('warm', system, observer, sqs, queueUrl, token, sets[CONCURRENCIES.length]!, 2 * SURVEYS, 8);

    const lines: string[] = [];
    for (const [r, concurrency] of CONCURRENCIES.entries()) {
      console.log(`run c${concurrency}…`);
      lines.push(...(await run(`c${concurrency}`, system, observer, sqs, queueUrl, token, sets[r]!, REPLIES_PER_SURVEY * SURVEYS, concurrency)));
      load.push(loadavg()[0]!);
    }
    console.log(`\nsummary (Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average ${load.map((l) => l.toFixed(1)).join(' → ')}, ${new Date().toISOString()})`);
    console.log(lines.join('\n'));
  } finally {
    sqs?.destroy();
    lambda?.destroy();
    await system?.stop();
    await observer.tap.close();
    await durable.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
