import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { SNSClient } from '@aws-sdk/client-sns';
import { startFauxqs } from 'fauxqs';
import type { QueueSpec } from './assembly.ts';
import type { PhysicalResource } from './intrinsics.ts';

export interface SqsLocal {
  readonly endpoint: string;
  readonly client: SQSClient;
  /** The same emulator's SNS, for the template's topics and subscriptions. */
  readonly sns: SNSClient;
  stop(): Promise<void>;
}

/** The in-process SQS and SNS emulator. It keeps messages in memory only (see docs/local-runtime.md on restarts). */
export async function startSqsLocal(options: {
  port: number;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}): Promise<SqsLocal> {
  const server = await startFauxqs({ port: options.port, logger: false, defaultRegion: options.region });
  const endpoint = server.address;
  const client = new SQSClient({ endpoint, region: options.region, credentials: options.credentials });
  const sns = new SNSClient({ endpoint, region: options.region, credentials: options.credentials });
  return {
    endpoint,
    client,
    sns,
    stop: async () => {
      client.destroy();
      sns.destroy();
      await server.stop();
    },
  };
}

const PASSED_ATTRIBUTES = [
  'VisibilityTimeout',
  'MessageRetentionPeriod',
  'DelaySeconds',
  'ReceiveMessageWaitTimeSeconds',
  'MaximumMessageSize',
  'FifoQueue',
  'ContentBasedDeduplication',
];

/**
 * Creates the queue with its template attributes; the redrive policy is set later, once every DLQ exists.
 * Its URL is given on the loopback address: the SDK sends requests to a queue URL's own host, and
 * fauxqs's `sqs.<region>.localhost` names do not resolve everywhere.
 */
export async function ensureQueue(client: SQSClient, spec: QueueSpec, name: string, endpoint: string): Promise<PhysicalResource> {
  const attributes: Record<string, string> = {};
  for (const attribute of PASSED_ATTRIBUTES) {
    const value = spec.properties[attribute];
    if (value !== undefined) attributes[attribute] = String(value);
  }
  const queueName = spec.properties.FifoQueue ? `${name}.fifo` : name;
  const created = await client.send(new CreateQueueCommand({ QueueName: queueName, Attributes: attributes }));
  const queueUrl = `${endpoint}${new URL(created.QueueUrl!).pathname}`;
  const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  return { ref: queueUrl, attributes: { Arn: Attributes!.QueueArn!, QueueUrl: queueUrl, QueueName: queueName } };
}

export async function setRedrivePolicy(
  client: SQSClient,
  queueUrl: string,
  deadLetterTargetArn: string,
  maxReceiveCount: number,
): Promise<void> {
  await client.send(
    new SetQueueAttributesCommand({
      QueueUrl: queueUrl,
      Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn, maxReceiveCount: String(maxReceiveCount) }) },
    }),
  );
}

/** Messages waiting, in flight or delayed: zero means every consumer has finished with this queue. */
export async function messagesHeld(client: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes = {} } = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
  );
}
