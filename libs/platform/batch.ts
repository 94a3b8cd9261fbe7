import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { parser } from '@aws-lambda-powertools/batch/parser';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod';
import { flushMetrics, logger, tracer } from './powertools.ts';
import { issuesOf } from './validation.ts';

/** What a batch event source hands over: the failed records' ids, so only they are retried. */
type PartialResponse = Awaited<ReturnType<typeof processPartialResponse>>;

/**
 * A handler for an SQS queue of bus events. Each message body is parsed (JSON, then the
 * consumer's zod schema of the event types it declares); a message that does not parse, or
 * whose handling throws, is reported as failed and retried alone, until the queue's
 * maxReceiveCount parks it in the DLQ. Every log line carries the event's id and dossier code.
 */
export function queueHandler<S extends z.ZodType<{ eventId: string; dossierCode: string }>>(
  schema: S,
  handle: (event: z.infer<S>, record: SQSRecord) => Promise<void>,
) {
  return messageHandler(schema, (event) => ({ eventId: event.eventId, dossierCode: event.dossierCode }), handle);
}

/**
 * The same for a queue of a service's own messages (postal's partner updates): `keysOf` names
 * what each log line carries (ids, never personal data).
 */
export function messageHandler<S extends z.ZodType>(
  schema: S,
  keysOf: (message: z.infer<S>) => Record<string, string>,
  handle: (message: z.infer<S>, record: SQSRecord) => Promise<void>,
) {
  const processor = new BatchProcessor(EventType.SQS, { parser, innerSchema: schema, transformer: 'json', logger });
  const record = async (item: SQSRecord) => {
    const message = (item as unknown as { body: z.infer<S> }).body;
    const keys = keysOf(message);
    logger.appendKeys(keys);
    try {
      await handle(message, item);
    } catch (error) {
      // The name and code only: a message of ours may quote what it refused.
      logger.warn('message not applied; it will be retried, then parked in the DLQ', { error: (error as Error).name, code: (error as { code?: string }).code });
      throw error;
    } finally {
      logger.removeKeys(Object.keys(keys));
    }
  };
  // One record at a time: the log keys above belong to one shared logger.
  return withPowertools(async (event: SQSEvent, context: Context): Promise<PartialResponse> =>
    processPartialResponse(event, record, processor, { context, processInParallel: false }),
  );
}

/** A handler for a DynamoDB stream, record by record, reporting the failed ones (the outbox publisher). */
export function streamHandler(handle: (record: DynamoDBRecord) => Promise<void>) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  return withPowertools(async (event: DynamoDBStreamEvent, context: Context): Promise<PartialResponse> =>
    processPartialResponse(event, handle, processor, { context }),
  );
}

/** A handler run by an EventBridge schedule: logs with the Lambda context, metrics flushed, traced. */
export function scheduledHandler<R>(handle: (context: Context) => Promise<R>) {
  return withPowertools(async (_event: unknown, context: Context) => handle(context));
}

/**
 * A function another of ours invokes directly (IAM only, no route), with a JSON request and a
 * JSON answer. A request the schema refuses is our caller's bug: it throws, naming the fields and
 * rules broken (never the values), and the caller receives it as the function's error.
 */
export function invokedHandler<S extends z.ZodType, R>(schema: S, handle: (request: z.output<S>, context: Context) => Promise<R>) {
  return withPowertools(async (event: unknown, context: Context): Promise<R> => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      const issues = issuesOf(parsed.error).map(({ path, issue }) => `${path}: ${issue}`);
      throw new MalformedRequest(`${context.functionName} was invoked with a malformed request: ${issues.join('; ')}`);
    }
    return handle(parsed.data, context);
  });
}

export class MalformedRequest extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedRequest';
  }
}

function withPowertools<E, R>(handler: (event: E, context: Context) => Promise<R>) {
  return middy(handler)
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(flushMetrics());
}
