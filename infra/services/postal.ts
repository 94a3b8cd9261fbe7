import { Duration, RemovalPolicy, Stack, Tags, Validations } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { AttributeType, type Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { PartnersConfig } from '../../services/postal/adapters/config.ts';
import { POSTAL_ENV } from '../../services/postal/adapters/environment.ts';
import { DOSSIER_INDEX, QUIET_INDEX } from '../../services/postal/adapters/shipment-repository.ts';
import { bindQueue, bindSecret, bindTable } from '../constructs/bind.ts';
import { ConsumerQueue } from '../constructs/consumer-queue.ts';
import type { EventBus } from '../constructs/event-bus.ts';
import type { MotcuaApi } from '../constructs/motcua-api.ts';
import { MotcuaFunction, type MotcuaFunctionProps } from '../constructs/motcua-function.ts';
import { OutboxPublisher } from '../constructs/outbox-publisher.ts';
import { CONSUMES } from './consumers.ts';
import { dataTable, outboxTable } from './tables.ts';

/** The timeout of the functions that call a partner: the HTTP client's attempts × timeout (3 × 5 s) plus its backoff, with room. */
const PARTNER_CALL_TIMEOUT = Duration.seconds(60);

/**
 * Postal's state: shipments (with their raw updates, the tracking-number map, the poller's
 * cursors, hand-over minutes), its outbox, the queue of bus events it declared, the queue of
 * partner updates (webhooks and polls alike), and the partners' secrets. In the retained data stack.
 */
export class PostalData extends Construct {
  readonly shipments: Table;
  readonly outbox: Table;
  /** Bus events postal declared (services/postal/consumes.ts). */
  readonly events: ConsumerQueue;
  /** Verified partner updates, waiting to be applied. */
  readonly updates: ConsumerQueue;
  readonly publisherFailures: ConsumerQueue;
  /** Per partner: its API key and webhook secrets (see services/postal/adapters/config.ts). */
  readonly partnerSecrets: Secret;

  constructor(scope: Construct, id: string, props: { bus: EventBus; alarmTopic: ITopic }) {
    super(scope, id);
    // At stack scope, like intake's: `PostalEvents` is the id the queue was first deployed with.
    const stack = Stack.of(this);
    this.events = new ConsumerQueue(stack, 'PostalEvents', {
      consumer: 'postal',
      alarmTopic: props.alarmTopic,
      visibilityTimeout: Duration.seconds(PARTNER_CALL_TIMEOUT.toSeconds() * 6),
    });
    props.bus.subscribe(this.events, CONSUMES.postal);

    this.shipments = dataTable(stack, 'PostalShipmentsTable', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    this.shipments.addGlobalSecondaryIndex({
      indexName: DOSSIER_INDEX,
      partitionKey: { name: 'dossierCode', type: AttributeType.STRING },
      sortKey: { name: 'shipmentId', type: AttributeType.STRING },
    });
    // Sparse: only shipments on their way and not flagged carry `watch`, so the sweep reads those alone.
    this.shipments.addGlobalSecondaryIndex({
      indexName: QUIET_INDEX,
      partitionKey: { name: 'watch', type: AttributeType.STRING },
      sortKey: { name: 'quietSince', type: AttributeType.STRING },
    });
    this.outbox = outboxTable(stack, 'PostalOutboxTable');

    this.updates = new ConsumerQueue(stack, 'PostalPartnerUpdates', { consumer: 'postal partner updates', alarmTopic: props.alarmTopic });
    this.publisherFailures = new ConsumerQueue(stack, 'PostalPublisherFailures', {
      consumer: 'postal event publisher',
      alarmTopic: props.alarmTopic,
      oldestMessageAge: false,
      alarmOnQueueDepth: true,
    });

    this.partnerSecrets = new Secret(stack, 'PostalPartnerSecrets', {
      description: 'motcua postal: per partner, {"apiKey": "...", "webhookSecrets": ["whsec_..."]} (docs/operations.md)',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The local runtime serves this secret with the documented development value.
    Tags.of(this.partnerSecrets).add('motcua:local-default', 'postal-partners');
    Validations.of(this.partnerSecrets).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The values are issued by each postal partner (its API key, the webhook secrets it signs with), not by us: they are rotated when the partner issues new ones, with old and new webhook secrets valid together (docs/operations.md), which a rotation Lambda cannot do.',
    });
  }
}

export interface PostalServiceProps {
  readonly data: PostalData;
  readonly bus: EventBus;
  readonly api: MotcuaApi;
  readonly alarmTopic: ITopic;
  /** Who the partners are and where their APIs are (not secret). */
  readonly partners: PartnersConfig;
  /** The intake function that answers the delivery facts (libs/contracts/intake-delivery.ts). */
  readonly bindDeliveryFacts: (fn: MotcuaFunction) => void;
  readonly stuckAfterHours?: number;
  readonly pollEveryMinutes?: number;
}

/**
 * Postal's functions: the partners' webhook, the consumer that applies every update, shipment
 * creation from intake's events, the poller and the stuck sweep, and the outbox publisher. Each
 * is bound exactly the tables and actions its code uses.
 */
export class PostalService extends Construct {
  constructor(scope: Construct, id: string, props: PostalServiceProps) {
    super(scope, id);
    const { data, api } = props;
    const fn = (id: string, entry: string, description: string, extra: Partial<MotcuaFunctionProps> = {}) =>
      new MotcuaFunction(this, id, { entry: `services/postal/handlers/${entry}`, service: 'postal', description, alarmTopic: props.alarmTopic, ...extra });
    const shipments = (f: MotcuaFunction, actions: Parameters<typeof bindTable>[3], indexes?: string[]) => bindTable(f, POSTAL_ENV.shipmentsTable, data.shipments, actions, indexes);
    const outbox = (f: MotcuaFunction) => bindTable(f, POSTAL_ENV.outboxTable, data.outbox, ['PutItem']);
    const partners = (f: MotcuaFunction) => {
      f.addEnvironment(POSTAL_ENV.partners, JSON.stringify(props.partners));
      bindSecret(f, POSTAL_ENV.partnerSecrets, data.partnerSecrets);
    };

    // Check, queue, answer: the partner gets its 2xx fast; nothing else happens in the request.
    const receiveWebhook = fn('ReceivePartnerWebhook', 'receive-webhook.ts', 'POST /postal/webhooks/{partner}');
    partners(receiveWebhook);
    bindQueue(receiveWebhook, POSTAL_ENV.updatesQueue, data.updates.queue);
    api.callbackRoute(
      '/postal/webhooks/{partner}',
      receiveWebhook,
      "Postal partners post tracking updates here; each request is authenticated by its Standard Webhooks signature (HMAC-SHA256 with the partner's secret, over the raw body, within 5 minutes) before anything reads it.",
    );

    const applyUpdates = fn('ApplyPartnerUpdates', 'apply-partner-updates.ts', 'Partner updates (webhooks, polls) → shipments and their events');
    shipments(applyUpdates, ['GetItem', 'PutItem']);
    outbox(applyUpdates);
    applyUpdates.addEventSource(new SqsEventSource(data.updates.queue, { batchSize: 10, reportBatchItemFailures: true }));

    const createShipments = fn('CreateShipments', 'create-shipments.ts', 'Intake events → shipments asked of the partner', { timeout: PARTNER_CALL_TIMEOUT });
    shipments(createShipments, ['GetItem', 'PutItem']);
    outbox(createShipments);
    partners(createShipments);
    props.bindDeliveryFacts(createShipments);
    createShipments.addEventSource(new SqsEventSource(data.events.queue, { batchSize: 5, reportBatchItemFailures: true }));

    const pollTracking = fn('PollPartnerTracking', 'poll-tracking.ts', 'Scheduled: tracking pages of polled partners → partner updates queue', { timeout: Duration.minutes(2) });
    shipments(pollTracking, ['GetItem', 'UpdateItem']);
    partners(pollTracking);
    bindQueue(pollTracking, POSTAL_ENV.updatesQueue, data.updates.queue);
    new Rule(this, 'PollPartnerTrackingSchedule', {
      description: 'Polls the tracking of polled postal partners',
      schedule: Schedule.rate(Duration.minutes(props.pollEveryMinutes ?? 5)),
      targets: [new LambdaFunction(pollTracking, { retryAttempts: 2 })],
    });

    const sweepStuck = fn('SweepStuckShipments', 'sweep-stuck.ts', 'Scheduled: shipments silent too long → ShipmentStuck', {
      timeout: Duration.minutes(5),
      environment: { [POSTAL_ENV.stuckAfterHours]: String(props.stuckAfterHours ?? 72) },
    });
    shipments(sweepStuck, ['GetItem', 'PutItem'], [QUIET_INDEX]);
    outbox(sweepStuck);
    new Rule(this, 'SweepStuckShipmentsSchedule', {
      description: 'Flags postal shipments nobody has heard of for too long',
      schedule: Schedule.rate(Duration.hours(1)),
      targets: [new LambdaFunction(sweepStuck, { retryAttempts: 2 })],
    });

    // Officers: their agency's shipments, and the hand-over minutes of results given to the partner.
    const listShipments = fn('ListShipments', 'list-shipments.ts', 'GET /postal/shipments?dossierCode=');
    shipments(listShipments, ['GetItem'], [DOSSIER_INDEX]);
    api.officerRoute(HttpMethod.GET, '/postal/shipments', listShipments);
    const getShipment = fn('GetShipment', 'get-shipment.ts', 'GET /postal/shipments/{id}');
    shipments(getShipment, ['GetItem']);
    api.officerRoute(HttpMethod.GET, '/postal/shipments/{id}', getShipment);
    const confirmReceived = fn('ConfirmReceived', 'confirm-received.ts', 'POST /postal/shipments/{id}/received');
    shipments(confirmReceived, ['GetItem', 'PutItem']);
    api.officerRoute(HttpMethod.POST, '/postal/shipments/{id}/received', confirmReceived);
    // The minutes and the mark on each shipment, in one transaction.
    const createHandover = fn('CreateHandover', 'create-handover.ts', 'POST /postal/handovers');
    shipments(createHandover, ['GetItem', 'PutItem', 'UpdateItem']);
    api.officerRoute(HttpMethod.POST, '/postal/handovers', createHandover);
    const getHandover = fn('GetHandover', 'get-handover.ts', 'GET /postal/handovers/{id}');
    shipments(getHandover, ['GetItem']);
    api.officerRoute(HttpMethod.GET, '/postal/handovers/{id}', getHandover);

    new OutboxPublisher(this, 'PublishEvents', {
      source: 'postal',
      outbox: data.outbox,
      bus: props.bus,
      failures: data.publisherFailures.queue,
      alarmTopic: props.alarmTopic,
    });
  }
}
