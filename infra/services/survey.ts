import { Duration, RemovalPolicy, Stack, Tags, Validations } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { AttributeType, type Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { SURVEY_ENV } from '../../services/survey/adapters/environment.ts';
import type { GatewaysConfig } from '../../services/survey/adapters/gateways-config.ts';
import type { SurveyServiceSettings } from '../../services/survey/adapters/settings.ts';
import { DOSSIER_INDEX, DUE_INDEX, PENDING_INDEX, PHONE_INDEX } from '../../services/survey/adapters/survey-repository.ts';
import { bindQueue, bindSecret, bindTable } from '../constructs/bind.ts';
import { ConsumerQueue } from '../constructs/consumer-queue.ts';
import type { EventBus } from '../constructs/event-bus.ts';
import type { MotcuaApi } from '../constructs/motcua-api.ts';
import { MotcuaFunction, type MotcuaFunctionProps } from '../constructs/motcua-function.ts';
import { OutboxPublisher } from '../constructs/outbox-publisher.ts';
import { CONSUMES } from './consumers.ts';
import { dataTable, outboxTable } from './tables.ts';

/**
 * Survey's state: surveys, messages, numbers (kept for their retention only), opt-outs and daily
 * counts by keyed hash; its outbox; the queue of bus events it declared and the queue of the
 * gateways' callbacks; its secret. In the retained data stack.
 */
export class SurveyData extends Construct {
  readonly surveys: Table;
  readonly outbox: Table;
  readonly events: ConsumerQueue;
  readonly callbacks: ConsumerQueue;
  readonly publisherFailures: ConsumerQueue;
  /** The phone-hash key and each gateway's credentials (services/survey/adapters/context.ts `SurveySecrets`). */
  readonly secrets: Secret;

  constructor(scope: Construct, id: string, props: { bus: EventBus; alarmTopic: ITopic }) {
    super(scope, id);
    // At stack scope: `SurveyEvents` is the id the queue was first deployed with.
    const stack = Stack.of(this);
    this.events = new ConsumerQueue(stack, 'SurveyEvents', { consumer: 'survey', alarmTopic: props.alarmTopic, visibilityTimeout: Duration.minutes(3) });
    props.bus.subscribe(this.events, CONSUMES.survey);

    // `expiresAt`: numbers (contact#) end with their retention, daily counts after a few days.
    this.surveys = dataTable(stack, 'SurveysTable', { partitionKey: { name: 'pk', type: AttributeType.STRING }, timeToLiveAttribute: 'expiresAt' });
    const index = (indexName: string, partitionKey: string, sortKey: string) =>
      this.surveys.addGlobalSecondaryIndex({ indexName, partitionKey: { name: partitionKey, type: AttributeType.STRING }, sortKey: { name: sortKey, type: AttributeType.STRING } });
    index(PHONE_INDEX, 'surveyPhone', 'surveySentAt');
    index(DUE_INDEX, 'due', 'dueAt');
    index(PENDING_INDEX, 'pending', 'pendingSince');
    index(DOSSIER_INDEX, 'messageDossier', 'createdAt');
    this.outbox = outboxTable(stack, 'SurveyOutboxTable');

    this.callbacks = new ConsumerQueue(stack, 'SurveySmsCallbacks', { consumer: 'survey SMS callbacks', alarmTopic: props.alarmTopic });
    this.publisherFailures = new ConsumerQueue(stack, 'SurveyPublisherFailures', { consumer: 'survey event publisher', alarmTopic: props.alarmTopic, oldestMessageAge: false, alarmOnQueueDepth: true });

    this.secrets = new Secret(stack, 'SurveySecrets', {
      description: 'motcua survey: {"phoneHashKey": "…", "gateways": {"twilio": {"authTokens": ["…"]}, "vn-brandname": {"apiKey": "…", "callbackSecrets": ["…"]}}} (docs/operations.md)',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The local runtime serves this secret with the documented development value.
    Tags.of(this.secrets).add('motcua:local-default', 'survey');
    Validations.of(this.secrets).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "The gateways' credentials are issued by the gateways and rotated when they issue new ones (two Twilio auth tokens valid together); the phone-hash key must not rotate, or opt-outs kept as its hashes would no longer match (docs/operations.md).",
    });
  }
}

export interface SurveyServiceProps {
  readonly data: SurveyData;
  readonly bus: EventBus;
  readonly api: MotcuaApi;
  readonly alarmTopic: ITopic;
  readonly gateways: GatewaysConfig;
  readonly settings: SurveyServiceSettings;
  /** The intake function that answers the delivery facts (the number). */
  readonly bindDeliveryFacts: (fn: MotcuaFunction) => void;
}

/**
 * Survey's functions: planning surveys and messages from the bus, sending what is due, the
 * gateways' callbacks and the consumer that applies them, the sending timeout, the officers' view,
 * and the outbox publisher. Each is bound exactly the tables and actions its code uses.
 */
export class SurveyService extends Construct {
  constructor(scope: Construct, id: string, props: SurveyServiceProps) {
    super(scope, id);
    const { data, api } = props;
    const fn = (id: string, entry: string, description: string, extra: Partial<MotcuaFunctionProps> = {}) =>
      new MotcuaFunction(this, id, { entry: `services/survey/handlers/${entry}`, service: 'survey', description, alarmTopic: props.alarmTopic, ...extra });
    const surveys = (f: MotcuaFunction, actions: Parameters<typeof bindTable>[3], indexes?: string[]) => bindTable(f, SURVEY_ENV.surveysTable, data.surveys, actions, indexes);
    const outbox = (f: MotcuaFunction) => bindTable(f, SURVEY_ENV.outboxTable, data.outbox, ['PutItem']);
    const settings = (f: MotcuaFunction) => f.addEnvironment(SURVEY_ENV.settings, JSON.stringify(props.settings));
    const gateways = (f: MotcuaFunction) => {
      f.addEnvironment(SURVEY_ENV.gateways, JSON.stringify(props.gateways));
      bindSecret(f, SURVEY_ENV.secrets, data.secrets);
    };

    const plan = fn('PlanMessages', 'plan-messages.ts', 'Bus events → surveys and citizen messages to send', { timeout: Duration.seconds(30) });
    surveys(plan, ['PutItem']);
    settings(plan);
    bindSecret(plan, SURVEY_ENV.secrets, data.secrets);
    props.bindDeliveryFacts(plan);
    plan.addEventSource(new SqsEventSource(data.events.queue, { batchSize: 10, reportBatchItemFailures: true }));

    const send = fn('SendDueMessages', 'send-due-messages.ts', 'Scheduled: due messages → the SMS gateway', { timeout: Duration.seconds(60) });
    surveys(send, ['GetItem', 'PutItem', 'UpdateItem'], [DUE_INDEX]);
    outbox(send);
    settings(send);
    gateways(send);
    new Rule(this, 'SendDueMessagesSchedule', {
      description: 'Sends the survey and citizen SMS that are due',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(send, { retryAttempts: 2 })],
    });

    const receiveTwilio = fn('ReceiveTwilioCallback', 'receive-twilio-callback.ts', 'POST /surveys/sms/{gateway}/inbound|status (Twilio)');
    gateways(receiveTwilio);
    bindQueue(receiveTwilio, SURVEY_ENV.callbacksQueue, data.callbacks.queue);
    const twilioReason = "Twilio posts replies and delivery reports here; each request is authenticated by its X-Twilio-Signature (HMAC-SHA1 with our auth token over the configured public URL and every parameter) before anything reads it.";
    api.callbackRoute('/surveys/sms/{gateway}/inbound', receiveTwilio, twilioReason);
    api.callbackRoute('/surveys/sms/{gateway}/status', receiveTwilio, twilioReason);

    const receiveBrandname = fn('ReceiveBrandnameCallback', 'receive-brandname-callback.ts', 'GET /surveys/sms/{gateway}/status/{secret}, GET|POST …/inbound/{secret}');
    gateways(receiveBrandname);
    bindQueue(receiveBrandname, SURVEY_ENV.callbacksQueue, data.callbacks.queue);
    const brandnameReason =
      'The brandname SMS gateway reports deliveries and replies here without a signature; each request is authenticated by the secret in the URL we registered with it (32+ random characters, compared in constant time), and the access log records the route key only, never the path.';
    api.callbackRoute('/surveys/sms/{gateway}/status/{secret}', receiveBrandname, brandnameReason, { method: HttpMethod.GET });
    api.callbackRoute('/surveys/sms/{gateway}/inbound/{secret}', receiveBrandname, brandnameReason, { method: HttpMethod.GET });
    api.callbackRoute('/surveys/sms/{gateway}/inbound/{secret}', receiveBrandname, brandnameReason);

    const apply = fn('ApplySmsCallbacks', 'apply-sms-callbacks.ts', 'Gateway callbacks → delivery statuses, survey answers, opt-outs', { timeout: Duration.seconds(30) });
    surveys(apply, ['GetItem', 'PutItem', 'DeleteItem'], [PHONE_INDEX]);
    outbox(apply);
    settings(apply);
    bindSecret(apply, SURVEY_ENV.secrets, data.secrets);
    apply.addEventSource(new SqsEventSource(data.callbacks.queue, { batchSize: 10, reportBatchItemFailures: true }));

    const timeOut = fn('TimeOutMessages', 'time-out-messages.ts', 'Scheduled: messages never confirmed → failed', { timeout: Duration.minutes(5) });
    surveys(timeOut, ['GetItem', 'PutItem'], [PENDING_INDEX]);
    outbox(timeOut);
    settings(timeOut);
    new Rule(this, 'TimeOutMessagesSchedule', {
      description: 'Fails SMS the gateway never confirmed',
      schedule: Schedule.rate(Duration.hours(1)),
      targets: [new LambdaFunction(timeOut, { retryAttempts: 2 })],
    });

    // The web survey: its link's unguessable token (96 random bits, expiring) is the credential.
    const webReason = "Citizens open the web survey from the link in their SMS; the link's 96-bit random token names one survey and expires with it, and nothing personal is shown or asked.";
    const webPage = fn('WebSurveyPage', 'web-survey-page.ts', 'GET /s/{token}');
    surveys(webPage, ['GetItem']);
    api.publicRoute('/s/{token}', webPage, webReason);
    const webSubmit = fn('WebSurveySubmit', 'web-survey-submit.ts', 'POST /s/{token}');
    surveys(webSubmit, ['GetItem', 'PutItem']);
    outbox(webSubmit);
    api.publicFormRoute('/s/{token}', webSubmit, webReason);

    const list = fn('ListSurveys', 'list-surveys.ts', 'GET /surveys?dossierCode=');
    surveys(list, ['GetItem'], [DOSSIER_INDEX]);
    api.officerRoute(HttpMethod.GET, '/surveys', list);

    new OutboxPublisher(this, 'PublishEvents', {
      source: 'survey',
      outbox: data.outbox,
      bus: props.bus,
      failures: data.publisherFailures.queue,
      alarmTopic: props.alarmTopic,
    });
  }
}
