import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import type { SubscriptionSpec, TopicSpec } from './assembly.ts';
import type { PhysicalResource } from './intrinsics.ts';

/**
 * Topics and subscriptions of the template, served by fauxqs's SNS (the same in-process
 * emulator as the queues): a publish reaches exactly the queues whose filter policy matches.
 * The topic's KMS key is AWS's business; locally messages stay in memory.
 */
export async function ensureTopic(client: SNSClient, spec: TopicSpec, name: string): Promise<PhysicalResource> {
  const fifo = spec.properties.FifoTopic === true || spec.properties.FifoTopic === 'true';
  const { TopicArn } = await client.send(
    new CreateTopicCommand({ Name: fifo ? `${name}.fifo` : name, Attributes: fifo ? { FifoTopic: 'true' } : undefined }),
  );
  return { ref: TopicArn!, attributes: { TopicArn: TopicArn!, TopicName: name } };
}

/** Subscribes a queue (by ARN) to a topic with the template's delivery and filter settings. */
export async function subscribe(client: SNSClient, spec: SubscriptionSpec, topicArn: string, endpoint: string): Promise<PhysicalResource> {
  if (spec.protocol !== 'sqs') throw new Error(`${spec.key}: only SQS subscriptions are served locally (got ${spec.protocol}).`);
  const attributes: Record<string, string> = {};
  if (spec.rawMessageDelivery) attributes.RawMessageDelivery = 'true';
  if (spec.filterPolicy !== undefined) attributes.FilterPolicy = JSON.stringify(spec.filterPolicy);
  if (spec.filterPolicyScope) attributes.FilterPolicyScope = spec.filterPolicyScope;
  const { SubscriptionArn } = await client.send(
    new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: endpoint, Attributes: attributes, ReturnSubscriptionArn: true }),
  );
  return { ref: SubscriptionArn!, attributes: {} };
}
