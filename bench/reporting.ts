/**
 * npm run bench:reporting — what reporting costs on the local runtime:
 *
 * 1. consumer throughput: N real bus events (a few thousand dossiers' lives) published to the bus
 *    with reporting's consumer polling its queue; events/s until the queue is drained, and the
 *    table then compared with the same events folded in memory;
 * 2. report latency: GET /reports/summary?agency=H38&period=<year> (and groupBy=agency, month)
 *    through the HTTP API and the Lambda handler, over a generation written with `writeFolded`
 *    from 10,000 and from 200,000 dossiers' events; p50/p95, their ratio, and the DynamoDB
 *    requests and items each report reads (counted between the function and DynamoDB Local);
 * 3. rebuild: the producers' outboxes filled with 200,000 dossiers' events on a DynamoDB Local of
 *    its own (no runtime, so no stream publisher replays them), then services/reporting's
 *    `rebuild`; events/s and total.
 *
 * The histories come from bench/reporting-plan.ts. See bench/README.md#reporting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand, type BatchWriteCommandOutput, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { readAssembly } from '../infra/local/assembly.ts';
import { DurableDynamoDbProxy } from '../infra/local/durable-dynamodb.ts';
import { ensureTable, startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { synthesize } from '../infra/local/synth.ts';
import { busMessage } from '../libs/events/bus.ts';
import type { DomainEvent } from '../libs/events/catalog.ts';
import { PRODUCER_OF } from '../libs/events/catalog.ts';
import { outboxItem } from '../libs/events/outbox.ts';
import { rebuild } from '../services/reporting/adapters/rebuild.ts';
import { ReportingRepository } from '../services/reporting/adapters/reporting-repository.ts';
import { procedureInfo } from '../services/reporting/adapters/context.ts';
import { countersKey, emptyFold, foldEvent, type Folded } from '../services/reporting/domain/items.ts';
import { reportRequestOf } from '../services/reporting/domain/report-query.ts';
import { summaryOf, type CounterSource, type GroupBy } from '../services/reporting/domain/summary.ts';
import { demoTree } from '../services/reporting/domain/fixtures.ts';
import { startLocalSystem, type LocalSystem } from '../tests/support/local-system.ts';
import { cpuSeconds } from './cpu.ts';
import { drained, TransactionTap } from './dynamodb-tap.ts';
import { percentile } from './postal-plan.ts';
import { itemsReturned, yearOfDossiers } from './reporting-plan.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    requests: { type: 'string' },
    warmup: { type: 'string' },
    'consumer-events': { type: 'string' },
    'rebuild-dossiers': { type: 'string' },
    only: { type: 'string', default: 'consumer,latency,rebuild' },
    year: { type: 'string', default: '2025' },
    seed: { type: 'string', default: '20261130' },
    'drain-timeout': { type: 'string', default: '1800' },
  },
});
const QUICK = values.quick;
const SIZES = (values.sizes ?? (QUICK ? '1000,5000' : '10000,200000')).split(',').map(Number);
const REQUESTS = Number(values.requests ?? (QUICK ? 30 : 200));
const WARMUP = Number(values.warmup ?? (QUICK ? 5 : 20));
const CONSUMER_EVENTS = Number(values['consumer-events'] ?? (QUICK ? 2000 : 20_000));
const REBUILD_DOSSIERS = Number(values['rebuild-dossiers'] ?? (QUICK ? 2000 : 200_000));
const ONLY = new Set(values.only.split(','));
const YEAR = Number(values.year);
const SEED = Number(values.seed);
const DRAIN_TIMEOUT_MS = Number(values['drain-timeout']) * 1000;

const AGENCY = 'H38';
const QUERIES: { label: string; query: string; groupBy?: GroupBy }[] = [
  { label: 'totals', query: '' },
  { label: 'groupBy=agency', query: '&groupBy=agency', groupBy: 'agency' },
  { label: 'groupBy=month', query: '&groupBy=month', groupBy: 'month' },
];
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const load = () => loadavg()[0]!.toFixed(1);
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)} load ${load()}] ${line}`);
const ms = (value: number) => `${value.toFixed(1)} ms`;
const rate = (n: number, seconds: number) => `${Math.round(n / seconds).toLocaleString('en-US')}/s`;

/** Requests and items the functions read from the reporting table while `counting` (answers seen through the tap). */
class ReadCounter {
  counting = false;
  table = '';
  readonly requests = new Map<string, number>();
  items = 0;

