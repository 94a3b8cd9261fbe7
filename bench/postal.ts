/**
 * npm run bench:postal — signed partner webhooks on the local runtime: how many per second
 * POST /postal/webhooks/demo-webhook accepts, and how long an accepted update takes to be applied
 * to its shipment (receive-webhook → SQS PostalPartnerUpdates → apply-partner-updates).
 *
 * Shipments are made the real way: dossiers filed with a postal return are resolved, intake's
 * event makes postal create them at the partner simulator, whose scenario is `silent` (it posts
 * its own `accepted` and then nothing), so every later update is one this script signed and sent.
 *
 * "Applied" is seen without asking the system anything: the functions reach DynamoDB through a
 * pass-through proxy in this process (in front of the runtime's usual DurableDynamoDbProxy), which
 * reads each successful TransactWriteItems on the shipments table and notes when an update id
 * first appears in a saved shipment. Accepted (the 202 arrived) and applied are both read with
 * `performance.now()` on this process's main thread. See bench/README.md#postal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DurableDynamoDbProxy } from '../infra/local/durable-dynamodb.ts';
import { synthesize } from '../infra/local/synth.ts';
import { sign } from '../libs/platform/standard-webhooks.ts';
import { DEV_WEBHOOK_SECRET } from '../services/postal/simulator/dev-credentials.ts';
import { householdBusiness, startLocalSystem, type LocalSystem } from '../tests/support/local-system.ts';
import { cpuSeconds } from './cpu.ts';
import { drained, TransactionTap } from './dynamodb-tap.ts';
import { percentile, postingOrder, storyOf, updateIdsWritten } from './postal-plan.ts';

const { values } = parseArgs({
  options: {
    shipments: { type: 'string', default: '50' },
    updates: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8,32' },
    'duplicate-every': { type: 'string', default: '10' },
    'resend-after': { type: 'string', default: '40' },
    rate: { type: 'string', default: '20,40' },
    'paced-updates': { type: 'string', default: '600' },
    'drain-timeout': { type: 'string', default: '300' },
  },
});
const SHIPMENTS = Number(values.shipments);
const UPDATES = Number(values.updates);
const CONCURRENCIES = values.concurrency.split(',').map(Number);
const DUPLICATE_EVERY = Number(values['duplicate-every']);
const RESEND_AFTER = Number(values['resend-after']);
const RATES = values.rate.split(',').map(Number);
const PACED_UPDATES = Number(values['paced-updates']);
const DRAIN_TIMEOUT_MS = Number(values['drain-timeout']) * 1000;

const AGENCY = 'H38.22';
// A commune the demo webhook partner serves locally (tests/e2e/postal.e2e.test.ts).
const ADDRESS = { line: 'Số 12, ấp Trường Phước', commune: 'Xã Trường Tây', province: 'Tỉnh Hòa Lâm' };
const WEBHOOK_PATH = '/postal/webhooks/demo-webhook';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** When each update id first appears in a saved shipment (the shipments table's transactions, read through a `TransactionTap`). */
class AppliedObserver {
  readonly applied = new Map<string, number>();
  /** Shipment saves refused because another save of the same shipment came first (the consumer reads again). */
  conflicts = 0;
  saves = 0;
  readonly tap = new TransactionTap((body, status, at) => this.observe(body, status, at));
  private readonly table: () => string;

  constructor(table: () => string) {
    this.table = table;
  }

  private observe(body: string, status: number, at: number): void {
    const ids = updateIdsWritten(body, this.table());
    if (ids.length === 0) return;
    if (status !== 200) {
      this.conflicts += 1;
      return;
    }
    this.saves += 1;
    for (const id of ids) if (!this.applied.has(id)) this.applied.set(id, at);
  }
}

interface Shipment {
  readonly shipmentId: string;
  readonly dossierCode: string;
}

