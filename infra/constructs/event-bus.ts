import { RemovalPolicy } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SubscriptionFilter, Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { DomainEventType } from '../../libs/events/catalog.ts';
import type { ConsumerQueue } from './consumer-queue.ts';

/**
 * The bus: one SNS topic every producer's publisher sends to, under a key of our own.
 * Consumers subscribe their queue with the event types they declare; the topic delivers
 * each event to exactly the queues whose filter lists its type. Adding a consumer is a
 * subscription; no producer knows its consumers.
 */
export class EventBus extends Construct {
  readonly topic: Topic;
  readonly key: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'motcua event bus',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.topic = new Topic(this, 'Topic', { displayName: 'motcua domain events', enforceSSL: true, masterKey: this.key });
  }

  /**
   * Subscribes a consumer's queue to the types it declares: raw delivery (the SQS body is
   * the event itself, message attributes intact), filtered on the `type` attribute.
   */
  subscribe(consumer: ConsumerQueue, types: readonly DomainEventType[]): void {
    if (!types.length) throw new Error(`${consumer.node.path}: a consumer must declare at least one event type`);
    this.topic.addSubscription(
      new SqsSubscription(consumer.queue, {
        rawMessageDelivery: true,
        filterPolicy: { type: SubscriptionFilter.stringFilter({ allowlist: [...types] }) },
      }),
    );
  }
}
