import { Duration, Stack } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { AttributeType, type Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { OFFICER_ENV } from '../../libs/platform/auth.ts';
import { WATCH_INDEX } from '../../services/intake/adapters/dossier-repository.ts';
import { INTAKE_ENV } from '../../services/intake/adapters/environment.ts';
import { LOOKUP_BASE_URL_VARIABLE } from '../../services/intake/domain/receipt-page.ts';
import { bindTable } from '../constructs/bind.ts';
import { grantItemActionsOnKeys } from '../constructs/grants.ts';
import { ConsumerQueue } from '../constructs/consumer-queue.ts';
import type { EventBus } from '../constructs/event-bus.ts';
import { CONSUMES } from './consumers.ts';
import type { MotcuaApi } from '../constructs/motcua-api.ts';
import { MotcuaFunction, type MotcuaFunctionProps } from '../constructs/motcua-function.ts';
import { OutboxPublisher } from '../constructs/outbox-publisher.ts';
import { dataTable, outboxTable } from './tables.ts';


/**
 * Intake's state: dossiers, their history (the outbox), the catalog, idempotency keys, and
 * the queue of bus events intake acts on. Lives in the retained data stack.
 */
export class IntakeData extends Construct {
  readonly dossiers: Table;
  readonly history: Table;
  readonly catalog: Table;
  readonly idempotency: Table;
  /** Bus events intake declared (services/intake/consumes.ts). */
  readonly events: ConsumerQueue;
  /** Outbox stream batches the publisher could not deliver after its retries. */
  readonly publisherFailures: ConsumerQueue;

  constructor(scope: Construct, id: string, props: { bus: EventBus; alarmTopic: ITopic }) {
    super(scope, id);
    // The tables sit directly in the stack, under the ids they were first deployed with: a new
    // logical id would create empty tables beside the retained ones.
    const stack = Stack.of(this);

    // A dossier, its agency's daily running-number counters, a code's failed citizen lookups of the
    // day (which expire: `expiresAt`), and markers of bus events already applied.
    this.dossiers = dataTable(stack, 'DossiersTable', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiresAt',
    });
    // Open dossiers by status and the instant that matters (appointment, or supplement closing):
    // sparse, so the deadline watch reads only what is due, never the whole table.
    this.dossiers.addGlobalSecondaryIndex({
      indexName: WATCH_INDEX,
      partitionKey: { name: 'watchStatus', type: AttributeType.STRING },
      sortKey: { name: 'watchAt', type: AttributeType.STRING },
    });
    // Append-only history of every dossier; it is intake's outbox, whose stream feeds the bus.
    this.history = outboxTable(stack, 'HistoryTable');
    // Procedures and agencies (pk = "procedure" | "agency", sk = code).
    this.catalog = dataTable(stack, 'CatalogTable', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
    });
    // Idempotency-Key records of POST /dossiers, saved in the dossier's own transaction.
    this.idempotency = dataTable(stack, 'IdempotencyTable', {
      partitionKey: { name: 'id', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiration',
    });

    this.events = new ConsumerQueue(this, 'Events', { consumer: 'intake', alarmTopic: props.alarmTopic });
    props.bus.subscribe(this.events, CONSUMES.intake);
    this.publisherFailures = new ConsumerQueue(stack, 'PublisherFailures', {
      consumer: 'intake event publisher',
      alarmTopic: props.alarmTopic,
      // Nothing consumes this queue: every message in it is a batch of undelivered events.
      oldestMessageAge: false,
      alarmOnQueueDepth: true,
    });
  }
}

export interface IntakeServiceProps {
  readonly data: IntakeData;
  readonly bus: EventBus;
  readonly api: MotcuaApi;
  readonly alarmTopic: ITopic;
  /** The officers' token issuer and audience, for the public route that also serves officers. */
  readonly officerIssuer: string;
  readonly officerAudience: string;
  /** Where the receipt's QR code sends citizens (the portal's lookup page); default: this API's lookup route. */
  readonly publicLookupUrl?: string;
  /** Deadline warnings: how far ahead, and how often the watch runs. */
  readonly deadlineWatch?: { readonly dueSoonWorkingDays?: number; readonly dueSoonOfficeHours?: number; readonly everyMinutes?: number };
}

