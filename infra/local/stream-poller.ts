import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type _Record as StreamRecord,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Checkpoints } from './checkpoints.ts';
import type { FunctionHost } from './function-host.ts';
import { sleep } from './sqs-poller.ts';

export interface StreamPollerOptions {
  readonly key: string;
  readonly streams: DynamoDBStreamsClient;
  readonly streamArn: string;
  readonly region: string;
  readonly host: FunctionHost;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly reportBatchItemFailures: boolean;
  readonly bisectBatchOnError: boolean;
  /** -1 or undefined: retry until the record expires, as Lambda does. */
  readonly maximumRetryAttempts: number | undefined;
  readonly startingPosition: string | undefined;
  readonly onFailure: { readonly client: SQSClient; readonly queueUrl: string } | undefined;
  readonly checkpoints: Checkpoints;
  readonly onError: (message: string) => void;
}

const POLL_INTERVAL_MS = 250;

/**
 * Lambda's DynamoDB Streams event source, one shard at a time in order: batches up
 * to the batch size, retries a failed batch from the first failed record (with
 * ReportBatchItemFailures), halves it on error when bisecting, and after the
 * retry limit sends a description of the batch to the on-failure queue.
 *
 * Where it starts: after the checkpoint the runtime last settled (see Checkpoints),
 * else at the mapping's starting position.
 */
export class StreamPoller {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly done = new Set<string>();

  private readonly options: StreamPollerOptions;

  constructor(options: StreamPollerOptions) {
    this.options = options;
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    let trimmedInARow = 0;
    while (this.running) {
      try {
        const shards = await this.shards();
        const ready = shards.filter((shard) => !this.done.has(shard.ShardId!) && (!shard.ParentShardId || this.done.has(shard.ParentShardId) || !shards.some((s) => s.ShardId === shard.ParentShardId)));
        if (!ready.length) {
          await sleep(POLL_INTERVAL_MS);
          continue;
        }
        await Promise.all(ready.map((shard) => this.readShard(shard)));
        trimmedInARow = 0;
      } catch (error) {
        if (!this.running) return;
        // DynamoDB Local answers the first read of a brand-new shard this way now and
        // then; a retry succeeds. Only a repeated one says something is wrong.
        const trimmed = (error as Error).name === 'TrimmedDataAccessException';
        trimmedInARow = trimmed ? trimmedInARow + 1 : 0;
        if (!trimmed || trimmedInARow > 3) this.options.onError(`Stream poller for ${this.options.host.name}: ${(error as Error).message}`);
        await sleep(trimmed ? 200 : 1000);
      }
    }
  }