  observe(operation: string, request: string, status: number, answer: string): void {
    // Only the reports' reads: scheduled functions (the deadline watch…) read other tables meanwhile.
    if (!this.counting || status !== 200 || !request.includes(`"${this.table}"`)) return;
    this.requests.set(operation, (this.requests.get(operation) ?? 0) + 1);
    this.items += itemsReturned(operation, answer);
  }

  reset(): void {
    this.requests.clear();
    this.items = 0;
  }
}

async function runConcurrently<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await task(items[next++]!);
  }));
}

/** A fold's items as the table holds them: keys without the generation, zero counters left out, tallies' lists in a fixed order. */
function normalizedFold(folded: Folded, generation: number): Map<string, string> {
  const items = new Map<string, string>();
  const key = (pk: string, sk: string) => `${pk.slice(String(generation).length)} ${sk}`;
  for (const { pk, sk, attrs } of folded.counters.values()) items.set(key(pk, sk), canonical(Object.fromEntries(attrs)));
  for (const { pk, sk, entry } of folded.overdue.values()) items.set(key(pk, sk), canonical({ ...entry }));
  for (const tally of folded.tallies.values()) items.set(key(`${generation}#t#${tally.code}`, 'tally'), canonical({ tally }));
  return items;
}

/** JSON with every object's keys sorted, counters at zero left out, and a tally's applied event ids sorted: equal items, equal strings. */
function canonical(item: Record<string, unknown>): string {
  const { tally, ...counters } = item as { tally?: { applied: string[] } } & Record<string, unknown>;
  const sorted = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(sorted) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sorted(v)])) : value;
  if (tally) return JSON.stringify(sorted({ ...tally, applied: [...tally.applied].sort() }));
  return JSON.stringify(sorted(Object.fromEntries(Object.entries(counters).filter(([, v]) => v !== 0))));
}

