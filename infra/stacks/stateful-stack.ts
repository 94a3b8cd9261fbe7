import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ConsumerQueue } from '../constructs/consumer-queue.ts';
import { CONSUMES, type Consumer } from '../services/consumers.ts';
import { EventBus } from '../constructs/event-bus.ts';
import { IntakeData } from '../services/intake.ts';
import { PostalData } from '../services/postal.ts';
import { ReportingData } from '../services/reporting.ts';
import { SurveyData } from '../services/survey.ts';

/**
 * Everything that holds data: every service's tables and queues, the event bus, the officer
 * user pool. Kept apart from the functions so that a change to code can never replace a
 * table, and every store is retained, encrypted and recoverable to a point in time.
 */
export class StatefulStack extends Stack {
  readonly intake: IntakeData;
  readonly postal: PostalData;
  readonly survey: SurveyData;
  readonly reporting: ReportingData;
  readonly bus: EventBus;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly alarmTopic: Topic;

  /** Every consumer's queue of bus events, by consumer. */
  get consumerQueues(): Record<Consumer, ConsumerQueue> {
    return { intake: this.intake.events, postal: this.postal.events, survey: this.survey.events, reporting: this.reporting.events };
  }

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    // A key of our own: CloudWatch cannot publish to a topic under the AWS-managed SNS
    // key, whose policy cannot be changed to let it in, so alarms would never arrive.
    const alarmKey = new Key(this, 'AlarmTopicKey', {
      description: 'motcua alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    alarmKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'motcua alarms',
      enforceSSL: true,
      masterKey: alarmKey,
    });

    this.bus = new EventBus(this, 'EventBus');
    const shared = { bus: this.bus, alarmTopic: this.alarmTopic };
    this.intake = new IntakeData(this, 'Intake', shared);
    this.postal = new PostalData(this, 'Postal', shared);
    this.survey = new SurveyData(this, 'Survey', shared);
    this.reporting = new ReportingData(this, 'Reporting', shared);

    this.userPool = new UserPool(this, 'OfficerPool', {
      userPoolName: 'motcua-officers',
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      customAttributes: { agency: new StringAttribute({ minLen: 3, maxLen: 32, mutable: true }) },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      // Plus alone only makes threat protection available; this turns it on, blocking risky sign-ins.
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.userPoolClient = this.userPool.addClient('OfficerClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
      // Officers sign in with SRP from the app; no hosted UI, so no OAuth flows and no callback URLs.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(8),
      accessTokenValidity: Duration.hours(8),
      // Officers may read their agency but never rewrite it; administrators assign it.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, fullname: true })
        .withCustomAttributes('agency'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    // Operators need these for `npm run catalog:load`, officers' accounts, redrives and replays (docs/operations.md).
    const output = (name: string, value: string) => new CfnOutput(this, name, { value });
    output('CatalogTableName', this.intake.catalog.tableName);
    output('HistoryTableName', this.intake.history.tableName);
    output('UserPoolId', this.userPool.userPoolId);
    output('UserPoolClientId', this.userPoolClient.userPoolClientId);
    output('AlarmTopicArn', this.alarmTopic.topicArn);
    output('EventBusTopicArn', this.bus.topic.topicArn);
    for (const [consumer, queue] of Object.entries(this.consumerQueues)) {
      output(`${capitalise(consumer)}EventsQueueUrl`, queue.queue.queueUrl);
      output(`${capitalise(consumer)}DeadLetterQueueUrl`, queue.deadLetterQueue.queueUrl);
      output(`${capitalise(consumer)}DeadLetterQueueArn`, queue.deadLetterQueue.queueArn);
    }
    output('PublisherFailuresQueueUrl', this.intake.publisherFailures.queue.queueUrl);
    output('PostalShipmentsTableName', this.postal.shipments.tableName);
    output('PostalOutboxTableName', this.postal.outbox.tableName);
    output('PostalPartnerUpdatesQueueUrl', this.postal.updates.queue.queueUrl);
    output('PostalPartnerUpdatesDeadLetterQueueUrl', this.postal.updates.deadLetterQueue.queueUrl);
    output('PostalPublisherFailuresQueueUrl', this.postal.publisherFailures.queue.queueUrl);
    output('PostalPartnerSecretsArn', this.postal.partnerSecrets.secretArn);
    output('SurveysTableName', this.survey.surveys.tableName);
    output('SurveyOutboxTableName', this.survey.outbox.tableName);
    output('SurveySmsCallbacksQueueUrl', this.survey.callbacks.queue.queueUrl);
    output('SurveySmsCallbacksDeadLetterQueueUrl', this.survey.callbacks.deadLetterQueue.queueUrl);
    output('SurveyPublisherFailuresQueueUrl', this.survey.publisherFailures.queue.queueUrl);
    output('SurveySecretsArn', this.survey.secrets.secretArn);
    output('ReportingTableName', this.reporting.table.tableName);
    // Before the bus, Motcua-Api's publisher imported these queues' URL and ARN. CloudFormation
    // refuses to drop an export another stack still imports, and `deploy --all` updates this
    // stack first: keeping them lets a deployment of that release upgrade in one go.
    for (const consumer of [this.postal, this.survey, this.reporting]) {
      this.exportValue(consumer.events.queue.queueUrl);
      this.exportValue(consumer.events.queue.queueArn);
    }
  }
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
