import { Duration, Stack } from 'aws-cdk-lib';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { DomainEventType } from '../../libs/events/catalog.ts';
import { ConsumerQueue } from '../constructs/consumer-queue.ts';
import type { EventBus } from '../constructs/event-bus.ts';

/**
 * The state of a service not built yet (postal, survey, reporting): only the queue of the
 * bus events it declared (services/<name>/consumes.ts), filling while it is being built.
 * Each gets its own construct in infra/services/<name>.ts, with tables and functions, when it lands.
 */
export class UpcomingService extends Construct {
  readonly events: ConsumerQueue;

  constructor(scope: Construct, id: string, props: { consumer: string; consumes: readonly DomainEventType[]; bus: EventBus; alarmTopic: ITopic }) {
    super(scope, id);
    // Directly in the stack, under the id the queue was first deployed with (`PostalEvents`…):
    // a new logical id would replace the queue, orphaning its messages.
    this.events = new ConsumerQueue(Stack.of(this), `${id}Events`, {
      consumer: props.consumer,
      alarmTopic: props.alarmTopic,
      // No consumer yet, so messages wait by design; but SQS drops them after 14 days: say so
      // before (drain or replay them later with npm run events:replay).
      oldestMessageAge: Duration.days(10),
    });
    props.bus.subscribe(this.events, props.consumes);
  }
}
