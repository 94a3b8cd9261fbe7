/**
 * `npm run bench:intake -- [--dossiers N] [--concurrency C]`
 *
 * Submits N dossiers over HTTP at concurrency C through the local runtime (the same
 * bundles, HTTP API, JWT check, DynamoDB Local and stream publisher as `npm start`),
 * then, on the same DynamoDB Local, measures the store's own PutItem rate at the same
 * concurrency. The functions reach DynamoDB through a proxy that counts their write
 * requests, so "writes per dossier" is observed, not assumed.
 *
 * Overhead = (time per dossier) / (writes per dossier × time per raw PutItem) − 1:
 * how much slower the pipeline is than the store doing the same number of writes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DevIssuer } from '../infra/local/dev-issuer.ts';
import { LocalRuntime } from '../infra/local/runtime.ts';
import { synthesize } from '../infra/local/synth.ts';
import { loadCatalog } from '../services/intake/scripts/load-catalog.ts';

const { values } = parseArgs({
  options: {
    dossiers: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '50' },
  },
});
const N = Number(values.dossiers);
const C = Number(values.concurrency);
const WARMUP = Number(values.warmup);
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const WRITE_OPERATIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem']);

/** Forwards the functions' DynamoDB calls and counts them by operation (X-Amz-Target). */
class CountingProxy {
  readonly requests = new Map<string, number>();
  /** Milliseconds spent waiting on DynamoDB Local, by operation. */
  readonly waited = new Map<string, number>();
  writeItems = 0;
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
    this.waited.clear();
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
      if (operation === 'TransactWriteItems') this.writeItems += (JSON.parse(body.toString()) as { TransactItems: unknown[] }).TransactItems.length;
      else if (WRITE_OPERATIONS.has(operation)) this.writeItems += 1;
      const sent = performance.now();
      const upstream = httpRequest(
        { host: this.target.hostname, port: this.target.port, path: req.url, method: req.method, headers: req.headers, agent: this.agent },
        (response) => {
          res.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(res);
          response.on('end', () => this.waited.set(operation, (this.waited.get(operation) ?? 0) + performance.now() - sent));
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

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'motcua-bench-'));
  const proxy = new CountingProxy();
  console.log(`synthesizing…`);
  await synthesize(path.join(work, 'cdk.out'));
  const runtime = new LocalRuntime({
    assemblyDir: path.join(work, 'cdk.out'),
    dataDir: path.join(work, 'data'),
    inMemory: true,
    port: 0,
    functionLogs: new PassThrough().resume(),
    functionDynamoDbEndpoint: (endpoint) => proxy.listen(endpoint),
    onError: (message) => console.error(`  runtime: ${message}`),
  });
  try {
    const info = await runtime.start();
    const dynamodb = new DynamoDBClient({ endpoint: info.dynamodbEndpoint, region: info.region, credentials, maxAttempts: 1 });
    await loadCatalog(DynamoDBDocumentClient.from(dynamodb), info.outputs['Motcua-Data.CatalogTableName']!);
    const token = await (await DevIssuer.open(path.join(work, 'data'))).mint({ agency: 'H38.22', sub: 'bench' });

    const submit = async (i: number) => {
      const response = await fetch(`${info.url}/dossiers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `bench-${i}` },
        body: JSON.stringify(dossier(i)),
      });
      if (response.status !== 201) throw new Error(`dossier ${i}: HTTP ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    };

    console.log(`warming up with ${WARMUP} dossiers…`);
    await runConcurrently(WARMUP, C, (i) => submit(1_000_000 + i));
    proxy.reset();

    console.log(`submitting ${N} dossiers at concurrency ${C}…`);
    let started = performance.now();
    const latencies = (await runConcurrently(N, C, submit)).sort((a, b) => a - b);
    const pipelineSeconds = (performance.now() - started) / 1000;
    const writeRequests = proxy.writes();
    const writeItems = proxy.writeItems;
    const operations = Object.fromEntries([...proxy.requests].sort());
    const waited = [...proxy.waited].sort().map(([operation, ms]) => `${operation} ${(ms / proxy.requests.get(operation)!).toFixed(1)}`).join(', ');

    // The store's own cost, same DynamoDB Local, same concurrency, an item of a dossier's size.
    await dynamodb.send(
      new CreateTableCommand({ TableName: 'bench-raw', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }),
    );
    const payload = JSON.stringify(dossier(0));
    const puts = Math.max(N, 2000);
    await runConcurrently(WARMUP, C, (i) => dynamodb.send(new PutItemCommand({ TableName: 'bench-raw', Item: { pk: { S: `warm-${i}` }, body: { S: payload } } })).then(() => undefined));
    started = performance.now();
    await runConcurrently(puts, C, (i) => dynamodb.send(new PutItemCommand({ TableName: 'bench-raw', Item: { pk: { S: `raw-${i}` }, body: { S: payload } } })).then(() => undefined));
    const rawSeconds = (performance.now() - started) / 1000;

    const dossiersPerSecond = N / pipelineSeconds;
    const putsPerSecond = puts / rawSeconds;
    const writesPerDossier = writeRequests / N;
    const storeBoundDossiersPerSecond = putsPerSecond / writesPerDossier;
    const overhead = storeBoundDossiersPerSecond / dossiersPerSecond - 1;

    const lines = [
      `dossiers                 ${N} at concurrency ${C}, ${pipelineSeconds.toFixed(1)} s`,
      `dossiers/s               ${dossiersPerSecond.toFixed(1)}`,
      `latency p50 / p95        ${percentile(latencies, 50).toFixed(1)} ms / ${percentile(latencies, 95).toFixed(1)} ms`,
      `DynamoDB write requests  ${writesPerDossier.toFixed(2)} per dossier (${(writeItems / N).toFixed(2)} items), by operation ${JSON.stringify(operations)}`,
      `DynamoDB latency (ms)    ${waited} (mean per request, as the functions saw it)`,
      `raw PutItem              ${putsPerSecond.toFixed(1)}/s (${puts} puts at concurrency ${C})`,
      `store-bound dossiers/s   ${storeBoundDossiersPerSecond.toFixed(1)} (raw PutItem/s ÷ writes per dossier)`,
      `pipeline overhead        ${(overhead * 100).toFixed(1)}% above the store's own cost (aim < 25%)`,
    ];
    console.log(lines.map((line) => `  ${line}`).join('\n'));
    dynamodb.destroy();
  } finally {
    await runtime.stop();
    await proxy.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
