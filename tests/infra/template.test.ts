import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { readAssembly } from '../../infra/local/assembly.ts';
import { bindFunction } from '../../infra/constructs/bind.ts';
import { ConsumerQueue } from '../../infra/constructs/consumer-queue.ts';
import { DELIVERY_FACTS_FUNCTION_VARIABLE } from '../../libs/contracts/intake-delivery.ts';
import { MotcuaFunction, WILDCARD_ONLY_ACTIONS } from '../../infra/constructs/motcua-function.ts';
import { CONSUMES } from '../../infra/services/consumers.ts';
import { buildApp } from '../../infra/build-app.ts';

/** Template checks need no bundles; the global setup already bundled once. */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

const dir = inject('assemblyDir');
const template = (stack: string) =>
  JSON.parse(readFileSync(path.join(dir, `${stack}.template.json`), 'utf8')) as { Resources: Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }> };
const resources = (stack: string, type: string) => Object.values(template(stack).Resources).filter((r) => r.Type === type);

/** The app's constructs of a kind: what the template must hold one of each for. */
const app = buildApp({ outdir: mkdtempSync(path.join(tmpdir(), 'motcua-constructs-')), context: NO_BUNDLING });
const constructsOf = <T>(kind: abstract new (...args: never[]) => T): T[] => app.node.findAll().filter((c): c is T & Construct => c instanceof kind);

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
/** Every policy statement of a function's role in the API stack. */
function statementsOf(functionLogicalId: string): Statement[] {
  const all = template('Motcua-Api').Resources;
  const role = all[functionLogicalId]!.Properties.Role['Fn::GetAtt'][0];
  return Object.values(all)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: { Ref: string }) => ref.Ref === role))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

