import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { FunctionHost } from './function-host.ts';

export interface SqsPollerOptions {
  readonly client: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly host: FunctionHost;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly reportBatchItemFailures: boolean;
  /** Concurrent batches in flight, like Lambda's pollers (it starts with five). */
  readonly concurrency: number;
  readonly onError: (message: string) => void;
}

/**
 * Lambda's SQS event source: receive up to the batch size (waiting at most the
 * batching window to fill it), invoke, and delete what succeeded. A failed batch
 * is not deleted, so its messages come back after the visibility timeout and,
 * after maxReceiveCount receives, the queue's redrive policy parks them in the DLQ.
 */
export class SqsPoller {
  private running = false;
  private loops: Promise<void>[] = [];
  private abort = new AbortController();

  private readonly options: SqsPollerOptions;

  constructor(options: SqsPollerOptions) {
    this.options = options;
  }

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.options.concurrency }, () => this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await Promise.all(this.loops);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        const messages = await this.receiveBatch();
        if (messages.length) await this.process(messages);
      } catch (error) {
        if (!this.running) return;
        this.options.onError(`SQS poller for ${this.options.host.name}: ${(error as Error).message}`);
        await sleep(1000);
      }
    }
  }

  private async receiveBatch(): Promise<Message[]> {
    const { batchSize, maxBatchingWindowSeconds } = this.options;
    const batch: Message[] = [];
    const windowEnds = Date.now() + maxBatchingWindowSeconds * 1000;
    do {
      const remainingWindow = Math.max(0, windowEnds - Date.now());
      const { Messages = [] } = await this.options.client.send(
        new ReceiveMessageCommand({
          QueueUrl: this.options.queueUrl,
          MaxNumberOfMessages: Math.min(10, batchSize - batch.length),
          // Short waits so that shutdown is quick; Lambda long-polls for 20 s.
          WaitTimeSeconds: batch.length ? Math.min(1, Math.ceil(remainingWindow / 1000)) : 1,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: this.abort.signal },
      );
      batch.push(...Messages);
      if (!Messages.length && batch.length) break;
    } while (this.running && batch.length > 0 && batch.length < batchSize && Date.now() < windowEnds);
    return batch;
  }

  private async process(messages: Message[]): Promise<void> {
    const event: SQSEvent = { Records: messages.map((message) => this.toRecord(message)) };
    let failedIds: Set<string>;
    try {
      const result = (await this.options.host.invoke(event)) as { batchItemFailures?: { itemIdentifier?: string }[] } | null;
      failedIds = this.failures(result, messages);
    } catch (error) {
      this.options.onError(`${this.options.host.name} failed a batch of ${messages.length}: ${(error as Error).message}`);
      return; // Nothing deleted: every message becomes visible again after the visibility timeout.
    }
    const done = messages.filter((message) => !failedIds.has(message.MessageId!));
    for (let i = 0; i < done.length; i += 10) {
      await this.options.client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: done.slice(i, i + 10).map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })),
        }),
      );
    }
  }

  /** Lambda treats an unusable failure list as a failure of the whole batch. */
  private failures(result: { batchItemFailures?: { itemIdentifier?: string }[] } | null, messages: Message[]): Set<string> {
    if (!this.options.reportBatchItemFailures || !result?.batchItemFailures?.length) return new Set();
    const ids = new Set(messages.map((message) => message.MessageId!));
    const failed = result.batchItemFailures.map((failure) => failure.itemIdentifier);
    if (failed.some((id) => !id || !ids.has(id))) return ids;
    return new Set(failed as string[]);
  }

  private toRecord(message: Message): SQSRecord {
    const attributes = message.Attributes ?? {};
    return {
      messageId: message.MessageId!,
      receiptHandle: message.ReceiptHandle!,
      body: message.Body ?? '',
      attributes: {
        ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
        SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
        SenderId: attributes.SenderId ?? 'local',
        ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: Object.fromEntries(
        Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
          name,
          {
            dataType: value.DataType ?? 'String',
            ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
            ...(value.BinaryValue !== undefined ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') } : {}),
            stringListValues: [],
            binaryListValues: [],
          },
        ]),
      ),
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.options.queueArn,
      awsRegion: this.options.region,
    };
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
