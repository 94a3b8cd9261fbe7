import { Duration, Stack } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { AttributeType, type Table } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import path from 'node:path';
import { REPORTING_ENV } from '../../services/reporting/adapters/environment.ts';
import { DASHBOARD_PATH, DASHBOARD_SCRIPT_FILE, DASHBOARD_SCRIPT_PATH } from '../../services/reporting/dashboard/shell.ts';
import { bindTable } from '../constructs/bind.ts';
import { ConsumerQueue } from '../constructs/consumer-queue.ts';
import type { EventBus } from '../constructs/event-bus.ts';
import type { MotcuaApi } from '../constructs/motcua-api.ts';
import { MotcuaFunction, type MotcuaFunctionProps } from '../constructs/motcua-function.ts';
import { CONSUMES } from './consumers.ts';
import { dataTable } from './tables.ts';

/**
 * Reporting's state: one table of counters (per agency × day and month), dossiers' tallies and
 * overdue lists, keyed by generation (services/reporting/domain/items.ts); and the queue of every
 * bus event. In the retained data stack.
 */
export class ReportingData extends Construct {
  readonly table: Table;
  readonly events: ConsumerQueue;

  constructor(scope: Construct, id: string, props: { bus: EventBus; alarmTopic: ITopic }) {
    super(scope, id);
    // At stack scope: `ReportingEvents` is the id the queue was first deployed with (it filled
    // while reporting was being built; a new logical id would replace it and lose its messages).
    const stack = Stack.of(this);
    this.events = new ConsumerQueue(stack, 'ReportingEvents', { consumer: 'reporting', alarmTopic: props.alarmTopic, visibilityTimeout: Duration.minutes(3) });
    props.bus.subscribe(this.events, CONSUMES.reporting);
    this.table = dataTable(stack, 'ReportingTable', { partitionKey: { name: 'pk', type: AttributeType.STRING }, sortKey: { name: 'sk', type: AttributeType.STRING } });
  }
}

export interface ReportingServiceProps {
  readonly data: ReportingData;
  readonly api: MotcuaApi;
  readonly alarmTopic: ITopic;
}

/**
 * Reporting's functions: the consumer that counts every event, and the officers' reports. Each is
 * bound exactly the actions its code uses on the table.
 */
export class ReportingService extends Construct {
  constructor(scope: Construct, id: string, props: ReportingServiceProps) {
    super(scope, id);
    const { data, api } = props;
    const fn = (id: string, entry: string, description: string, extra: Partial<MotcuaFunctionProps> = {}) =>
      new MotcuaFunction(this, id, { entry: `services/reporting/handlers/${entry}`, service: 'reporting', description, alarmTopic: props.alarmTopic, ...extra });
    const table = (f: MotcuaFunction, actions: Parameters<typeof bindTable>[3]) => bindTable(f, REPORTING_ENV.table, data.table, actions);

    const apply = fn('ApplyReportingEvents', 'apply-events.ts', 'Bus events → counters per agency, day, procedure and channel', { timeout: Duration.seconds(30) });
    table(apply, ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']);
    // Every event of a province adds to the province's day and month items: more concurrent
    // transactions on them would mostly conflict and retry.
    apply.addEventSource(new SqsEventSource(data.events.queue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 4 }));

    const summary = fn('GetReportSummary', 'get-summary.ts', 'GET /reports/summary', { timeout: Duration.seconds(29), memorySize: 512 });
    table(summary, ['GetItem', 'BatchGetItem']);
    api.officerRoute(HttpMethod.GET, '/reports/summary', summary);

    const index766 = fn('GetIndex766', 'get-index-766.ts', 'GET /reports/index-766', { timeout: Duration.seconds(29), memorySize: 512 });
    table(index766, ['GetItem', 'BatchGetItem']);
    api.officerRoute(HttpMethod.GET, '/reports/index-766', index766);

    const circular01 = fn('GetCircular01', 'get-circular-01.ts', 'GET /reports/circular-01', { timeout: Duration.seconds(29), memorySize: 512 });
    table(circular01, ['GetItem', 'BatchGetItem']);
    api.officerRoute(HttpMethod.GET, '/reports/circular-01', circular01);

    const overdue = fn('ListOverdueDossiers', 'list-overdue.ts', 'GET /reports/overdue');
    table(overdue, ['GetItem', 'Query']);
    api.officerRoute(HttpMethod.GET, '/reports/overdue', overdue);

    // The page and its script hold no data (the script calls the routes above with the officer's
    // token), so no table at all; the browser script is bundled beside the handler, by the same
    // esbuild, for the browsers of the last few years.
    const dashboard = fn('ReportingDashboard', 'dashboard.ts', `GET ${DASHBOARD_PATH} and its script`, {
      memorySize: 256,
      afterBundling: (inputDir, outputDir) => [
        [
          path.join(inputDir, 'node_modules', '.bin', 'esbuild'),
          path.join(inputDir, 'services', 'reporting', 'dashboard', 'browser', 'app.ts'),
          '--bundle', '--format=iife', '--platform=browser', '--target=es2020', '--minify', '--log-level=warning',
          `--outfile=${path.join(outputDir, DASHBOARD_SCRIPT_FILE)}`,
        ].map((arg) => `'${arg}'`).join(' '),
      ],
    });
    const noData = 'The dashboard page and its script hold no data: the script calls the officer routes with the officer\'s own token.';
    api.publicRoute(DASHBOARD_PATH, dashboard, noData);
    api.publicRoute(DASHBOARD_SCRIPT_PATH, dashboard, noData);
  }
}
