import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

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
    this.dlqAlarm = this.depthAlarm('DlqDepthAlarm', this.deadLetterQueue, props.alarmTopic, `Messages parked in the ${props.consumer} dead-letter queue; see docs/operations.md for the redrive command.`);
    if (props.alarmOnQueueDepth) {
      this.depthAlarm('QueueDepthAlarm', this.queue, props.alarmTopic, `Messages waiting in the ${props.consumer} failure queue; see docs/operations.md for the replay.`);
    }
  }

  private depthAlarm(id: string, queue: Queue, topic: ITopic, description: string): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: description,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(topic));
    return alarm;
  }
}