/**
 * Intake's functions: the catalog, receiving dossiers, actions, the citizen's lookup, the
 * calendar, the deadline watch, the postal deliveries it applies, and its outbox publisher.
 * Each function is bound exactly the tables and actions its code uses.
 */
export class IntakeService extends Construct {
  /**
   * ReadDeliveryFacts: the applicant, addresses and centre of a dossier, for the services that
   * must reach the citizen. No route: a caller is given it with `bindFunction(fn,
   * DELIVERY_FACTS_FUNCTION_VARIABLE, intake.deliveryFacts)` (infra/constructs/bind.ts).
   */
  readonly deliveryFacts: MotcuaFunction;

  constructor(scope: Construct, id: string, props: IntakeServiceProps) {
    super(scope, id);
    const { data, api } = props;
    const fn = (id: string, entry: string, description: string, extra: Partial<MotcuaFunctionProps> = {}) =>
      new MotcuaFunction(this, id, {
        entry: `services/intake/handlers/${entry}`,
        service: 'intake',
        description,
        alarmTopic: props.alarmTopic,
        ...extra,
      });
    const catalog = (f: MotcuaFunction, actions: Parameters<typeof bindTable>[3]) => bindTable(f, INTAKE_ENV.catalogTable, data.catalog, actions);
    const dossiers = (f: MotcuaFunction, actions: Parameters<typeof bindTable>[3], indexes?: string[]) =>
      bindTable(f, INTAKE_ENV.dossiersTable, data.dossiers, actions, indexes);
    const history = (f: MotcuaFunction, actions: Parameters<typeof bindTable>[3]) => bindTable(f, INTAKE_ENV.historyTable, data.history, actions);
    const officerToken = (f: MotcuaFunction) => {
      f.addEnvironment(OFFICER_ENV.issuer, props.officerIssuer);
      f.addEnvironment(OFFICER_ENV.audience, props.officerAudience);
    };

    const catalogIsPublic = 'The procedure catalog and agency list are public information (Decree 118/2025 requires publishing them).';
    const listProcedures = fn('ListProcedures', 'list-procedures.ts', 'GET /procedures');
    const getProcedure = fn('GetProcedure', 'get-procedure.ts', 'GET /procedures/{code}');
    const listAgencies = fn('ListAgencies', 'list-agencies.ts', 'GET /agencies');
    for (const f of [listProcedures, getProcedure, listAgencies]) catalog(f, ['GetItem', 'Query']);
    api.publicRoute('/procedures', listProcedures, catalogIsPublic);
    api.publicRoute('/procedures/{code}', getProcedure, catalogIsPublic);
    api.publicRoute('/agencies', listAgencies, catalogIsPublic);

    const calendarIsPublic =
      "Working days, holidays and the appointment a procedure gives are public information: the published time limits (Decree 118/2025) counted on the government's announced calendar; nothing personal is read or returned.";
    const calendarDeadline = fn('CalendarDeadline', 'calendar-deadline.ts', 'GET /calendar/deadline');
    catalog(calendarDeadline, ['GetItem']);
    api.publicRoute('/calendar/deadline', calendarDeadline, calendarIsPublic);
    const calendarYear = fn('CalendarYear', 'calendar-year.ts', 'GET /calendar/{year}');
    api.publicRoute('/calendar/{year}', calendarYear, calendarIsPublic);

    // Receiving takes the day's running number (UpdateItem on the counter item), then writes the
    // dossier, its history entry and its Idempotency-Key record in one transaction.
    const submitDossier = fn('SubmitDossier', 'submit-dossier.ts', 'POST /dossiers');
    catalog(submitDossier, ['GetItem']);
    dossiers(submitDossier, ['PutItem']);
    grantItemActionsOnKeys(data.dossiers, submitDossier, ['UpdateItem'], ['counter#*']);
    history(submitDossier, ['PutItem']);
    bindTable(submitDossier, INTAKE_ENV.idempotencyTable, data.idempotency, ['GetItem', 'PutItem']);
    api.officerRoute(HttpMethod.POST, '/dossiers', submitDossier);

    const dossierAction = fn('DossierAction', 'dossier-action.ts', 'POST /dossiers/{code}/actions');
    catalog(dossierAction, ['GetItem']);
    dossiers(dossierAction, ['GetItem', 'PutItem']);
    history(dossierAction, ['PutItem', 'Query']);
    api.officerRoute(HttpMethod.POST, '/dossiers/{code}/actions', dossierAction);

    // The printable receipt: its QR code opens the citizen's lookup of the dossier.
    const getReceipt = fn('GetReceipt', 'get-receipt.ts', 'GET /dossiers/{code}/receipt', {
      environment: { [LOOKUP_BASE_URL_VARIABLE]: props.publicLookupUrl ?? `${api.api.apiEndpoint}/dossiers` },
    });
    catalog(getReceipt, ['GetItem']);
    dossiers(getReceipt, ['GetItem']);
    api.officerRoute(HttpMethod.GET, '/dossiers/{code}/receipt', getReceipt);

    const getDossier = fn('GetDossier', 'get-dossier.ts', 'GET /dossiers/{code}');
    dossiers(getDossier, ['GetItem']);
    history(getDossier, ['Query']);
    // Counting failed citizen lookups: UpdateItem on the lookup items only, never on a dossier.
    grantItemActionsOnKeys(data.dossiers, getDossier, ['UpdateItem'], ['lookup#*']);
    officerToken(getDossier);
    api.publicRoute(
      '/dossiers/{code}',
      getDossier,
      'Citizens look up a dossier with its code and the last 4 phone digits; an officer sends a bearer token that the handler verifies against the same issuer.',
    );

    // Due-soon and overdue warnings, and supplements never brought, from the sparse watch index.
    const watch = props.deadlineWatch ?? {};
    const watchDeadlines = fn('WatchDeadlines', 'watch-deadlines.ts', 'Scheduled: due-soon and overdue warnings, expired supplements', {
      timeout: Duration.minutes(5),
      environment: {
        [INTAKE_ENV.dueSoonWorkingDays]: String(watch.dueSoonWorkingDays ?? 1),
        [INTAKE_ENV.dueSoonOfficeHours]: String(watch.dueSoonOfficeHours ?? 3),
      },
    });
    dossiers(watchDeadlines, ['PutItem'], [WATCH_INDEX]);
    history(watchDeadlines, ['PutItem']);
    catalog(watchDeadlines, ['GetItem']);
    new Rule(this, 'WatchDeadlinesSchedule', {
      description: 'Runs the deadline watch',
      schedule: Schedule.rate(Duration.minutes(watch.everyMinutes ?? 15)),
      targets: [new LambdaFunction(watchDeadlines, { retryAttempts: 2 })],
    });

    // Bus events intake declared (a result delivered by post), each applied once: its marker is
    // written to the dossiers table in the change's own transaction.
    const applyBusEvents = fn('ApplyBusEvents', 'apply-bus-events.ts', 'Bus events intake declared → system actions on dossiers');
    dossiers(applyBusEvents, ['GetItem', 'PutItem']);
    history(applyBusEvents, ['PutItem']);
    applyBusEvents.addEventSource(new SqsEventSource(data.events.queue, { batchSize: 10, reportBatchItemFailures: true }));

    // Intake's events carry no personal data: a service that must reach the citizen invokes this
    // function (IAM only, no route) for the facts of one dossier, with a purpose that is logged.
    this.deliveryFacts = fn('ReadDeliveryFacts', 'read-delivery-facts.ts', 'Invoked: the delivery facts of a dossier (libs/contracts/intake-delivery.ts)');
    dossiers(this.deliveryFacts, ['GetItem']);
    catalog(this.deliveryFacts, ['GetItem']);

    new OutboxPublisher(this, 'PublishEvents', {
      source: 'intake',
      outbox: data.history,
      bus: props.bus,
      failures: data.publisherFailures.queue,
      alarmTopic: props.alarmTopic,
    });
  }
}