async function tableItems(documents: DynamoDBDocumentClient, table: string, generation: number): Promise<Map<string, string>> {
  const items = new Map<string, string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await documents.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
    for (const { pk, sk, rev: _rev, ...rest } of page.Items ?? []) {
      if (String(pk).startsWith(`${generation}#`)) items.set(`${String(pk).slice(String(generation).length)} ${sk}`, canonical(rest));
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

function differences(expected: Map<string, string>, actual: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [key, value] of expected) if (actual.get(key) !== value) found.push(`${key}: ${actual.has(key) ? 'differs' : 'missing'}`);
  for (const key of actual.keys()) if (!expected.has(key)) found.push(`${key}: not expected`);
  return found;
}

/** Whole dossiers of the year, in order, until at least `events` events. */
function dossiersWithEvents(events: number, prefix: string): DomainEvent[][] {
  const dossiers: DomainEvent[][] = [];
  let count = 0;
  for (const life of yearOfDossiers(YEAR, Number.MAX_SAFE_INTEGER, SEED + 1, prefix)) {
    if (count >= events) break;
    dossiers.push(life);
    count += life.length;
  }
  return dossiers;
}

async function consumerThroughput(system: LocalSystem, documents: DynamoDBDocumentClient): Promise<string[]> {
  const { info } = system;
  const dossiers = dossiersWithEvents(CONSUMER_EVENTS, `C${YEAR % 100}-`);
  // The bus carries events as they happen: every dossier's life interleaved by time.
  const events = dossiers.flat().sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const repository = new ReportingRepository(documents, info.outputs['Motcua-Data.ReportingTableName']!);
  const generation = await repository.generation();
  const expected = emptyFold();
  for (const event of events) foldEvent(expected, generation, event, demoTree);

  const sns = new SNSClient({ endpoint: info.sqsEndpoint, region: info.region, credentials });
  const sqs = new SQSClient({ endpoint: info.sqsEndpoint, region: info.region, credentials });
  const topic = info.outputs['Motcua-Data.EventBusTopicArn']!;
  const queueUrl = info.outputs['Motcua-Data.ReportingEventsQueueUrl']!;
  log(`consumer: publishing ${events.length} events of ${dossiers.length} dossiers (generation ${generation})…`);
  const cpuBefore = cpuSeconds(system.runtime.dynamodbPid);
  const started = performance.now();
  await runConcurrently(events, 8, async (event) => {
    const message = busMessage(event);
    await sns.send(new PublishCommand({ TopicArn: topic, Message: message.body, MessageAttributes: message.attributes }));
  });
  const published = performance.now();
  log(`consumer: published in ${((published - started) / 1000).toFixed(1)} s; waiting for the queue to drain…`);
  const ok = await drained(sqs, queueUrl, () => true, DRAIN_TIMEOUT_MS);
  const done = performance.now();
  const cpuAfter = cpuSeconds(system.runtime.dynamodbPid);
  sns.destroy();
  sqs.destroy();
  const seconds = (done - started) / 1000;
  const found = differences(normalizedFold(expected, generation), await tableItems(documents, repository.table, generation));
  const cpuPer = (key: 'node' | 'java') => `${(((cpuAfter[key] - cpuBefore[key]) * 1000) / events.length).toFixed(2)} ms`;
  const types = new Map<string, number>();
  for (const event of events) types.set(PRODUCER_OF[event.type], (types.get(PRODUCER_OF[event.type]) ?? 0) + 1);
  return [
    `consumer: ${events.length} events (${[...types].map(([producer, n]) => `${producer} ${n}`).join(', ')}) of ${dossiers.length} dossiers, published at concurrency 8, reporting's consumer polling`,
    `  published              ${rate(events.length, (published - started) / 1000)} (${((published - started) / 1000).toFixed(1)} s)`,
    `  applied                **${rate(events.length, seconds)}** (first publish → queue drained, ${seconds.toFixed(1)} s)${ok ? '' : ' — NOT DRAINED in time'}`,
    `  table vs in-memory fold ${found.length === 0 ? `equal: ${expected.counters.size} counter items, ${expected.overdue.size} overdue entries, ${expected.tallies.size} tallies` : `${found.length} differences, e.g. ${found.slice(0, 5).join('; ')}`}`,
    `  CPU per event          ${cpuPer('node')} Node + ${cpuPer('java')} JVM`,
  ];
}

function foldYear(count: number, generation: number): { folded: Folded; events: number; seconds: number } {
  const started = performance.now();
  const folded = emptyFold();
  let events = 0;
  for (const life of yearOfDossiers(YEAR, count, SEED)) {
    for (const event of life) foldEvent(folded, generation, event, demoTree);
    events += life.length;
  }
  return { folded, events, seconds: (performance.now() - started) / 1000 };
}

/** The biggest counter item of the province's months (bytes of its attributes as JSON), and how many attributes it has. */
function biggestMonth(folded: Folded, generation: number): { bytes: number; attrs: number } {
  let biggest = { bytes: 0, attrs: 0 };
  for (const { pk, sk, attrs } of folded.counters.values()) {
    if (pk !== `${generation}#a#${AGENCY}` || !sk.startsWith('m#')) continue;
    const bytes = JSON.stringify(Object.fromEntries(attrs)).length;
    if (bytes > biggest.bytes) biggest = { bytes, attrs: attrs.size };
  }
  return biggest;
}

/** p50 of `runs` sequential calls of `task`, in ms. */
async function medianOf(runs: number, task: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await task();
    times.push(performance.now() - started);
  }
  return percentile(times.sort((a, b) => a - b), 50);
}