describe('the synthesized app', () => {
  it('passes cdk-nag AwsSolutions with no unacknowledged finding', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'motcua-nag-'));
    try {
      expect(() => buildApp({ outdir, context: NO_BUNDLING }).synth()).not.toThrow();
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('would fail synthesis on an unacknowledged cdk-nag finding (the check is live)', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'motcua-nag-'));
    try {
      const app = buildApp({ outdir, context: NO_BUNDLING });
      new Queue(new Stack(app, 'Careless'), 'NoDlqNoTls');
      expect(() => app.synth()).toThrow();
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('gives every acknowledgement a reason that explains it', () => {
    const app = buildApp({ outdir: mkdtempSync(path.join(tmpdir(), 'motcua-ack-')), context: NO_BUNDLING });
    const reasons = app.node
      .findAll()
      .flatMap((construct) => construct.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>));
    expect(reasons.length).toBeGreaterThan(0);
    for (const [rule, reason] of reasons) {
      expect(reason.trim().split(/\s+/).length, `${rule}: "${reason}"`).toBeGreaterThanOrEqual(6); // a sentence, not a word
    }
  });

  it('keeps data safe: every table retained, protected, recoverable and encrypted', () => {
    const tables = resources('Motcua-Data', 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(constructsOf(Table).length);
    for (const table of tables) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties.DeletionProtectionEnabled).toBe(true);
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true });
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    }
    // Intake's tables keep the logical ids they were first deployed with (a new id would orphan them).
    const ids = Object.entries(template('Motcua-Data').Resources).filter(([, r]) => r.Type === 'AWS::DynamoDB::Table').map(([id]) => id.replace(/[0-9A-F]{8}$/, ''));
    expect(ids).toEqual(expect.arrayContaining(['DossiersTable', 'HistoryTable', 'CatalogTable', 'IdempotencyTable']));
  });

  it('upgrades a deployment of the previous release in place: every store keeps its logical id and type, every export stays', () => {
    const previous = JSON.parse(readFileSync(new URL('./previous-release.json', import.meta.url), 'utf8')) as { resources: Record<string, string>; exports: string[] };
    const data = template('Motcua-Data') as unknown as { Resources: Record<string, { Type: string }>; Outputs: Record<string, { Export?: { Name: string } }> };
    for (const [id, type] of Object.entries(previous.resources)) expect({ id, type: data.Resources[id]?.Type }).toEqual({ id, type });
    const exported = Object.values(data.Outputs).flatMap((output) => (output.Export ? [output.Export.Name] : []));
    expect(exported).toEqual(expect.arrayContaining(previous.exports));
  });

  it("gives every queue a DLQ with an alarm and encryption, and every consumer's queue an alarm on its oldest message", () => {
    const all = template('Motcua-Data').Resources;
    const alarms = Object.values(all).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    const alarmedOn = (metric: string) =>
      new Set(alarms.filter((alarm) => alarm.Properties.MetricName === metric).map((alarm) => alarm.Properties.Dimensions[0].Value['Fn::GetAtt'][0] as string));
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
    const queues = constructsOf(ConsumerQueue);
    expect(queues.length).toBe(Object.keys(CONSUMES).length + 5); // every consumer, each publisher's failures (3), postal's partner updates, survey's callbacks
    const logicalId = (construct: Construct) => Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
    const consumed = new Set(
      resources('Motcua-Api', 'AWS::Lambda::EventSourceMapping').map((mapping) => JSON.stringify(mapping.Properties.EventSourceArn)),
    );
    for (const queue of queues) {
      const [main, dlq] = [logicalId(queue.queue), logicalId(queue.deadLetterQueue)];
      expect(all[main]!.Properties.SqsManagedSseEnabled).toBe(true);
      expect(all[main]!.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]).toBe(dlq);
      expect(alarmedOn('ApproximateNumberOfMessagesVisible')).toContain(dlq);
      const hasConsumer = [...consumed].some((arn) => arn.includes(main));
      // Every consumer's queue: a function stuck, or (no function yet) messages about to expire.
      if (hasConsumer || main.includes('Events')) expect(alarmedOn('ApproximateAgeOfOldestMessage'), queue.node.path).toContain(main);
    }
  });

  it('is one bus: an encrypted topic, each consumer subscribed with raw delivery to exactly the types it declared', () => {
    const [topic] = resources('Motcua-Data', 'AWS::SNS::Topic').filter((t) => t.Properties.DisplayName === 'motcua domain events');
    expect(topic!.Properties.KmsMasterKeyId['Fn::GetAtt'][1]).toBe('Arn');
    const all = template('Motcua-Data').Resources;
    const subscriptions = resources('Motcua-Data', 'AWS::SNS::Subscription');
    expect(subscriptions).toHaveLength(Object.keys(CONSUMES).length);
    const byQueue = Object.fromEntries(
      subscriptions.map((subscription) => {
        expect(subscription.Properties).toMatchObject({ Protocol: 'sqs', RawMessageDelivery: true });
        const queueId = subscription.Properties.Endpoint['Fn::GetAtt'][0] as string;
        return [queueId, subscription.Properties.FilterPolicy.type as string[]];
      }),
    );
    for (const [consumer, types] of Object.entries(CONSUMES)) {
      const queueId = Object.keys(all).find((id) => id.toLowerCase().startsWith(`${consumer}eventsqueue`))!;
      expect({ consumer, types: byQueue[queueId] }).toEqual({ consumer, types: [...types] });
    }
    // The publisher knows no consumer: it publishes to the topic, and sends to no queue but its own failures'.
    const publisher = Object.entries(template('Motcua-Api').Resources).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.includes('PublishEvents'))!;
    const statements = statementsOf(publisher[0]);
    expect(statements.find((statement) => statement.Action === 'sns:Publish')?.Resource).toMatchObject({ 'Fn::ImportValue': expect.stringContaining('EventBusTopic') });
    const queuesSentTo = statements.filter((statement) => [statement.Action].flat().includes('sqs:SendMessage')).map((statement) => JSON.stringify(statement.Resource));
    expect(queuesSentTo).toHaveLength(1);
    expect(queuesSentTo[0]).toContain('PublisherFailures');
  });

  it('alarms on every function\'s errors and throttles, on API server errors, and when events stop reaching the bus', () => {
    const alarms = Object.entries(template('Motcua-Api').Resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
    for (const [, alarm] of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
    const functions = Object.entries(template('Motcua-Api').Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function').map(([id]) => id);
    for (const metric of ['Errors', 'Throttles']) {
      const watched = alarms.filter(([, alarm]) => alarm.Properties.MetricName === metric).map(([, alarm]) => alarm.Properties.Dimensions[0].Value.Ref);
      expect(watched.sort(), metric).toEqual([...functions].sort());
    }
    expect(alarms.find(([id]) => id.includes('PublishEventsIteratorAge'))?.[1].Properties).toMatchObject({ MetricName: 'IteratorAge', Statistic: 'Maximum' });
    expect(alarms.find(([id]) => id.startsWith('ApiServerErrors'))?.[1].Properties).toMatchObject({ MetricName: '5xx', Namespace: 'AWS/ApiGateway' });
  });

  it('refuses deadline-watch settings that are not whole numbers in range, and a lookup URL the receipt could not use, at synth', () => {
    const synth = (context: Record<string, unknown>) => () => buildApp({ outdir: mkdtempSync(path.join(tmpdir(), 'motcua-ctx-')), context: { ...NO_BUNDLING, ...context } });
    expect(synth({ 'motcua:dueSoonWorkingDays': 'two' })).toThrow(/motcua:dueSoonWorkingDays=two: must be a whole number from 0 to 10/);
    expect(synth({ 'motcua:watchEveryMinutes': '0' })).toThrow(/watchEveryMinutes/);
    expect(synth({ 'motcua:dueSoonOfficeHours': '4' })).not.toThrow();
    expect(synth({ 'motcua:publicLookupUrl': 'dichvucong.example.gov.vn/tra-cuu' })).toThrow(/motcua:publicLookupUrl=.*must be an absolute http\(s\) URL/);
    expect(synth({ 'motcua:publicLookupUrl': 'https://dichvucong.example.gov.vn/tra-cuu?ma=' })).toThrow(/query or fragment/);
    expect(synth({ 'motcua:publicLookupUrl': 'https://dichvucong.example.gov.vn/tra-cuu/' })).not.toThrow();
  });

  it('encrypts the alarm topic with a key CloudWatch may use, so alarms reach it', () => {
    const all = template('Motcua-Data').Resources;
    const [topic] = resources('Motcua-Data', 'AWS::SNS::Topic').filter((t) => t.Properties.DisplayName === 'motcua alarms');
    const keyId = topic!.Properties.KmsMasterKeyId['Fn::GetAtt'][0] as string;
    const key = all[keyId]!;
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const forCloudWatch = key.Properties.KeyPolicy.Statement.find((s: { Principal?: { Service?: string } }) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(forCloudWatch.Action).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']));
  });

  it('runs every function on Node.js 24, arm64, with a log group that has a retention', () => {
    const all = template('Motcua-Api').Resources;
    const functions = resources('Motcua-Api', 'AWS::Lambda::Function');
    expect(functions).toHaveLength(constructsOf(MotcuaFunction).length);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      const logGroup = all[fn.Properties.LoggingConfig.LogGroup.Ref]!;
      expect(logGroup.Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });

  it('grants each function exactly the table actions its code uses, and no more', () => {
    const expected: Record<string, string[]> = {
      IntakeListProcedures: ['Catalog:GetItem', 'Catalog:Query'],
      IntakeGetProcedure: ['Catalog:GetItem', 'Catalog:Query'],
      IntakeListAgencies: ['Catalog:GetItem', 'Catalog:Query'],
      // Its UpdateItem: taking the day's running number, on counter items alone.
      IntakeSubmitDossier: ['Catalog:GetItem', 'Dossiers(counter#*):UpdateItem', 'Dossiers:PutItem', 'History:PutItem', 'Idempotency:GetItem', 'Idempotency:PutItem'],
      IntakeDossierAction: ['Catalog:GetItem', 'Dossiers:GetItem', 'Dossiers:PutItem', 'History:PutItem', 'History:Query'],
      // Its only write: counting failed citizen lookups, on lookup items alone.
      IntakeGetReceipt: ['Catalog:GetItem', 'Dossiers:GetItem'],
      IntakeGetDossier: ['Dossiers(lookup#*):UpdateItem', 'Dossiers:GetItem', 'History:Query'],
      IntakeCalendarDeadline: ['Catalog:GetItem'],
      IntakeCalendarYear: [],
      IntakeWatchDeadlines: ['Catalog:GetItem', 'Dossiers/index/byWatch:Query', 'Dossiers:PutItem', 'History:PutItem'],
      IntakeApplyBusEvents: ['Dossiers:GetItem', 'Dossiers:PutItem', 'History:PutItem'],
      // Invoked by the services that must reach the citizen; it reads, and writes nothing.
      IntakeReadDeliveryFacts: ['Catalog:GetItem', 'Dossiers:GetItem'],
      IntakePublishEvents: [],
      // Verifies, queues and answers: no table at all.
      PostalReceivePartnerWebhook: [],
      PostalApplyPartnerUpdates: ['PostalOutbox:PutItem', 'PostalShipments:GetItem', 'PostalShipments:PutItem'],
      PostalCreateShipments: ['PostalOutbox:PutItem', 'PostalShipments:GetItem', 'PostalShipments:PutItem'],
      // Its cursor: read and moved.
      PostalPollPartnerTracking: ['PostalShipments:GetItem', 'PostalShipments:UpdateItem'],
      PostalSweepStuckShipments: ['PostalOutbox:PutItem', 'PostalShipments/index/byQuiet:Query', 'PostalShipments:GetItem', 'PostalShipments:PutItem'],
      PostalListShipments: ['PostalShipments/index/byDossier:Query', 'PostalShipments:GetItem'],
      PostalGetShipment: ['PostalShipments:GetItem'],
      PostalConfirmReceived: ['PostalShipments:GetItem', 'PostalShipments:PutItem'],
      // The minutes (Put) and the mark on each shipment (Update), in one transaction.
      PostalCreateHandover: ['PostalShipments:GetItem', 'PostalShipments:PutItem', 'PostalShipments:UpdateItem'],
      PostalGetHandover: ['PostalShipments:GetItem'],
      PostalPublishEvents: [],
      // Plans in one transaction (contact, survey, messages): puts only.
      SurveyPlanMessages: ['Surveys:PutItem'],
      // Its UpdateItem: the number's daily count.
      SurveySendDueMessages: ['SurveyOutbox:PutItem', 'Surveys/index/byDue:Query', 'Surveys:GetItem', 'Surveys:PutItem', 'Surveys:UpdateItem'],
      SurveyReceiveTwilioCallback: [],
      SurveyReceiveBrandnameCallback: [],
      // Its DeleteItem: an opt-in removes the opt-out.
      SurveyApplySmsCallbacks: ['SurveyOutbox:PutItem', 'Surveys/index/byPhone:Query', 'Surveys:DeleteItem', 'Surveys:GetItem', 'Surveys:PutItem'],
      SurveyTimeOutMessages: ['SurveyOutbox:PutItem', 'Surveys/index/byPending:Query', 'Surveys:GetItem', 'Surveys:PutItem'],
      SurveyListSurveys: ['Surveys/index/byDossier:Query', 'Surveys:GetItem'],
      SurveyWebSurveyPage: ['Surveys:GetItem'],
      SurveyWebSurveySubmit: ['SurveyOutbox:PutItem', 'Surveys:GetItem', 'Surveys:PutItem'],
      SurveyPublishEvents: [],
      // Each event: its tally and counters in one transaction (the overdue lists' entries deleted as they leave).
      ReportingApplyReportingEvents: ['Reporting:DeleteItem', 'Reporting:GetItem', 'Reporting:PutItem', 'Reporting:UpdateItem'],
      ReportingGetReportSummary: ['Reporting:BatchGetItem', 'Reporting:GetItem'],
      ReportingListOverdueDossiers: ['Reporting:GetItem', 'Reporting:Query'],
      ReportingGetIndex766: ['Reporting:BatchGetItem', 'Reporting:GetItem'],
      ReportingGetCircular01: ['Reporting:BatchGetItem', 'Reporting:GetItem'],
      // The dashboard's page and script: no data, so no table.
      ReportingReportingDashboard: [],
    };
    const all = template('Motcua-Api').Resources;
    const tableOf = (statement: Statement): string => {
      const text = JSON.stringify(statement.Resource);
      const table = /GetAtt(Dossiers|History|Catalog|Idempotency|PostalShipments|PostalOutbox|Surveys|SurveyOutbox|Reporting)Table/.exec(text)?.[1] ?? '?';
      const keys = (statement.Condition as { 'ForAllValues:StringLike'?: { 'dynamodb:LeadingKeys'?: string[] } } | undefined)?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
      if (keys) return `${table}(${keys.join(',')})`;
      return text.includes('/index/') ? `${table}/index/${/\/index\/(\w+)/.exec(text)![1]}` : table;
    };
    const granted: Record<string, string[]> = {};
    for (const [id] of Object.entries(all).filter(([, r]) => r.Type === 'AWS::Lambda::Function')) {
      const name = Object.keys(expected).find((key) => id.startsWith(key));
      if (!name) throw new Error(`${id}: add this function to the expected grants`);
      granted[name] = statementsOf(id)
        .flatMap((statement) => [statement.Action].flat().map((action) => ({ action, statement })))
        .filter(({ action }) => /^dynamodb:(\*|(Get|Put|Update|Delete|ConditionCheck)Item|Query|Scan|Batch\w+|Transact\w+|PartiQL\w+)$/.test(action))
        .map(({ action, statement }) => `${tableOf(statement)}:${action.slice('dynamodb:'.length)}`)
        .sort();
    }
    expect(granted).toEqual(expected);
  });

  it("gives the secrets, the callback queues and intake's delivery facts to exactly the functions that use them", () => {
    const all = template('Motcua-Api').Resources;
    const holders = (action: string, resource = '') =>
      Object.keys(all)
        .filter(
          (id) =>
            all[id]!.Type === 'AWS::Lambda::Function' &&
            statementsOf(id).some((statement) => [statement.Action].flat().includes(action) && JSON.stringify(statement.Resource).includes(resource)),
        )
        .map((id) => /^(\w+?)[0-9A-F]{8}$/.exec(id)?.[1] ?? id)
        .sort();
    expect(holders('secretsmanager:GetSecretValue', 'PostalPartnerSecrets')).toEqual(['PostalCreateShipments', 'PostalPollPartnerTracking', 'PostalReceivePartnerWebhook']);
    expect(holders('sqs:SendMessage', 'PostalPartnerUpdates')).toEqual(['PostalPollPartnerTracking', 'PostalReceivePartnerWebhook']);
    expect(holders('secretsmanager:GetSecretValue', 'SurveySecrets')).toEqual([
      'SurveyApplySmsCallbacks',
      'SurveyPlanMessages',
      'SurveyReceiveBrandnameCallback',
      'SurveyReceiveTwilioCallback',
      'SurveySendDueMessages',
    ]);
    expect(holders('sqs:SendMessage', 'SurveySmsCallbacks')).toEqual(['SurveyReceiveBrandnameCallback', 'SurveyReceiveTwilioCallback']);
    // Personal data leaves intake only through this function: to the postal function that ships, and the survey function that plans texts.
    expect(holders('lambda:InvokeFunction')).toEqual(['PostalCreateShipments', 'SurveyPlanMessages']);
  });

  it('lets a function invoke only the functions it was bound, each by its own ARN (no versions, aliases or wildcards)', () => {
    const all = template('Motcua-Api').Resources;
    for (const policy of resources('Motcua-Api', 'AWS::IAM::Policy')) {
      for (const statement of policy.Properties.PolicyDocument.Statement as Statement[]) {
        if (![statement.Action].flat().some((action) => action.startsWith('lambda:'))) continue;
        expect(statement.Action).toBe('lambda:InvokeFunction');
        const target = (statement.Resource as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
        expect(target?.[1]).toBe('Arn');
        expect(all[target![0]]?.Type).toBe('AWS::Lambda::Function');
      }
    }
  });

  it('bindFunction gives the caller the target\'s name and lambda:InvokeFunction on exactly that function', () => {
    const stack = new Stack();
    const code = Code.fromInline('export const handler = async () => null;');
    const caller = new LambdaFunction(stack, 'Caller', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code });
    const target = new LambdaFunction(stack, 'Target', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code });
    bindFunction(caller, DELIVERY_FACTS_FUNCTION_VARIABLE, target);
    const synthesized = Template.fromStack(stack);
    const targetId = stack.getLogicalId(target.node.defaultChild as CfnElement);
    const callerId = stack.getLogicalId(caller.node.defaultChild as CfnElement);
    expect(synthesized.toJSON().Resources[callerId].Properties.Environment.Variables).toEqual({ [DELIVERY_FACTS_FUNCTION_VARIABLE]: { Ref: targetId } });
    const statements = Object.values(synthesized.findResources('AWS::IAM::Policy')).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [targetId, 'Arn'] } }]);
  });

  it('uses Resource "*" only for actions that support nothing narrower', () => {
    for (const policy of resources('Motcua-Api', 'AWS::IAM::Policy')) {
      for (const statement of policy.Properties.PolicyDocument.Statement as Statement[]) {
        if (statement.Resource !== '*') continue;
        for (const action of [statement.Action].flat()) expect(WILDCARD_ONLY_ACTIONS).toContain(action);
      }
    }
  });

  it('reports batch item failures on every event source and protects officer routes with the JWT authorizer', () => {
    for (const mapping of resources('Motcua-Api', 'AWS::Lambda::EventSourceMapping')) {
      expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    }
    const routes = Object.fromEntries(resources('Motcua-Api', 'AWS::ApiGatewayV2::Route').map((r) => [r.Properties.RouteKey, r.Properties.AuthorizationType]));
    expect(routes).toEqual({
      'GET /procedures': 'NONE',
      'GET /procedures/{code}': 'NONE',
      'GET /agencies': 'NONE',
      'GET /calendar/deadline': 'NONE',
      'GET /calendar/{year}': 'NONE',
      'GET /dossiers/{code}': 'NONE',
      'GET /dossiers/{code}/receipt': 'JWT',
      'POST /dossiers': 'JWT',
      'POST /dossiers/{code}/actions': 'JWT',
      // Authenticated by the partner's signature on the raw body, in the handler.
      'POST /postal/webhooks/{partner}': 'NONE',
      'GET /postal/shipments': 'JWT',
      'GET /postal/shipments/{id}': 'JWT',
      'POST /postal/shipments/{id}/received': 'JWT',
      'POST /postal/handovers': 'JWT',
      'GET /postal/handovers/{id}': 'JWT',
      // Authenticated in the handler: Twilio's signature, or the brandname gateway's URL secret.
      'POST /surveys/sms/{gateway}/inbound': 'NONE',
      'POST /surveys/sms/{gateway}/status': 'NONE',
      'GET /surveys/sms/{gateway}/status/{secret}': 'NONE',
      'GET /surveys/sms/{gateway}/inbound/{secret}': 'NONE',
      'POST /surveys/sms/{gateway}/inbound/{secret}': 'NONE',
      'GET /surveys': 'JWT',
      // The link's random token is the credential.
      'GET /s/{token}': 'NONE',
      'POST /s/{token}': 'NONE',
      'GET /reports/summary': 'JWT',
      'GET /reports/overdue': 'JWT',
      'GET /reports/index-766': 'JWT',
      'GET /reports/circular-01': 'JWT',
      // A page and its script with no data in them: the script calls the routes above with the officer's token.
      'GET /reports/dashboard': 'NONE',
      'GET /reports/dashboard/app.js': 'NONE',
    });
  });

  it("gives every public route a throttle of its own, below the per-route default of the officers' routes", () => {
    const [stage] = resources('Motcua-Api', 'AWS::ApiGatewayV2::Stage') as { Properties: Record<string, any>; DependsOn?: string[] }[];
    // API Gateway refuses settings for a route it has not created yet: the stage waits for them.
    const publicRouteIds = Object.entries(template('Motcua-Api').Resources).filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.AuthorizationType === 'NONE').map(([id]) => id);
    expect(stage!.DependsOn).toEqual(expect.arrayContaining(publicRouteIds));
    const publicRoutes = resources('Motcua-Api', 'AWS::ApiGatewayV2::Route').filter((r) => r.Properties.AuthorizationType === 'NONE').map((r) => r.Properties.RouteKey as string);
    const settings = stage!.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
    expect(Object.keys(settings).sort()).toEqual(publicRoutes.sort());
    for (const route of publicRoutes) {
      expect(settings[route]!.ThrottlingRateLimit).toBeLessThan(stage!.Properties.DefaultRouteSettings.ThrottlingRateLimit);
      expect(settings[route]!.ThrottlingBurstLimit).toBeLessThan(stage!.Properties.DefaultRouteSettings.ThrottlingBurstLimit);
    }
  });

  it("protects officers' accounts: threat protection enforced, MFA on, no OAuth flow and no callback URL", () => {
    const [pool] = resources('Motcua-Data', 'AWS::Cognito::UserPool');
    expect(pool!.Properties).toMatchObject({ UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' }, MfaConfiguration: 'ON', AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } });
    const [client] = resources('Motcua-Data', 'AWS::Cognito::UserPoolClient');
    expect(client!.Properties.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(client!.Properties.AllowedOAuthFlows).toBeUndefined();
    expect(client!.Properties.CallbackURLs).toBeUndefined();
  });

  it('is readable by the local runtime: every resource type is either served or known to be AWS-only', () => {
    const assembly = readAssembly(dir);
    expect(assembly.functions.length).toBe(resources('Motcua-Api', 'AWS::Lambda::Function').length);
    expect(assembly.routes.length).toBe(resources('Motcua-Api', 'AWS::ApiGatewayV2::Route').length);
  });
});
