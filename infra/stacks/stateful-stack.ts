import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { EVENT_CONSUMERS, type EventConsumer } from '../../libs/events/consumers.ts';
import { EventQueue } from '../constructs/event-queue.ts';


/**
 * Everything that holds data: tables, queues, the officer user pool. Kept apart
 * from the functions so that a change to code can never replace a table, and every
 * store is retained, encrypted and recoverable to a point in time.
 */
export class StatefulStack extends Stack {
  readonly dossiersTable: Table;
  readonly historyTable: Table;
  readonly catalogTable: Table;
  readonly idempotencyTable: Table;
  readonly eventQueues: Record<EventConsumer, EventQueue>;
  readonly publisherFailures: EventQueue;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly alarmTopic: Topic;

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

    // A dossier, its agency's daily running-number counters, and a code's failed citizen lookups
    // of the day (which expire: `expiresAt`; dossiers themselves never carry it).
    this.dossiersTable = this.table('DossiersTable', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiresAt',
    });
    // Open dossiers by status and the instant that matters (appointment, or supplement closing):
    // sparse, so the deadline watch reads only what is due, never the whole table.
    this.dossiersTable.addGlobalSecondaryIndex({
      indexName: 'byWatch',
      partitionKey: { name: 'watchStatus', type: AttributeType.STRING },
      sortKey: { name: 'watchAt', type: AttributeType.STRING },
    });

    // Append-only history of every dossier; doubles as the outbox whose stream feeds the queues.
    this.historyTable = this.table('HistoryTable', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      stream: StreamViewType.NEW_IMAGE,
    });
    // Events by day, to replay or rebuild from the event log without a scan.
    this.historyTable.addGlobalSecondaryIndex({
      indexName: 'byDay',
      partitionKey: { name: 'day', type: AttributeType.STRING },
      sortKey: { name: 'recordedKey', type: AttributeType.STRING },
    });

    // Procedures and agencies (pk = "procedure" | "agency", sk = code).
    this.catalogTable = this.table('CatalogTable', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
    });

    // Idempotency-Key records of POST /dossiers, each written in its dossier's transaction.
    this.idempotencyTable = this.table('IdempotencyTable', {
      partitionKey: { name: 'id', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiration',
    });

    this.eventQueues = Object.fromEntries(
      EVENT_CONSUMERS.map((consumer) => [
        consumer,
        new EventQueue(this, `${capitalise(consumer)}Events`, { consumer, alarmTopic: this.alarmTopic }),
      ]),
    ) as Record<EventConsumer, EventQueue>;
    // Stream batches the publisher could not deliver after its retries.
    this.publisherFailures = new EventQueue(this, 'PublisherFailures', {
      consumer: 'event publisher',
      alarmTopic: this.alarmTopic,
      // Nothing consumes this queue: every message in it is a batch of undelivered events.
      alarmOnQueueDepth: true,
    });

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
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.userPoolClient = this.userPool.addClient('OfficerClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(8),
      accessTokenValidity: Duration.hours(8),
      // Officers may read their agency but never rewrite it; administrators assign it.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, fullname: true })
        .withCustomAttributes('agency'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    // Operators need these for `npm run catalog:load`, officers' accounts and redrives (docs/operations.md).
    const output = (name: string, value: string) => new CfnOutput(this, name, { value });
    output('CatalogTableName', this.catalogTable.tableName);
    output('HistoryTableName', this.historyTable.tableName);
    output('UserPoolId', this.userPool.userPoolId);
    output('UserPoolClientId', this.userPoolClient.userPoolClientId);
    output('AlarmTopicArn', this.alarmTopic.topicArn);
    for (const consumer of EVENT_CONSUMERS) {
      output(`${capitalise(consumer)}DeadLetterQueueUrl`, this.eventQueues[consumer].deadLetterQueue.queueUrl);
      output(`${capitalise(consumer)}DeadLetterQueueArn`, this.eventQueues[consumer].deadLetterQueue.queueArn);
    }
    output('PublisherFailuresQueueUrl', this.publisherFailures.queue.queueUrl);

    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG3',
      reason: 'Threat protection is enabled through the Plus feature plan (AdvancedSecurityMode is the deprecated setting this rule reads).',
    });
  }

  private table(id: string, props: ConstructorParameters<typeof Table>[2]): Table {
    return new Table(this, id, {
      ...props,
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
