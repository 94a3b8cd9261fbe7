import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { alarmOn } from './alarm.ts';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Actions that AWS only grants on Resource "*" (X-Ray tracing, DynamoDB stream discovery). */
export const WILDCARD_ONLY_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'dynamodb:ListStreams'];

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NODE_HTTP_SHIM = fileURLToPath(new URL('./node-http.cjs', import.meta.url));

export interface MotcuaFunctionProps {
  /** Path of the handler module, relative to the repository root. */
  readonly entry: string;
  /** Powertools service name (intake, postal, survey, reporting). */
  readonly service: string;
  readonly description: string;
  readonly environment?: Record<string, string>;
  readonly timeout?: Duration;
  readonly memorySize?: number;
  /** Where the function's error and throttle alarms go. */
  readonly alarmTopic: ITopic;
  /**
   * Shell commands run in the repository root once the handler is bundled, to add files beside it
   * in its asset (the dashboard's browser script). `outputDir` is the asset's directory.
   */
  readonly afterBundling?: (inputDir: string, outputDir: string) => string[];
}

/**
 * The one place with the function defaults: Node.js 24 on arm64, bundled by the
 * locally installed esbuild (no Docker), ESM, source maps, structured logs with a
 * retention, X-Ray tracing.
 *
 * The AWS SDK is bundled on purpose: the version we test against locally is then
 * the version that runs in Lambda, instead of whatever the managed runtime ships.
 */
export class MotcuaFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: MotcuaFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.THREE_MONTHS,
      // Kept if the function is removed or renamed: the logs still expire with their retention.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    super(scope, id, {
      entry: path.join(REPO_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      environment: {
        POWERTOOLS_SERVICE_NAME: props.service,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_METRICS_NAMESPACE: 'motcua',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        platform: 'node',
        mainFields: ['module', 'main'],
        externalModules: [],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // Some CommonJS dependencies call require(); give the ESM bundle one.
        banner: "import { createRequire as __motcuaCreateRequire } from 'node:module'; const require = __motcuaCreateRequire(import.meta.url);",
        // See node-http.cjs: measured in bench/README.md (Cold start).
        esbuildArgs: { '--alias:node:http': NODE_HTTP_SHIM, '--alias:http': NODE_HTTP_SHIM },
        ...(props.afterBundling ? { commandHooks: { beforeBundling: () => [], beforeInstall: () => [], afterBundling: props.afterBundling } } : {}),
      },
    });
    // The basic execution role is the AWS managed policy for writing the function's own logs.
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'AWSLambdaBasicExecutionRole only allows writing this function\'s CloudWatch logs.',
    });
    // An error is a bug or an outage; a throttle means the account's concurrency ran out.
    alarmOn(this, 'ErrorsAlarm', {
      metric: this.metricErrors({ period: Duration.minutes(5) }),
      threshold: 0,
      topic: props.alarmTopic,
      description: `${id} failed (${props.description}).`,
    });
    alarmOn(this, 'ThrottlesAlarm', {
      metric: this.metricThrottles({ period: Duration.minutes(5) }),
      threshold: 0,
      topic: props.alarmTopic,
      description: `${id} was throttled (${props.description}): raise its reserved or the account's concurrency.`,
    });
    // tests/infra checks that every Resource "*" statement holds only these actions.
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: `Only ${WILDCARD_ONLY_ACTIONS.join(', ')}, which support no resource-level permissions.`,
    });
  }
}
