import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EVENT_CONSUMERS, queueUrlVariable } from '../../libs/events/consumers.ts';
import { alarmOn } from '../constructs/alarm.ts';
import { grantIndexQuery, grantItemActions } from '../constructs/grants.ts';
import { MotcuaFunction } from '../constructs/motcua-function.ts';
import type { StatefulStack } from './stateful-stack.ts';

export interface StatelessStackProps extends StackProps {
  readonly data: StatefulStack;
  /** Origins allowed to call the API from a browser (the provincial portal, the dashboard). */
  readonly allowedOrigins?: string[];
  /** Deadline warnings: how far ahead, and how often the watch runs. */
  readonly deadlineWatch?: { readonly dueSoonWorkingDays?: number; readonly dueSoonOfficeHours?: number; readonly everyMinutes?: number };
}

/**
 * The functions and the HTTP API. Everything here can be replaced without touching data.
 */
export class StatelessStack extends Stack {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { data } = props;

    const officerIssuer = `https://cognito-idp.${this.region}.amazonaws.com/${data.userPool.userPoolId}`;
    const intakeEnv = {
      DOSSIERS_TABLE: data.dossiersTable.tableName,
      HISTORY_TABLE: data.historyTable.tableName,
      CATALOG_TABLE: data.catalogTable.tableName,
      IDEMPOTENCY_TABLE: data.idempotencyTable.tableName,
      OFFICER_ISSUER: officerIssuer,
      OFFICER_AUDIENCE: data.userPoolClient.userPoolClientId,
    };
    const intake = (id: string, entry: string, description: string) =>
      new MotcuaFunction(this, id, {
        entry: `services/intake/handlers/${entry}`,
        service: 'intake',
        description,
        environment: intakeEnv,
      });

    const listProcedures = intake('ListProcedures', 'list-procedures.ts', 'GET /procedures');
    const getProcedure = intake('GetProcedure', 'get-procedure.ts', 'GET /procedures/{code}');
    const listAgencies = intake('ListAgencies', 'list-agencies.ts', 'GET /agencies');
    const submitDossier = intake('SubmitDossier', 'submit-dossier.ts', 'POST /dossiers');
    const getDossier = intake('GetDossier', 'get-dossier.ts', 'GET /dossiers/{code}');
    const dossierAction = intake('DossierAction', 'dossier-action.ts', 'POST /dossiers/{code}/actions');
    const calendarDeadline = intake('CalendarDeadline', 'calendar-deadline.ts', 'GET /calendar/deadline');
    const calendarYear = intake('CalendarYear', 'calendar-year.ts', 'GET /calendar/{year}');

    for (const fn of [listProcedures, getProcedure, listAgencies]) {
      grantItemActions(data.catalogTable, fn, ['GetItem', 'Query']);
    }
    // A change is one transaction (conditional Puts): the dossier plus its history entry.
    // Submitting first takes the day's running number (UpdateItem on the counter item).
    for (const fn of [submitDossier, dossierAction]) {
      grantItemActions(data.catalogTable, fn, ['GetItem']);
      grantItemActions(data.historyTable, fn, ['PutItem']);
    }
    grantItemActions(data.dossiersTable, submitDossier, ['PutItem', 'UpdateItem']);
    grantItemActions(data.dossiersTable, dossierAction, ['GetItem', 'PutItem']);
    grantItemActions(data.historyTable, dossierAction, ['Query']);
    grantItemActions(data.idempotencyTable, submitDossier, ['GetItem', 'PutItem']); // PutItem: the key's record, in the dossier's transaction
    grantItemActions(data.catalogTable, calendarDeadline, ['GetItem']);
    grantItemActions(data.dossiersTable, getDossier, ['GetItem', 'UpdateItem']); // UpdateItem: counting failed lookups
    grantItemActions(data.historyTable, getDossier, ['Query']);

