import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_BUS_TOPIC_ARN } from '../../libs/events/bus.ts';
import type { Producer } from '../../libs/events/envelope.ts';
import { alarmOn } from './alarm.ts';
import type { EventBus } from './event-bus.ts';
import { bindTopic } from './bind.ts';
import { MotcuaFunction } from './motcua-function.ts';

export interface OutboxPublisherProps {
  /** The producing service (its functions' service name). */
  readonly source: Producer;
  /** The producer's append-only outbox table, with a NEW_IMAGE stream. */
  readonly outbox: ITable;
  readonly bus: EventBus;
  /** Where stream batches go that could not be published after every retry (alarmed). */
  readonly failures: IQueue;
  readonly alarmTopic: ITopic;
}

/**
 * The one publisher every producer uses: its outbox table's stream, read by the same
 * handler (libs/events/publisher.ts), published to the bus. A change and its event are
 * saved together; from there the event reaches the bus at least once (not in order: consumers
 * order one dossier's events by `sequence`).
 */
export class OutboxPublisher extends Construct {
  readonly function: MotcuaFunction;

  constructor(scope: Construct, id: string, props: OutboxPublisherProps) {
    super(scope, id);
    this.function = new MotcuaFunction(this, 'Function', {
      entry: 'libs/events/publisher.ts',
      service: props.source,
      description: `${props.source} outbox stream → event bus`,
      timeout: Duration.seconds(30),
      alarmTopic: props.alarmTopic,
    });
    bindTopic(this.function, EVENT_BUS_TOPIC_ARN, props.bus.topic, props.bus.key);
    this.function.addEventSource(
      new DynamoEventSource(props.outbox, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 10,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(props.failures),
      }),
    );
    // Events older than five minutes in the stream mean the publisher is falling behind or stuck.
    alarmOn(this, 'IteratorAgeAlarm', {
      metric: this.function.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(5) }),
      threshold: 300_000,
      topic: props.alarmTopic,
      description: `${props.source} events are waiting more than five minutes to reach the bus.`,
    });
  }
}