/** A fresh postal return per dossier, resolved; answers once postal holds each shipment, created at the partner, its `accepted` applied. */
async function makeShipments(system: LocalSystem, token: string, count: number, firstIndex: number): Promise<Shipment[]> {
  const codes: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) {
        const i = firstIndex + next++;
        const received = await system.api('POST', '/dossiers', householdBusiness(i, { resultDelivery: { method: 'postal', address: ADDRESS } }), token);
        if (received.status !== 201) throw new Error(`dossier ${i}: HTTP ${received.status} ${JSON.stringify(received.body)}`);
        for (const type of ['startProcessing', 'resolve']) {
          const acted = await system.api('POST', `/dossiers/${received.body.code}/actions`, { type }, token);
          if (acted.status !== 200) throw new Error(`dossier ${received.body.code} ${type}: HTTP ${acted.status} ${JSON.stringify(acted.body)}`);
        }
        codes.push(received.body.code as string);
      }
    }),
  );
  const shipments = codes.map((dossierCode) => ({ dossierCode, shipmentId: `SHP-${dossierCode}-R` }));
  const deadline = Date.now() + 180_000;
  for (const shipment of shipments) {
    for (;;) {
      const { status, body } = await system.api('GET', `/postal/shipments/${shipment.shipmentId}`, undefined, token);
      if (status === 200 && body.creation === 'created' && body.updates.length >= 1) break;
      if (Date.now() > deadline) throw new Error(`shipment ${shipment.shipmentId} not created and accepted in time: HTTP ${status} ${JSON.stringify(body)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return shipments;
}

interface Webhook {
  readonly id: string;
  readonly shipment: Shipment;
  readonly body: string;
}

/** The run's updates: update i is step ⌊i / shipments⌋ of shipment i mod shipments, each step a minute after the previous. */
function webhooksOf(label: string, shipments: readonly Shipment[], updates: number, start: Date): Webhook[] {
  const stories = shipments.map((_, s) => storyOf(Math.floor(updates / shipments.length) + (s < updates % shipments.length ? 1 : 0)));
  return Array.from({ length: updates }, (_, i) => {
    const s = i % shipments.length;
    const stepIndex = Math.floor(i / shipments.length);
    const step = stories[s]![stepIndex]!;
    const shipment = shipments[s]!;
    const occurredAt = new Date(start.getTime() + (stepIndex + 1) * 60_000).toISOString().replace('Z', '+00:00');
    const payload = {
      type: 'shipment.updated',
      timestamp: new Date().toISOString(),
      data: { shipmentId: shipment.shipmentId, dossierCode: shipment.dossierCode, occurredAt, ...step },
    };
    return { id: `msg_bench_${label}_${i}`, shipment, body: JSON.stringify(payload) };
  });
}

interface Posted {
  readonly webhook: Webhook;
  readonly resend: boolean;
  readonly status: number;
  readonly latencyMs: number;
  readonly acceptedAt: number;
}

/** One signed POST, signed when it is sent (a retry is signed again: same id and body, new timestamp). */
async function post(url: string, webhook: Webhook): Promise<{ status: number; latencyMs: number; acceptedAt: number }> {
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'webhook-id': webhook.id, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(DEV_WEBHOOK_SECRET, webhook.id, timestamp, webhook.body) },
    body: webhook.body,
  });
  await response.arrayBuffer();
  const acceptedAt = performance.now();
  return { status: response.status, latencyMs: acceptedAt - started, acceptedAt };
}

type Pacing = { readonly concurrency: number } | { readonly rate: number };

/** Posts in `postingOrder`: flat out at a concurrency, or one every 1/rate s whatever is still in flight. */
async function postAll(url: string, webhooks: readonly Webhook[], pacing: Pacing): Promise<{ posted: Posted[]; seconds: number }> {
  const order = postingOrder(webhooks.length, DUPLICATE_EVERY, RESEND_AFTER);
  const posted: Posted[] = [];
  const send = async (i: number) => {
    const { update, resend } = order[i]!;
    const webhook = webhooks[update]!;
    posted.push({ webhook, resend, ...(await post(url, webhook)) });
  };
  const started = performance.now();
  if ('concurrency' in pacing) {
    let next = 0;
    await Promise.all(Array.from({ length: pacing.concurrency }, async () => { while (next < order.length) await send(next++); }));
  } else {
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < order.length; i += 1) {
      const due = started + (i * 1000) / pacing.rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      inFlight.push(send(i));
    }
    await Promise.all(inFlight);
  }
  return { posted, seconds: (performance.now() - started) / 1000 };
}

/** The duplicates changed nothing: each shipment holds each update it was sent exactly once, read as an officer reads it. */
async function checkStored(system: LocalSystem, token: string, webhooks: readonly Webhook[]): Promise<{ problems: string[]; statuses: Record<string, number> }> {
  const sent = new Map<string, Set<string>>();
  for (const webhook of webhooks) sent.set(webhook.shipment.shipmentId, (sent.get(webhook.shipment.shipmentId) ?? new Set()).add(webhook.id));
  const problems: string[] = [];
  const statuses: Record<string, number> = {};
  for (const [shipmentId, ids] of sent) {
    const { status, body } = await system.api('GET', `/postal/shipments/${shipmentId}`, undefined, token);
    if (status !== 200) {
      problems.push(`${shipmentId}: HTTP ${status}`);
      continue;
    }
    const ours = (body.updates as { updateId: string }[]).map((update) => update.updateId).filter((id) => id.startsWith('msg_bench_'));
    if (ours.length !== ids.size || new Set(ours).size !== ours.length || !ours.every((id) => ids.has(id))) {
      problems.push(`${shipmentId}: ${ours.length} updates stored (${new Set(ours).size} distinct) for ${ids.size} sent`);
    }
    statuses[body.status] = (statuses[body.status] ?? 0) + 1;
  }
  return { problems, statuses };
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

async function run(label: string, system: LocalSystem, observer: AppliedObserver, sqs: SQSClient, queueUrl: string, token: string, shipments: Shipment[], updates: number, pacing: Pacing): Promise<string[]> {
  const webhooks = webhooksOf(label, shipments, updates, new Date());
  const conflictsBefore = observer.conflicts;
  const savesBefore = observer.saves;
  const cpuBefore = cpuSeconds(system.runtime.dynamodbPid);
  const { posted, seconds } = await postAll(`${system.info.url}${WEBHOOK_PATH}`, webhooks, pacing);
  const ok = await drained(sqs, queueUrl, () => webhooks.every((webhook) => observer.applied.has(webhook.id)), DRAIN_TIMEOUT_MS);
  const cpuAfter = cpuSeconds(system.runtime.dynamodbPid);
  const cpuPer = (key: 'node' | 'java') => `${(((cpuAfter[key] - cpuBefore[key]) * 1000) / updates).toFixed(1)} ms`;
  const firstPosted = Math.min(...posted.map((p) => p.acceptedAt - p.latencyMs));

  const not2xx = posted.filter((p) => p.status < 200 || p.status > 299);
  const latencies = posted.map((p) => p.latencyMs).sort((a, b) => a - b);
  const accepted = new Map<string, number>();
  for (const p of posted) if (!p.resend) accepted.set(p.webhook.id, p.acceptedAt);
  const lags = webhooks.filter((w) => observer.applied.has(w.id)).map((w) => observer.applied.get(w.id)! - accepted.get(w.id)!).sort((a, b) => a - b);
  const lastApplied = Math.max(...webhooks.map((w) => observer.applied.get(w.id) ?? 0));
  const { problems, statuses } = await checkStored(system, token, webhooks);
  const resends = posted.filter((p) => p.resend).length;

  const how = 'concurrency' in pacing ? `flat out at concurrency ${pacing.concurrency}` : `paced at ${pacing.rate}/s`;
  return [
    `${label}: ${updates} updates + ${resends} resends over ${shipments.length} shipments, ${how}`,
    `  accepted/s             ${(posted.length / seconds).toFixed(1)} (${posted.length} posts in ${seconds.toFixed(1)} s)`,
    `  HTTP p50 / p95 / p99   ${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 95))} / ${ms(percentile(latencies, 99))}; max ${ms(latencies.at(-1)!)}`,
    `  answers                ${not2xx.length === 0 ? `all ${posted.length} 2xx` : `${not2xx.length} not 2xx: ${[...new Set(not2xx.map((p) => p.status))].join(', ')}`}`,
    `  applied/s              ${(updates / ((lastApplied - firstPosted) / 1000)).toFixed(1)} (first post to last applied: ${((lastApplied - firstPosted) / 1000).toFixed(1)} s)${ok ? '' : ` — NOT DRAINED: ${updates - lags.length} never applied`}`,
    `  lag accepted→applied   p50 ${ms(percentile(lags, 50))}, p95 ${ms(percentile(lags, 95))}, max ${ms(lags.at(-1)!)} (min ${ms(lags[0]!)}: ${lags.filter((lag) => lag < 0).length} applied before their 202 arrived)`,
    `  CPU per update         ${cpuPer('node')} Node (all threads: API, functions, SQS), ${cpuPer('java')} DynamoDB Local, posting to drained`,
    `  saves / conflicts      ${observer.saves - savesBefore} shipment saves; ${observer.conflicts - conflictsBefore} lost to a concurrent save of the same shipment and read again`,
    `  duplicates             ${problems.length === 0 ? `changed nothing: each of ${shipments.length} shipments holds exactly the ${updates / shipments.length} ids it was sent` : `PROBLEMS: ${problems.join('; ')}`}`,
    `  final statuses         ${JSON.stringify(statuses)}`,
  ];
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'motcua-bench-postal-'));
  const assemblyDir = path.join(work, 'cdk.out');
  let shipmentsTable = '';
  const observer = new AppliedObserver(() => shipmentsTable);
  const durable = new DurableDynamoDbProxy();
  let system: LocalSystem | undefined;
  let sqs: SQSClient | undefined;
  const load = [loadavg()[0]!];
  try {
    console.log('synthesizing…');
    await synthesize(assemblyDir);
    system = await startLocalSystem({
      assemblyDir,
      dataDir: path.join(work, 'data'),
      inMemory: true,
      functionDynamoDbEndpoint: async (endpoint) => observer.tap.listen(await durable.listen(endpoint)),
      // Its `accepted` comes 2 s after the create, once postal has recorded the create's answer: an
      // update saved between the two makes that record lose to a concurrent change and wait for
      // the queue's retry (the 6-minute visibility timeout), which this script would wait for.
      postalSimulator: { scenario: 'silent', stepMs: 2000 },
      onError: (message) => console.error(`  runtime: ${message}`),
    });
    const { info } = system;
    shipmentsTable = Object.entries(info.tables).find(([key]) => key.includes('PostalShipmentsTable'))![1];
    const queueUrl = Object.entries(info.queues).find(([key]) => key.includes('PostalPartnerUpdates') && !/dead|dlq/i.test(key))![1];
    sqs = new SQSClient({ endpoint: info.sqsEndpoint, region: info.region, credentials });
    const token = await system.issuer.mint({ agency: AGENCY, sub: 'bench' });

    const runs: { label: string; pacing: Pacing; updates: number }[] = [
      ...CONCURRENCIES.map((concurrency) => ({ label: `c${concurrency}`, pacing: { concurrency }, updates: UPDATES })),
      ...(PACED_UPDATES > 0 ? RATES.map((rate) => ({ label: `r${rate}`, pacing: { rate }, updates: PACED_UPDATES })) : []),
    ];
    console.log(`making ${SHIPMENTS} shipments per run (${runs.length} runs) and a warm-up set…`);
    const sets: Shipment[][] = [];
    for (let r = 0; r <= runs.length; r += 1) sets.push(await makeShipments(system, token, SHIPMENTS, 60_000 + r * 1000));

    console.log('warming up (5 updates per shipment of the warm-up set)…');
    await run('warm', system, observer, sqs, queueUrl, token, sets[runs.length]!, 5 * SHIPMENTS, { concurrency: 8 });

    const lines: string[] = [];
    for (const [r, { label, pacing, updates }] of runs.entries()) {
      console.log(`run ${label}…`);
      const result = await run(label, system, observer, sqs, queueUrl, token, sets[r]!, updates, pacing);
      lines.push(...result);
      load.push(loadavg()[0]!);
    }
    console.log(`\nsummary (Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average ${load.map((l) => l.toFixed(1)).join(' → ')}, ${new Date().toISOString()})`);
    console.log(lines.join('\n'));
  } finally {
    sqs?.destroy();
    await system?.stop();
    await observer.tap.close();
    await durable.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
