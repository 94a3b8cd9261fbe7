import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { alarmOn } from './alarm.ts';

export interface EventQueueProps {
  /** Who reads this queue; used in names and alarm descriptions. */
  readonly consumer: string;
  readonly alarmTopic: ITopic;
  /** Must be at least six times the consumer function's timeout (AWS guidance for SQS event sources). */
  readonly visibilityTimeout?: Duration;
  readonly maxReceiveCount?: number;
  /** Also alarm when the queue itself holds messages: for a queue of failures nobody consumes. */
  readonly alarmOnQueueDepth?: boolean;
}

/**
 * A consumer's queue with its dead-letter queue and an alarm on the DLQ's depth:
 * a poison message parks in the DLQ instead of blocking the queue, and someone is told.
 */
export class EventQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly dlqAlarm: Alarm;

  constructor(scope: Construct, id: string, props: EventQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'Dlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout ?? Duration.seconds(60),
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const depth = (queue: Queue) => queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) });
    this.dlqAlarm = alarmOn(this, 'DlqDepthAlarm', {
      metric: depth(this.deadLetterQueue),
      threshold: 0,
      topic: props.alarmTopic,
      description: `Messages parked in the ${props.consumer} dead-letter queue (redrive them).`,
    });
    if (props.alarmOnQueueDepth) {
      alarmOn(this, 'QueueDepthAlarm', {
        metric: depth(this.queue),
        threshold: 0,
        topic: props.alarmTopic,
        description: `Messages waiting in the ${props.consumer} failure queue (replay them).`,
      });
    }
  }
}
