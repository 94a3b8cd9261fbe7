import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { alarmOn } from './alarm.ts';

export interface ConsumerQueueProps {
  /** Who reads this queue; used in alarm descriptions. */
  readonly consumer: string;
  readonly alarmTopic: ITopic;
  /** Must be at least six times the consumer function's timeout (AWS guidance for SQS event sources). */
  readonly visibilityTimeout?: Duration;
  readonly maxReceiveCount?: number;
  /**
   * Alarm when the oldest message waits longer than this: the consumer is stuck or gone.
   * Default 15 minutes; `false` for a queue nothing consumes yet.
   */
  readonly oldestMessageAge?: Duration | false;
  /** Also alarm when the queue itself holds messages: for a queue of failures nobody consumes. */
  readonly alarmOnQueueDepth?: boolean;
}

/**
 * A consumer's queue with its dead-letter queue, an alarm on the DLQ's depth and one on
 * the age of the oldest message: a poison message parks in the DLQ instead of blocking the
 * queue, a stuck consumer is noticed, and someone is told either way.
 */
export class ConsumerQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ConsumerQueueProps) {
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
    this.alarms.push(
      alarmOn(this, 'DlqDepthAlarm', {
        metric: depth(this.deadLetterQueue),
        threshold: 0,
        topic: props.alarmTopic,
        description: `Messages parked in the ${props.consumer} dead-letter queue (redrive them).`,
      }),
    );
    const age = props.oldestMessageAge ?? Duration.minutes(15);
    if (age) {
      this.alarms.push(
        alarmOn(this, 'OldestMessageAlarm', {
          metric: this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
          threshold: age.toSeconds(),
          topic: props.alarmTopic,
          description: `Messages have waited more than ${age.toHumanString()} in the ${props.consumer} queue: its consumer is stuck or failing.`,
        }),
      );
    }
    if (props.alarmOnQueueDepth) {
      this.alarms.push(
        alarmOn(this, 'QueueDepthAlarm', {
          metric: depth(this.queue),
          threshold: 0,
          topic: props.alarmTopic,
          description: `Messages waiting in the ${props.consumer} failure queue (replay them).`,
        }),
      );
    }
  }
}
