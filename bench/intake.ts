/**
 * `npm run bench:intake -- [--dossiers N] [--concurrency C] [--counted K] [--warmup W]`
 *
 * 1. Counts what a dossier costs the store: on a local runtime whose functions reach
 *    DynamoDB Local through a counting proxy, K dossiers are submitted and their write
 *    requests counted (observed, not assumed); one dossier's requests are recorded.
 * 2. Measures, on a second, uninstrumented runtime (the same bundles, HTTP API, JWT
 *    check, DynamoDB Local and stream publisher as `npm start`): N dossiers over HTTP at
 *    concurrency C; then, on the same DynamoDB Local and at the same concurrency, the
 *    recorded writes replayed directly (renamed so each replay writes new items), and
 *    the raw PutItem rate.
 *
 * Overhead = (store-only rate for the same work) / (pipeline rate) − 1, against both the
 * raw PutItem rate × writes per dossier and the direct replay of the same writes. CPU time
 * of this process (all its threads) and of DynamoDB Local's JVM is reported per dossier.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CreateTableCommand, DynamoDBClient, PutItemCommand, TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { LocalRuntime } from '../infra/local/runtime.ts';
import { synthesize } from '../infra/local/synth.ts';
import { startLocalSystem } from '../tests/support/local-system.ts';
import { cpuSeconds } from './cpu.ts';

const { values } = parseArgs({
  options: {
    dossiers: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '50' },
    counted: { type: 'string', default: '200' },
  },
});
const N = Number(values.dossiers);
const C = Number(values.concurrency);
const WARMUP = Number(values.warmup);
const COUNTED = Number(values.counted);
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const WRITE_OPERATIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem']);

/** Forwards the functions' DynamoDB calls and counts them by operation (X-Amz-Target). */
class CountingProxy {
  readonly requests = new Map<string, number>();
  writeItems = 0;
  /** When set, the write requests' bodies are kept here, in order. */
  recording: { operation: string; body: string }[] | null = null;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private readonly server = createServer((req, res) => this.forward(req, res));
  private target!: URL;