interface Latency {
  readonly p50: number;
  readonly p95: number;
  readonly requests: string;
  readonly items: number;
}

async function reportLatency(system: LocalSystem, documents: DynamoDBDocumentClient, reads: ReadCounter, token: string): Promise<string[]> {
  const repository = new ReportingRepository(documents, system.info.outputs['Motcua-Data.ReportingTableName']!);
  const lines: string[] = [];
  const results = new Map<string, Latency[]>();
  const procedures = procedureInfo();
  reads.table = repository.table;
  for (const size of SIZES) {
    const previous = await repository.generation();
    const generation = previous + 1;
    log(`latency: folding ${size} dossiers into generation ${generation}…`);
    const { folded, events, seconds: foldSeconds } = foldYear(size, generation);
    const writeStarted = performance.now();
    const written = await repository.writeFolded(generation, folded);
    const writeSeconds = (performance.now() - writeStarted) / 1000;
    await repository.switchGeneration(previous, generation);
    const biggest = biggestMonth(folded, generation);
    lines.push(
      `${size.toLocaleString('en-US')} dossiers: ${events} events folded in ${foldSeconds.toFixed(1)} s; generation ${generation} written (${written} items: ${folded.tallies.size} tallies, ${folded.counters.size} counters, ${folded.overdue.size} overdue) in ${writeSeconds.toFixed(1)} s; H38's biggest month item ${biggest.attrs} attributes, ${(biggest.bytes / 1024).toFixed(0)} KiB`,
    );
    log(`latency: ${lines.at(-1)}`);
    for (const { label, query, groupBy } of QUERIES) {
      const route = `/reports/summary?agency=${AGENCY}&period=${YEAR}${query}`;
      for (let i = 0; i < WARMUP; i += 1) await system.api('GET', route, undefined, token);
      const latencies: number[] = [];
      reads.reset();
      reads.counting = true;
      let received = -1;
      for (let i = 0; i < REQUESTS; i += 1) {
        const started = performance.now();
        const { status, body } = await system.api('GET', route, undefined, token);
        latencies.push(performance.now() - started);
        if (status !== 200) throw new Error(`${route}: HTTP ${status} ${JSON.stringify(body).slice(0, 300)}`);
        received = body.totals.received;
      }
      reads.counting = false;
      if (received !== size) throw new Error(`${route}: ${received} received, ${size} expected`);
      latencies.sort((a, b) => a - b);
      const requests = [...reads.requests].map(([operation, n]) => `${operation} ${(n / REQUESTS).toFixed(1)}`).join(', ');
      const latency = { p50: percentile(latencies, 50), p95: percentile(latencies, 95), requests, items: reads.items / REQUESTS };
      results.set(label, [...(results.get(label) ?? []), latency]);
      // Where the time goes: the same summary computed in this process, reading DynamoDB Local directly, and from the fold in memory.
      const request = reportRequestOf({ agency: AGENCY, period: String(YEAR), ...(groupBy ? { groupBy } : {}) }, AGENCY, demoTree, new Date());
      const fromMemory: CounterSource = async (agency, buckets) =>
        buckets.flatMap((sk) => {
          const item = folded.counters.get(`${countersKey(generation, agency)}\u0000${sk}`);
          return item ? [{ pk: item.pk, sk, ...Object.fromEntries(item.attrs) }] : [];
        });
      const runs = Math.max(5, Math.floor(REQUESTS / 4));
      const direct = await medianOf(runs, async () => summaryOf((agency, buckets) => repository.counters(generation, agency, buckets), demoTree, procedures, request));
      const computed = await medianOf(runs, async () => summaryOf(fromMemory, demoTree, procedures, request));
      lines.push(
        `  ${label.padEnd(15)} p50 / p95 ${ms(latency.p50)} / ${ms(latency.p95)}; per report: ${requests} requests, ${latency.items.toFixed(1)} items; p50 in this process: ${ms(direct)} reading DynamoDB Local, ${ms(computed)} from memory`,
      );
      log(`latency: ${lines.at(-1)!.trim()}`);
    }
  }
  if (SIZES.length === 2) {
    lines.push(`ratio ${SIZES[1]!.toLocaleString('en-US')} / ${SIZES[0]!.toLocaleString('en-US')} (aim ≤ 1.2):`);
    for (const [label, [small, large]] of results) {
      lines.push(`  ${label.padEnd(15)} p50 ${(large!.p50 / small!.p50).toFixed(2)}, p95 ${(large!.p95 / small!.p95).toFixed(2)}; items read ${small!.items.toFixed(0)} → ${large!.items.toFixed(0)}`);
    }
  }
  return lines;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Outboxes filled on a DynamoDB Local of their own, then `rebuild` into the reporting table beside them. */
async function rebuildTime(assemblyDir: string): Promise<string[]> {
  const assembly = readAssembly(assemblyDir);
  // 700,000 outbox entries and a generation in DynamoDB Local's memory: its 1 GB default failed (bench/README.md).
  const dynamodb = await startDynamoDbLocal({ port: await freePort(), dataDir: null, region: 'ap-southeast-1', credentials, heap: '8g' });
  const documents = DynamoDBDocumentClient.from(dynamodb.client, { marshallOptions: { removeUndefinedValues: true } });
  try {
    const table = async (logicalId: string) => {
      const spec = assembly.tables.find((t) => t.key.split('/')[1]!.startsWith(logicalId));
      if (!spec) throw new Error(`no table ${logicalId} in the assembly`);
      return (await ensureTable(dynamodb.client, spec, logicalId, 'ap-southeast-1', '000000000000')).ref;
    };
    const [reportingTable, history, postal, survey] = [await table('ReportingTable'), await table('HistoryTable'), await table('PostalOutbox'), await table('SurveyOutbox')];
    const outboxOf = (event: DomainEvent) => ({ intake: history, postal, survey })[PRODUCER_OF[event.type] as 'intake' | 'postal' | 'survey'];
    const aggregateOf = (event: DomainEvent) => (event.type === 'ShipmentDelivered' ? event.data.shipmentId : PRODUCER_OF[event.type] === 'survey' ? `survey#${event.dossierCode}` : event.dossierCode);

    log(`rebuild: filling the outboxes with ${REBUILD_DOSSIERS} dossiers' events…`);
    const expected = emptyFold();
    let events = 0;
    const fillStarted = performance.now();
    const batches = new Map<string, Record<string, unknown>[]>();
    const inFlight = new Set<Promise<void>>();
    const send = (tableName: string, items: Record<string, unknown>[]) => {
      const sent: Promise<void> = (async () => {
        let requests: unknown[] | undefined = items.map((Item) => ({ PutRequest: { Item } }));
        while (requests?.length) {
          const response: BatchWriteCommandOutput = await documents.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests as never } }));
          requests = response.UnprocessedItems?.[tableName];
        }
      })().finally(() => inFlight.delete(sent));
      inFlight.add(sent);
    };
    for (const life of yearOfDossiers(YEAR, REBUILD_DOSSIERS, SEED)) {
      for (const event of life) {
        foldEvent(expected, 2, event, demoTree);
        const outbox = outboxOf(event);
        const batch = batches.get(outbox) ?? [];
        batch.push(outboxItem(event, aggregateOf(event)));
        batches.set(outbox, batch);
        if (batch.length === 25) {
          batches.delete(outbox);
          send(outbox, batch);
          while (inFlight.size >= 8) await Promise.race(inFlight);
        }
      }
      events += life.length;
      if (events % 100_000 < life.length) log(`rebuild: ${events} events written or on their way`);
    }
    for (const [outbox, batch] of batches) send(outbox, batch);
    await Promise.all(inFlight);
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    log(`rebuild: outboxes filled in ${fillSeconds.toFixed(1)} s; rebuilding…`);

    const phases: string[] = [];
    const started = performance.now();
    const cpuBefore = cpuSeconds(dynamodb.pid);
    const result = await rebuild({
      documents,
      outboxes: [history, postal, survey],
      repository: new ReportingRepository(documents, reportingTable),
      tree: demoTree,
      onProgress: (line) => {
        phases.push(`${((performance.now() - started) / 1000).toFixed(1)} s ${line}`);
        log(`rebuild: ${phases.at(-1)}`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = cpuSeconds(dynamodb.pid);
    const expectedItems = expected.tallies.size + expected.counters.size + expected.overdue.size;
    return [
      `rebuild: ${REBUILD_DOSSIERS.toLocaleString('en-US')} dossiers, ${events} events in three outboxes (filled in ${fillSeconds.toFixed(1)} s, ${rate(events, fillSeconds)} by BatchWriteItem at 8 in flight)`,
      `  total                  **${seconds.toFixed(1)} s, ${rate(events, seconds)}** (${result.events} events read, ${result.items} items written${result.items === expectedItems && result.events === events ? ', as many as the same events folded here' : `; EXPECTED ${events} events and ${expectedItems} items`})`,
      ...phases.map((phase) => `  ${phase}`),
      `  CPU                    ${(cpuAfter.node - cpuBefore.node).toFixed(1)} s Node + ${(cpuAfter.java - cpuBefore.java).toFixed(1)} s JVM`,
    ];
  } finally {
    documents.destroy();
    await dynamodb.stop();
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'motcua-bench-reporting-'));
  const assemblyDir = path.join(work, 'cdk.out');
  const reads = new ReadCounter();
  const tap = new TransactionTap(() => undefined, (operation, request, status, answer) => reads.observe(operation, request, status, answer));
  const durable = new DurableDynamoDbProxy();
  let system: LocalSystem | undefined;
  let documents: DynamoDBDocumentClient | undefined;
  const loads = [load()];
  const lines: string[] = [];
  // Each part's figures are printed as soon as it has them, so a later part's failure loses nothing.
  const report = (part: string[]) => {
    console.log(part.join('\n'));
    lines.push(...part);
    loads.push(load());
  };
  let errors = 0;
  try {
    log('synthesizing…');
    await synthesize(assemblyDir);
    if (ONLY.has('consumer') || ONLY.has('latency')) {
      // Only reporting's consumer polls: the other consumers would act on dossiers that exist nowhere but here.
      const unpolledQueues = readAssembly(assemblyDir).queues.map((queue) => queue.key.split('/')[1]!).filter((id) => !id.startsWith('ReportingEvents'));
      system = await startLocalSystem({
        assemblyDir,
        dataDir: path.join(work, 'data'),
        inMemory: true,
        unpolledQueues,
        functionDynamoDbEndpoint: async (endpoint) => tap.listen(await durable.listen(endpoint)),
        onError: (message) => {
          errors += 1;
          if (errors <= 5) console.error(`  runtime: ${message.slice(0, 300)}`);
        },
      });
      documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: system.info.dynamodbEndpoint, region: system.info.region, credentials }), { marshallOptions: { removeUndefinedValues: true } });
      if (ONLY.has('consumer')) report(await consumerThroughput(system, documents));
      if (ONLY.has('latency')) report(await reportLatency(system, documents, reads, await system.issuer.mint({ agency: AGENCY, sub: 'bench' })));
      documents.destroy();
      await system.stop();
      system = undefined;
    }
    if (ONLY.has('rebuild')) report(await rebuildTime(assemblyDir));
    console.log(`\nsummary (Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average ${loads.join(' → ')}, ${new Date().toISOString()}${errors ? `, ${errors} runtime errors` : ''})`);
    console.log(lines.join('\n'));
  } finally {
    documents?.destroy();
    await system?.stop();
    await tap.close();
    await durable.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
