import { PassThrough } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DevIssuer } from '../../infra/local/dev-issuer.ts';
import { LocalRuntime, type LocalRuntimeOptions, type RuntimeInfo } from '../../infra/local/runtime.ts';
import { parseDomainEvent, type DomainEvent } from '../../libs/events/catalog.ts';
import type { Consumer } from '../../infra/services/consumers.ts';
import { loadCatalog } from '../../services/intake/scripts/load-catalog.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A started local runtime with the catalog loaded, and ways to talk to it as tests do. */
export interface LocalSystem {
  readonly runtime: LocalRuntime;
  readonly info: RuntimeInfo;
  readonly issuer: DevIssuer;
  api(method: string, route: string, body?: unknown, token?: string, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** Receives (and deletes) a consumer's events until `until` holds or the time is up. */
  drainEvents(consumer: Consumer, until: (events: DomainEvent[]) => boolean, timeoutMs?: number): Promise<DomainEvent[]>;
  stop(): Promise<void>;
}

/**
 * Starts the runtime on a free port, functions' logs discarded; `options` may override any runtime
 * option. Reporting's consumer is not polled unless `unpolledQueues` says otherwise: its queue
 * receives every event on the bus, and tests read it (`drainEvents('reporting')`) to see them.
 */
export async function startLocalSystem(options: Pick<LocalRuntimeOptions, 'assemblyDir' | 'dataDir' | 'inMemory'> & Partial<LocalRuntimeOptions>): Promise<LocalSystem> {
  const runtime = new LocalRuntime({ port: 0, functionLogs: new PassThrough().resume(), onError: () => undefined, unpolledQueues: ['ReportingEvents'], ...options });
  const info = await runtime.start();
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: info.dynamodbEndpoint, region: info.region, credentials }));
  await loadCatalog(documents, info.outputs['Motcua-Data.CatalogTableName']!);
  documents.destroy();
  const issuer = await DevIssuer.open(options.dataDir);
  const sqs = new SQSClient({ endpoint: info.sqsEndpoint, region: info.region, credentials });

  return {
    runtime,
    info,
    issuer,
    async api(method, route, body, token, headers = {}) {
      const response = await fetch(`${info.url}${route}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    async drainEvents(consumer, until, timeoutMs = 30_000) {
      const queueUrl = Object.entries(info.queues).find(([key]) => key.toLowerCase().includes(`${consumer}eventsqueue`))![1];
      const events: DomainEvent[] = [];
      const deadline = Date.now() + timeoutMs;
      while (!until(events) && Date.now() < deadline) {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
        events.push(...Messages.map((message) => parseDomainEvent(JSON.parse(message.Body!))));
        if (Messages.length) {
          await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
        }
      }
      return events;
    },
    async stop() {
      sqs.destroy();
      await runtime.stop();
    },
  };
}

/** A complete household-business registration at district H38.22, unique per `i`. */
export function householdBusiness(i: number, overrides: Record<string, unknown> = {}) {
  return {
    procedureCode: '1.001612',
    agencyCode: 'H38.22',
    channel: 'counter',
    applicant: { fullName: `Nguyễn Văn ${i}`, idNumber: `0382010${String(i).padStart(5, '0')}`, phone: `09123${String(i).padStart(5, '0')}` },
    documents: [{ code: 'GDN_HKD' }],
    resultDelivery: { method: 'counter' },
    ...overrides,
  };
}