    // Due-soon and overdue warnings, and supplements never brought, from the sparse watch index.
    const watch = props.deadlineWatch ?? {};
    const watchDeadlines = new MotcuaFunction(this, 'WatchDeadlines', {
      entry: 'services/intake/handlers/watch-deadlines.ts',
      service: 'intake',
      description: 'Scheduled: due-soon and overdue warnings, expired supplements',
      timeout: Duration.minutes(5),
      environment: {
        ...intakeEnv,
        DUE_SOON_WORKING_DAYS: String(watch.dueSoonWorkingDays ?? 1),
        DUE_SOON_OFFICE_HOURS: String(watch.dueSoonOfficeHours ?? 3),
      },
    });
    grantIndexQuery(data.dossiersTable, 'byWatch', watchDeadlines);
    grantItemActions(data.dossiersTable, watchDeadlines, ['PutItem']);
    grantItemActions(data.historyTable, watchDeadlines, ['PutItem']);
    grantItemActions(data.catalogTable, watchDeadlines, ['GetItem']);
    new Rule(this, 'WatchDeadlinesSchedule', {
      description: 'Runs the deadline watch',
      schedule: Schedule.rate(Duration.minutes(watch.everyMinutes ?? 15)),
      targets: [new LambdaFunction(watchDeadlines, { retryAttempts: 2 })],
    });
    // If the watch fails, warnings and supplement closings stop silently: say so.
    alarmOn(this, 'WatchDeadlinesErrors', {
      metric: watchDeadlines.metricErrors({ period: Duration.minutes(15) }),
      threshold: 0,
      topic: data.alarmTopic,
      description: 'The deadline watch failed: due-soon/overdue warnings and supplement closings are not being produced.',
    });

    // The history table's stream is the outbox: every change reaches every consumer's queue from here.
    const publishEvents = new MotcuaFunction(this, 'PublishEvents', {
      entry: 'services/intake/handlers/publish-events.ts',
      service: 'intake',
      description: 'History stream → consumer queues',
      timeout: Duration.seconds(30),
      environment: Object.fromEntries(
        EVENT_CONSUMERS.map((consumer) => [queueUrlVariable(consumer), data.eventQueues[consumer].queue.queueUrl]),
      ),
    });
    for (const consumer of EVENT_CONSUMERS) data.eventQueues[consumer].queue.grantSendMessages(publishEvents);
    publishEvents.addEventSource(
      new DynamoEventSource(data.historyTable, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 10,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(data.publisherFailures.queue),
      }),
    );
    // Events older than five minutes in the stream mean the publisher is falling behind or stuck.
    alarmOn(this, 'PublishEventsIteratorAge', {
      metric: publishEvents.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(5) }),
      threshold: 300_000,
      topic: data.alarmTopic,
      description: 'Intake events are waiting more than five minutes to reach the consumer queues.',
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_YEAR });
    this.api = new HttpApi(this, 'Api', {
      description: 'motcua public and officer API',
      createDefaultStage: false,
      corsPreflight: props.allowedOrigins?.length
        ? {
            allowOrigins: props.allowedOrigins,
            allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
            allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
            maxAge: Duration.hours(1),
          }
        : undefined,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // HTTP API variables only, and no source IP: the log outlives the request by a year.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTimeEpoch',
            route: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });
    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });

    const officers = new HttpUserPoolAuthorizer('OfficerAuthorizer', data.userPool, {
      userPoolClients: [data.userPoolClient],
      identitySource: ['$request.header.Authorization'],
    });
    const route = (path: string, method: HttpMethod, fn: MotcuaFunction, authorizer?: IHttpRouteAuthorizer) =>
      this.api.addRoutes({
        path,
        methods: [method],
        integration: new HttpLambdaIntegration(`${fn.node.id}Integration`, fn),
        ...(authorizer ? { authorizer } : {}),
      });
    const publicRoute = (path: string, fn: MotcuaFunction, reason: string) => {
      for (const r of route(path, HttpMethod.GET, fn)) {
        Validations.of(r).acknowledge({ id: 'AwsSolutions-APIG4', reason });
      }
    };

    const catalogIsPublic = 'The procedure catalog and agency list are public information (Decree 118/2025 requires publishing them).';
    publicRoute('/procedures', listProcedures, catalogIsPublic);
    publicRoute('/procedures/{code}', getProcedure, catalogIsPublic);
    publicRoute('/agencies', listAgencies, catalogIsPublic);
    publicRoute(
      '/dossiers/{code}',
      getDossier,
      'Citizens look up a dossier with its code and the last 4 phone digits; an officer sends a bearer token that the handler verifies against the same issuer.',
    );
    const calendarIsPublic =
      'Working days, holidays and the appointment a procedure gives are public information: the published time limits (Decree 118/2025) counted on the government\'s announced calendar; nothing personal is read or returned.';
    publicRoute('/calendar/deadline', calendarDeadline, calendarIsPublic);
    publicRoute('/calendar/{year}', calendarYear, calendarIsPublic);
    route('/dossiers', HttpMethod.POST, submitDossier, officers);
    route('/dossiers/{code}/actions', HttpMethod.POST, dossierAction, officers);
  }
}
