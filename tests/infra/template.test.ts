import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Stack, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { readAssembly } from '../../infra/local/assembly.ts';
import { WILDCARD_ONLY_ACTIONS } from '../../infra/constructs/motcua-function.ts';
import { buildApp } from '../../infra/build-app.ts';

/** Template checks need no bundles; the global setup already bundled once. */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

const dir = inject('assemblyDir');
const template = (stack: string) =>
  JSON.parse(readFileSync(path.join(dir, `${stack}.template.json`), 'utf8')) as { Resources: Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }> };
const resources = (stack: string, type: string) => Object.values(template(stack).Resources).filter((r) => r.Type === type);

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

  it('keeps data safe: tables retained, protected, recoverable and encrypted', () => {
    const tables = Object.values(template('Motcua-Data').Resources).filter((r) => r.Type === 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(4);
    for (const table of tables) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties.DeletionProtectionEnabled).toBe(true);
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true });
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    }
    const streams = tables.filter((t) => t.Properties.StreamSpecification);
    expect(streams.map((t) => t.Properties.StreamSpecification.StreamViewType)).toEqual(['NEW_IMAGE']);
  });

  it('gives every consumer queue a DLQ, and alarms on every DLQ and on the publisher failures', () => {
    const all = Object.entries(template('Motcua-Data').Resources);
    const queues = all.filter(([, r]) => r.Type === 'AWS::SQS::Queue');
    for (const [, queue] of queues) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const withDlq = queues.filter(([, q]) => q.Properties.RedrivePolicy);
    expect(withDlq).toHaveLength(4); // postal, survey, reporting, publisher failures
    const alarmed = new Set(
      all
        .filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm')
        .map(([, alarm]) => {
          expect(alarm.Properties.MetricName).toBe('ApproximateNumberOfMessagesVisible');
          expect(alarm.Properties.AlarmActions).toHaveLength(1);
          return alarm.Properties.Dimensions[0].Value['Fn::GetAtt'][0] as string;
        }),
    );
    for (const [, queue] of withDlq) expect(alarmed).toContain(queue.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]);
    expect(alarmed).toContain(queues.find(([id]) => id.startsWith('PublisherFailuresQueue'))![0]);
  });

  it('alarms when the deadline watch fails or events stop reaching the queues', () => {
    const alarms = Object.entries(template('Motcua-Api').Resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
    const byId = (prefix: string) => alarms.find(([id]) => id.startsWith(prefix))?.[1];
    expect(byId('WatchDeadlinesErrors')?.Properties).toMatchObject({ MetricName: 'Errors', Threshold: 0 });
    expect(byId('PublishEventsIteratorAge')?.Properties).toMatchObject({ MetricName: 'IteratorAge', Statistic: 'Maximum' });
    for (const [, alarm] of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });

  it('refuses deadline-watch settings that are not whole numbers in range, at synth', () => {
    const synth = (context: Record<string, unknown>) => () => buildApp({ outdir: mkdtempSync(path.join(tmpdir(), 'motcua-ctx-')), context: { ...NO_BUNDLING, ...context } });
    expect(synth({ 'motcua:dueSoonWorkingDays': 'two' })).toThrow(/motcua:dueSoonWorkingDays=two: must be a whole number from 0 to 10/);
    expect(synth({ 'motcua:watchEveryMinutes': '0' })).toThrow(/watchEveryMinutes/);
    expect(synth({ 'motcua:dueSoonOfficeHours': '4' })).not.toThrow();
  });

  it('encrypts the alarm topic with a key CloudWatch may use, so alarms reach it', () => {
    const all = template('Motcua-Data').Resources;
    const [topic] = resources('Motcua-Data', 'AWS::SNS::Topic');
    const keyId = topic!.Properties.KmsMasterKeyId['Fn::GetAtt'][0] as string;
    const key = all[keyId]!;
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const forCloudWatch = key.Properties.KeyPolicy.Statement.find((s: { Principal?: { Service?: string } }) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(forCloudWatch.Action).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']));
  });

  it('runs every function on Node.js 24, arm64, with a log group', () => {
    const functions = resources('Motcua-Api', 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(7);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
  });

  it('grants each function exactly the table actions its code uses, and no more', () => {
    const expected: Record<string, string[]> = {
      ListProcedures: ['Catalog:GetItem', 'Catalog:Query'],
      GetProcedure: ['Catalog:GetItem', 'Catalog:Query'],
      ListAgencies: ['Catalog:GetItem', 'Catalog:Query'],
      SubmitDossier: ['Catalog:GetItem', 'Dossiers:PutItem', 'Dossiers:UpdateItem', 'History:PutItem', 'Idempotency:GetItem', 'Idempotency:PutItem'],
      DossierAction: ['Catalog:GetItem', 'Dossiers:GetItem', 'Dossiers:PutItem', 'History:PutItem', 'History:Query'],
      GetDossier: ['Dossiers:GetItem', 'Dossiers:UpdateItem', 'History:Query'],
      CalendarDeadline: ['Catalog:GetItem'],
      CalendarYear: [],
      WatchDeadlines: ['Catalog:GetItem', 'Dossiers/index/byWatch:Query', 'Dossiers:PutItem', 'History:PutItem'],
      PublishEvents: [],
    };
    const all = template('Motcua-Api').Resources;
    const tableOf = (resource: unknown): string => {
      const text = JSON.stringify(resource);
      const table = /GetAtt(Dossiers|History|Catalog|Idempotency)Table/.exec(text)?.[1] ?? '?';
      return text.includes('/index/') ? `${table}/index/${/\/index\/(\w+)/.exec(text)![1]}` : table;
    };
    const granted: Record<string, string[]> = {};
    for (const [id, fn] of Object.entries(all).filter(([, r]) => r.Type === 'AWS::Lambda::Function')) {
      const name = Object.keys(expected).find((key) => id.startsWith(key));
      if (!name) throw new Error(`${id}: add this function to the expected grants`);
      const role = fn.Properties.Role['Fn::GetAtt'][0];
      const statements = Object.values(all)
        .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: { Ref: string }) => ref.Ref === role))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
      granted[name] = statements
        .flatMap((statement) => [statement.Action].flat().map((action) => ({ action, resource: statement.Resource })))
        .filter(({ action }) => /^dynamodb:(\*|(Get|Put|Update|Delete|ConditionCheck)Item|Query|Scan|Batch\w+|Transact\w+|PartiQL\w+)$/.test(action))
        .map(({ action, resource }) => `${tableOf(resource)}:${action.slice('dynamodb:'.length)}`)
        .sort();
    }
    expect(granted).toEqual(expected);
  });

  it('uses Resource "*" only for actions that support nothing narrower', () => {
    for (const policy of resources('Motcua-Api', 'AWS::IAM::Policy')) {
      for (const statement of policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]) {
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
      'POST /dossiers': 'JWT',
      'POST /dossiers/{code}/actions': 'JWT',
    });
  });

  it('is readable by the local runtime: every resource type is either served or known to be AWS-only', () => {
    const assembly = readAssembly(dir);
    expect(assembly.functions.length).toBe(resources('Motcua-Api', 'AWS::Lambda::Function').length);
    expect(assembly.routes.length).toBe(8);
  });
});
