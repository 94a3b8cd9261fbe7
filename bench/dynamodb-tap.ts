import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * Between the functions and DynamoDB, for the benchmarks that time when something is saved
 * (bench/postal.ts, bench/survey.ts): forwards everything untouched and hands each
 * TransactWriteItems request's body to `observe` with DynamoDB's status and the instant its answer
 * arrived (`performance.now()` on this thread), so that nothing has to poll the API or the table.
 * With `answered`, every request's operation, body and answer go there too (bench/reporting.ts
 * counts the items a report reads).
 */
export class TransactionTap {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private server?: Server;
  private target!: URL;
  private readonly observe: (body: string, status: number, at: number) => void;
  private readonly answered?: (operation: string, request: string, status: number, answer: string) => void;

  constructor(observe: (body: string, status: number, at: number) => void, answered?: (operation: string, request: string, status: number, answer: string) => void) {
    this.observe = observe;
    this.answered = answered;
  }

  /** Starts in front of `target` (the runtime's DurableDynamoDbProxy); answers the endpoint the functions get. */
  async listen(target: string): Promise<string> {
    this.target = new URL(target);
    const server = (this.server = createServer((req, res) => this.forward(req, res)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.agent.destroy();
    this.server?.closeAllConnections();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
    const transaction = operation === 'TransactWriteItems';
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const upstream = httpRequest(
        { host: this.target.hostname, port: this.target.port, path: req.url, method: req.method, headers: req.headers, agent: this.agent },
        (response) => {
          if (transaction) this.observe(body.toString(), response.statusCode ?? 0, performance.now());
          res.writeHead(response.statusCode ?? 502, response.headers);
          const answered = this.answered;
          if (answered) {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => answered(operation, body.toString(), response.statusCode ?? 0, Buffer.concat(chunks).toString()));
          }
          response.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  }
}

/** Until `done()` holds and the queue is empty (so every resend was read too), or `timeoutMs` is up. */
export async function drained(sqs: SQSClient, queueUrl: string, done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (done()) {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      if (Number(Attributes.ApproximateNumberOfMessages) === 0 && Number(Attributes.ApproximateNumberOfMessagesNotVisible) === 0) return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