  private async shards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await this.options.streams.send(
        new DescribeStreamCommand({ StreamArn: this.options.streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    return shards;
  }

  private async readShard(shard: Shard): Promise<void> {
    const shardId = shard.ShardId!;
    let iterator = await this.iterator(shardId, this.options.checkpoints.resumeAfter(this.options.key, shardId));
    let pending: StreamRecord[] = [];
    let windowEnds = 0;
    while (this.running && iterator) {
      const { Records = [], NextShardIterator } = await this.options.streams.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: this.options.batchSize - pending.length }),
      );
      iterator = NextShardIterator;
      if (Records.length && !pending.length) windowEnds = Date.now() + this.options.maxBatchingWindowSeconds * 1000;
      pending.push(...Records);
      const full = pending.length >= this.options.batchSize;
      const windowOver = Date.now() >= windowEnds;
      if (pending.length && (full || windowOver || !iterator)) {
        await this.deliver(shardId, pending);
        pending = [];
      } else if (!Records.length) {
        await sleep(POLL_INTERVAL_MS);
      }
    }
    if (!iterator && this.running) this.done.add(shardId);
  }

  private async iterator(shardId: string, after: string | undefined): Promise<string | undefined> {
    const position = after
      ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const, SequenceNumber: after }
      : { ShardIteratorType: (this.options.startingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON') as 'LATEST' | 'TRIM_HORIZON' };
    const { ShardIterator } = await this.options.streams.send(
      new GetShardIteratorCommand({ StreamArn: this.options.streamArn, ShardId: shardId, ...position }),
    );
    return ShardIterator;
  }

  /** Hands the records to the function until every one is done, or parked on the failure destination. */
  private async deliver(shardId: string, records: StreamRecord[]): Promise<void> {
    const maxRetries = this.options.maximumRetryAttempts ?? -1;
    let remaining = records;
    let attempts = 0;
    let size = remaining.length;
    while (remaining.length && this.running) {
      const batch = remaining.slice(0, size);
      const failedFrom = await this.invoke(batch);
      if (failedFrom === null) {
        this.options.checkpoints.delivered(this.options.key, shardId, batch.at(-1)!.dynamodb!.SequenceNumber!);
        remaining = remaining.slice(batch.length);
        size = remaining.length;
        attempts = 0;
        continue;
      }
      // Records before the first failure are done; retry from it.
      if (failedFrom > 0) {
        this.options.checkpoints.delivered(this.options.key, shardId, batch[failedFrom - 1]!.dynamodb!.SequenceNumber!);
        remaining = remaining.slice(failedFrom);
      }
      attempts += 1;
      if (maxRetries >= 0 && attempts > maxRetries) {
        const failedBatch = remaining.slice(0, Math.min(size, remaining.length));
        await this.park(shardId, failedBatch);
        this.options.checkpoints.delivered(this.options.key, shardId, failedBatch.at(-1)!.dynamodb!.SequenceNumber!);
        remaining = remaining.slice(failedBatch.length);
        size = remaining.length;
        attempts = 0;
        continue;
      }
      if (this.options.bisectBatchOnError && size > 1) size = Math.ceil(Math.min(size, remaining.length) / 2);
      await sleep(Math.min(5000, 100 * 2 ** attempts));
    }
  }

  /** Index of the first failed record in the batch, or null when the whole batch succeeded. */
  private async invoke(batch: StreamRecord[]): Promise<number | null> {
    const event: DynamoDBStreamEvent = { Records: batch.map((record) => this.toLambdaRecord(record)) };
    try {
      const result = (await this.options.host.invoke(event)) as { batchItemFailures?: { itemIdentifier?: string }[] } | null;
      if (!this.options.reportBatchItemFailures || !result?.batchItemFailures?.length) return null;
      const positions = result.batchItemFailures.map((failure) =>
        batch.findIndex((record) => record.dynamodb?.SequenceNumber === failure.itemIdentifier),
      );
      // An unknown identifier fails the whole batch, as in Lambda.
      return positions.some((position) => position < 0) ? 0 : Math.min(...positions);
    } catch (error) {
      this.options.onError(`${this.options.host.name} failed a stream batch of ${batch.length}: ${(error as Error).message}`);
      return 0;
    }
  }

  private async park(shardId: string, batch: StreamRecord[]): Promise<void> {
    const first = batch[0]!.dynamodb!;
    const last = batch.at(-1)!.dynamodb!;
    this.options.onError(`${this.options.host.name}: gave up on ${batch.length} stream records after retries; sent to the failure destination.`);
    if (!this.options.onFailure) return;
    await this.options.onFailure.client.send(
      new SendMessageCommand({
        QueueUrl: this.options.onFailure.queueUrl,
        MessageBody: JSON.stringify({
          requestContext: { condition: 'RetryAttemptsExhausted', functionArn: this.options.host.name },
          timestamp: new Date().toISOString(),
          DDBStreamBatchInfo: {
            shardId,
            startSequenceNumber: first.SequenceNumber,
            endSequenceNumber: last.SequenceNumber,
            batchSize: batch.length,
            streamArn: this.options.streamArn,
          },
        }),
      }),
    );
  }

  private toLambdaRecord(record: StreamRecord): DynamoDBRecord {
    const created = record.dynamodb?.ApproximateCreationDateTime;
    return {
      ...(record as unknown as DynamoDBRecord),
      awsRegion: this.options.region,
      eventSourceARN: this.options.streamArn,
      dynamodb: {
        ...(record.dynamodb as DynamoDBRecord['dynamodb']),
        ApproximateCreationDateTime: created instanceof Date ? Math.floor(created.getTime() / 1000) : (created as number | undefined),
      },
    };
  }
}