  async listen(target: string): Promise<string> {
    this.target = new URL(target);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  reset(): void {
    this.requests.clear();
    this.writeItems = 0;
  }

  writes(): number {
    return [...this.requests].filter(([operation]) => WRITE_OPERATIONS.has(operation)).reduce((sum, [, count]) => sum + count, 0);
  }

  close(): Promise<void> {
    this.agent.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      this.requests.set(operation, (this.requests.get(operation) ?? 0) + 1);
      if (this.recording && WRITE_OPERATIONS.has(operation)) this.recording.push({ operation, body: body.toString() });
      if (operation === 'TransactWriteItems') this.writeItems += (JSON.parse(body.toString()) as { TransactItems: unknown[] }).TransactItems.length;
      else if (WRITE_OPERATIONS.has(operation)) this.writeItems += 1;
      const upstream = httpRequest(
        { host: this.target.hostname, port: this.target.port, path: req.url, method: req.method, headers: req.headers, agent: this.agent },
        (response) => {
          res.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  }
}

/** Runs `total` tasks with at most `concurrency` at once; returns each task's latency in ms. */
async function runConcurrently(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const started = performance.now();
        await task(i);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

function dossier(i: number) {
  return {
    procedureCode: '1.001612',
    agencyCode: 'H38.22',
    channel: 'counter',
    applicant: { fullName: `Nguyễn Văn Bench ${i}`, idNumber: `038201${String(i % 1e6).padStart(6, '0')}`, phone: `0912${String(i % 1e6).padStart(6, '0')}`, address: 'Số 1 đường Trần Phú, phường Hòa Lâm' },
    documents: [{ code: 'GDN_HKD' }],
    resultDelivery: { method: 'counter' },
  };
}

interface Measured {
  readonly count: number;
  readonly seconds: number;
  readonly latencies: number[];
  readonly cpu: { node: number; java: number };
}

/** Runs the tasks at concurrency C and accounts for time and CPU. */
async function measure(count: number, javaPid: number | undefined, task: (i: number) => Promise<unknown>): Promise<Measured> {
  const cpuBefore = cpuSeconds(javaPid);
  const started = performance.now();
  const latencies = (await runConcurrently(count, C, async (i) => void (await task(i)))).sort((a, b) => a - b);
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuSeconds(javaPid);
  return { count, seconds, latencies, cpu: { node: cpuAfter.node - cpuBefore.node, java: cpuAfter.java - cpuBefore.java } };
}

const rate = (m: Measured) => m.count / m.seconds;
const cpuPer = (m: Measured) => `${((m.cpu.node * 1000) / m.count).toFixed(1)} ms Node, ${((m.cpu.java * 1000) / m.count).toFixed(1)} ms DynamoDB Local`;

/**
 * The same writes a dossier made, sent straight to DynamoDB Local: the requests the
 * proxy recorded for one dossier, with its code and idempotency record renamed so each
 * replay writes new items (the daily counter stays shared, as it is in the pipeline).
 */
function replayer(dynamodb: DynamoDBClient, recorded: { operation: string; body: string }[], code: string, idempotencyKey: string) {
  const commands: Record<string, (input: never) => Promise<unknown>> = {
    PutItem: (input) => dynamodb.send(new PutItemCommand(input)),
    UpdateItem: (input) => dynamodb.send(new UpdateItemCommand(input)),
    TransactWriteItems: (input) => dynamodb.send(new TransactWriteItemsCommand(input)),
  };
  return async (i: number) => {
    for (const { operation, body } of recorded) {
      const input = JSON.parse(body.replaceAll(code, `${code}-R${i}`).replaceAll(idempotencyKey, `${idempotencyKey}-R${i}`));
      delete input.ClientRequestToken; // a new transaction, not a retry of the recorded one
      await commands[operation]!(input as never);
    }
  };
}

const benchKey = (i: number) => `bench-${i}`;

interface System {
  readonly runtime: LocalRuntime;
  readonly dynamodb: DynamoDBClient;
  submit(i: number): Promise<string>;
  stop(): Promise<void>;
}

/** The local system (catalog loaded, as the tests start it); with a proxy, the functions reach DynamoDB through it. */
async function startSystem(assemblyDir: string, dataDir: string, proxy?: CountingProxy): Promise<System> {
  const system = await startLocalSystem({
    assemblyDir,
    dataDir,
    inMemory: true,
    functionDynamoDbEndpoint: proxy ? (endpoint) => proxy.listen(endpoint) : undefined,
    onError: (message) => console.error(`  runtime: ${message}`),
  });
  const { info } = system;
  const dynamodb = new DynamoDBClient({ endpoint: info.dynamodbEndpoint, region: info.region, credentials, maxAttempts: 1 });
  const token = await system.issuer.mint({ agency: 'H38.22', sub: 'bench' });
  return {
    runtime: system.runtime,
    dynamodb,
    async submit(i) {
      const response = await fetch(`${info.url}/dossiers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': benchKey(i) },
        body: JSON.stringify(dossier(i)),
      });
      if (response.status !== 201) throw new Error(`dossier ${i}: HTTP ${response.status} ${await response.text()}`);
      return ((await response.json()) as { code: string }).code;
    },
    async stop() {
      dynamodb.destroy();
      await system.stop();
    },
  };
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'motcua-bench-'));
  const assemblyDir = path.join(work, 'cdk.out');
  const proxy = new CountingProxy();
  const systems: System[] = [];
  try {
    console.log('synthesizing…');
    await synthesize(assemblyDir);

    // 1. What a dossier costs the store: counted by a proxy, on a system of its own, so
    //    that the proxy's own work does not slow the measured run below.
    console.log(`counting DynamoDB requests over ${COUNTED} dossiers…`);
    const counted = await startSystem(assemblyDir, path.join(work, 'counted'), proxy);
    systems.push(counted);
    await runConcurrently(WARMUP, C, (i) => counted.submit(1_000_000 + i).then(() => undefined));
    proxy.recording = [];
    const recordedCode = await counted.submit(2_000_000);
    const recorded = proxy.recording;
    proxy.recording = null;
    proxy.reset();
    await runConcurrently(COUNTED, C, (i) => counted.submit(i).then(() => undefined));
    const writesPerDossier = proxy.writes() / COUNTED;
    const writeItems = proxy.writeItems / COUNTED;
    const operations = Object.fromEntries([...proxy.requests].sort());
    await counted.stop();
    systems.pop();

    // 2. The pipeline, uninstrumented; then, on the same DynamoDB Local, the same writes sent
    //    directly and the raw PutItem rate.
    const measured = await startSystem(assemblyDir, path.join(work, 'measured'));
    systems.push(measured);
    const pid = measured.runtime.dynamodbPid;
    console.log(`warming up with ${WARMUP} dossiers…`);
    await runConcurrently(WARMUP, C, (i) => measured.submit(1_000_000 + i).then(() => undefined));
    console.log(`submitting ${N} dossiers at concurrency ${C}…`);
    const pipeline = await measure(N, pid, measured.submit);

    console.log('replaying the same writes straight to DynamoDB Local…');
    const sameWrites = await measure(N, pid, replayer(measured.dynamodb, recorded, recordedCode, benchKey(2_000_000)));

    console.log('measuring raw PutItem…');
    const { dynamodb } = measured;
    await dynamodb.send(
      new CreateTableCommand({ TableName: 'bench-raw', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }),
    );
    const payload = JSON.stringify(dossier(0));
    const put = (prefix: string) => (i: number) => dynamodb.send(new PutItemCommand({ TableName: 'bench-raw', Item: { pk: { S: `${prefix}-${i}` }, body: { S: payload } } }));
    await runConcurrently(WARMUP, C, async (i) => void (await put('warm')(i)));
    const rawPuts = await measure(Math.max(N, 2000), pid, put('raw'));

    const putBound = rate(rawPuts) / writesPerDossier;
    const lines = [
      `pipeline                 ${N} dossiers over HTTP at concurrency ${C} in ${pipeline.seconds.toFixed(1)} s (Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'})`,
      `dossiers/s               ${rate(pipeline).toFixed(1)}`,
      `latency p50 / p95        ${percentile(pipeline.latencies, 50).toFixed(1)} ms / ${percentile(pipeline.latencies, 95).toFixed(1)} ms`,
      `DynamoDB writes          ${writesPerDossier.toFixed(2)} requests per dossier (${writeItems.toFixed(2)} items), counted over ${COUNTED}; all requests: ${JSON.stringify(operations)}`,
      `CPU per dossier          ${cpuPer(pipeline)}`,
      `raw PutItem/s            ${rate(rawPuts).toFixed(1)} (CPU per put ${cpuPer(rawPuts)})`,
      `  ratio                  ${(rate(rawPuts) / rate(pipeline)).toFixed(1)} puts per dossier-time; ${writesPerDossier.toFixed(0)} puts' worth would allow ${putBound.toFixed(1)} dossiers/s → overhead ${((putBound / rate(pipeline) - 1) * 100).toFixed(0)}%`,
      `same writes, direct      ${rate(sameWrites).toFixed(1)} dossiers/s (CPU per dossier ${cpuPer(sameWrites)})`,
      `  pipeline overhead      ${((rate(sameWrites) / rate(pipeline) - 1) * 100).toFixed(1)}% above the store's own cost for the same writes (aim < 25%)`,
    ];
    console.log(lines.map((line) => `  ${line}`).join('\n'));
  } finally {
    for (const system of systems) await system.stop();
    await proxy.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
