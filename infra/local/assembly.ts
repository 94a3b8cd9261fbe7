import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A synthesized cloud assembly (cdk.out) read as the list of things the local
 * runtime must serve. Everything here comes from the CloudFormation templates:
 * there is no second list of functions, queues or routes.
 */

export type CfnValue = unknown;

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, CfnValue>;
}

/** A resource is known by its stack and logical ID, e.g. "Motcua-Data/DossiersTableD24B83D1". */
export type ResourceKey = string;

export interface StackTemplate {
  readonly stackName: string;
  readonly resources: Record<string, CfnResource>;
  readonly outputs: Record<string, { Value: CfnValue; Export?: { Name: CfnValue } }>;
}

export interface TableSpec {
  readonly key: ResourceKey;
  readonly properties: Record<string, CfnValue>;
}

export interface QueueSpec {
  readonly key: ResourceKey;
  readonly properties: Record<string, CfnValue>;
}

export interface FunctionSpec {
  readonly key: ResourceKey;
  readonly logicalId: string;
  /** Absolute path of the bundled module (the same directory `cdk deploy` zips and uploads). */
  readonly modulePath: string;
  readonly exportName: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly environment: Record<string, CfnValue>;
  readonly description: string;
}

export interface RouteSpec {
  readonly key: ResourceKey;
  readonly routeKey: string;
  readonly functionKey: ResourceKey;
  readonly authorizer: { readonly issuer: CfnValue; readonly audience: CfnValue[] } | null;
}

export interface EventSourceSpec {
  readonly key: ResourceKey;
  readonly functionKey: ResourceKey;
  readonly sourceArn: CfnValue;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly reportBatchItemFailures: boolean;
  readonly startingPosition: string | undefined;
  readonly bisectBatchOnError: boolean;
  readonly maximumRetryAttempts: number | undefined;
  readonly onFailureArn: CfnValue | undefined;
}

export interface TopicSpec {
  readonly key: ResourceKey;
  readonly properties: Record<string, CfnValue>;
}

/** An SNS subscription: a topic delivering to a queue, filtered on message attributes. */
export interface SubscriptionSpec {
  readonly key: ResourceKey;
  readonly topicArn: CfnValue;
  readonly protocol: string;
  readonly endpoint: CfnValue;
  readonly rawMessageDelivery: boolean;
  /** The filter policy, as the template holds it (an object). */
  readonly filterPolicy: unknown;
  readonly filterPolicyScope: string | undefined;
}

/** A Secrets Manager secret: locally served with a development value (dev-secrets.ts). */
export interface SecretSpec {
  readonly key: ResourceKey;
  readonly properties: Record<string, CfnValue>;
}

export interface ScheduleSpec {
  readonly key: ResourceKey;
  readonly expression: string;
  readonly targetFunctionKeys: ResourceKey[];
  readonly enabled: boolean;
}

export interface Assembly {
  readonly directory: string;
  readonly stacks: StackTemplate[];
  readonly tables: TableSpec[];
  readonly queues: QueueSpec[];
  readonly topics: TopicSpec[];
  readonly subscriptions: SubscriptionSpec[];
  readonly functions: FunctionSpec[];
  readonly routes: RouteSpec[];
  readonly eventSources: EventSourceSpec[];
  readonly schedules: ScheduleSpec[];
  readonly secrets: SecretSpec[];
}

/** Resource types the runtime serves, and those it knows it can leave to AWS (IAM, logs, alarms...). */
export const SERVED_TYPES = new Set([
  'AWS::DynamoDB::Table',
  'AWS::SQS::Queue',
  'AWS::Lambda::Function',
  'AWS::Lambda::EventSourceMapping',
  'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Authorizer',
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Stage',
  'AWS::Events::Rule',
  'AWS::Cognito::UserPool',
  'AWS::Cognito::UserPoolClient',
  'AWS::SNS::Topic',
  'AWS::SNS::Subscription',
  'AWS::SecretsManager::Secret',
]);
export const NOT_NEEDED_LOCALLY = new Set([
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::Lambda::Permission',
  'AWS::Logs::LogGroup',
  'AWS::CloudWatch::Alarm',
  'AWS::KMS::Key',
  'AWS::SNS::TopicPolicy',
  'AWS::SQS::QueuePolicy',
  'AWS::CDK::Metadata',
]);

export function readAssembly(directory: string): Assembly {
  const manifest = readJson(path.join(directory, 'manifest.json')) as {
    artifacts: Record<string, { type: string; properties?: { templateFile?: string }; displayName?: string }>;
  };
  const stacks: StackTemplate[] = [];
  const assetPaths = new Map<string, string>();
  for (const [name, artifact] of Object.entries(manifest.artifacts)) {
    if (artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile) {
      const template = readJson(path.join(directory, artifact.properties.templateFile)) as {
        Resources?: Record<string, CfnResource>;
        Outputs?: StackTemplate['outputs'];
      };
      stacks.push({ stackName: name, resources: template.Resources ?? {}, outputs: template.Outputs ?? {} });
    }
    if (artifact.type === 'cdk:asset-manifest') {
      const file = (artifact.properties as { file: string }).file;
      const assets = readJson(path.join(directory, file)) as {
        files?: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }>;
      };
      for (const asset of Object.values(assets.files ?? {})) {
        for (const destination of Object.values(asset.destinations)) {
          assetPaths.set(destination.objectKey, path.join(directory, asset.source.path));
        }
      }
    }
  }

  const tables: TableSpec[] = [];
  const queues: QueueSpec[] = [];
  const topics: TopicSpec[] = [];
  const subscriptions: SubscriptionSpec[] = [];
  const functions: FunctionSpec[] = [];
  const routes: RouteSpec[] = [];
  const eventSources: EventSourceSpec[] = [];
  const schedules: ScheduleSpec[] = [];
  const secrets: SecretSpec[] = [];

  for (const stack of stacks) {
    const keyOf = (logicalId: string) => `${stack.stackName}/${logicalId}`;
    for (const [logicalId, resource] of Object.entries(stack.resources)) {
      const props = resource.Properties ?? {};
      const key = keyOf(logicalId);
      switch (resource.Type) {
        case 'AWS::DynamoDB::Table':
          tables.push({ key, properties: props });
          break;
        case 'AWS::SQS::Queue':
          queues.push({ key, properties: props });
          break;
        case 'AWS::SNS::Topic':
          topics.push({ key, properties: props });
          break;
        case 'AWS::SNS::Subscription':
          subscriptions.push({
            key,
            topicArn: props.TopicArn,
            protocol: String(props.Protocol),
            endpoint: props.Endpoint,
            rawMessageDelivery: props.RawMessageDelivery === true || props.RawMessageDelivery === 'true',
            filterPolicy: props.FilterPolicy,
            filterPolicyScope: props.FilterPolicyScope as string | undefined,
          });
          break;
        case 'AWS::Lambda::Function':
          functions.push(functionSpec(key, logicalId, props, assetPaths));
          break;
        case 'AWS::Lambda::EventSourceMapping':
          eventSources.push(eventSourceSpec(key, props, keyOf));
          break;
        case 'AWS::ApiGatewayV2::Route':
          routes.push(routeSpec(key, props, stack, keyOf));
          break;
        case 'AWS::SecretsManager::Secret':
          secrets.push({ key, properties: props });
          break;
        case 'AWS::Events::Rule':
          if (props.ScheduleExpression) schedules.push(scheduleSpec(key, props, keyOf));
          break;
        default:
          if (!SERVED_TYPES.has(resource.Type) && !NOT_NEEDED_LOCALLY.has(resource.Type)) {
            throw new Error(`The local runtime does not know how to serve ${resource.Type} (${key}).`);
          }
      }
    }
  }
  return { directory, stacks, tables, queues, topics, subscriptions, functions, routes, eventSources, schedules, secrets };
}

function functionSpec(
  key: ResourceKey,
  logicalId: string,
  props: Record<string, CfnValue>,
  assetPaths: Map<string, string>,
): FunctionSpec {
  const code = props.Code as { S3Key?: string };
  const assetDir = code.S3Key ? assetPaths.get(code.S3Key) : undefined;
  if (!assetDir) throw new Error(`${key}: no bundled asset found for its code (${JSON.stringify(code)}).`);
  const handler = String(props.Handler ?? 'index.handler');
  const dot = handler.lastIndexOf('.');
  const moduleBase = handler.slice(0, dot);
  const candidates = ['.mjs', '.js', '.cjs'].map((ext) => path.join(assetDir, moduleBase + ext));
  const modulePath = candidates.find((file) => existsSync(file));
  if (!modulePath) throw new Error(`${key}: handler module ${moduleBase} not found in ${assetDir}.`);
  const environment = ((props.Environment as { Variables?: Record<string, CfnValue> } | undefined)?.Variables ?? {});
  return {
    key,
    logicalId,
    modulePath,
    exportName: handler.slice(dot + 1),
    timeoutSeconds: Number(props.Timeout ?? 3),
    memoryMb: Number(props.MemorySize ?? 128),
    environment,
    description: String(props.Description ?? logicalId),
  };
}

function eventSourceSpec(
  key: ResourceKey,
  props: Record<string, CfnValue>,
  keyOf: (id: string) => ResourceKey,
): EventSourceSpec {
  const destination = (props.DestinationConfig as { OnFailure?: { Destination?: CfnValue } } | undefined)?.OnFailure
    ?.Destination;
  return {
    key,
    functionKey: keyOf(refTarget(props.FunctionName, key)),
    sourceArn: props.EventSourceArn,
    batchSize: Number(props.BatchSize ?? 10),
    maxBatchingWindowSeconds: Number(props.MaximumBatchingWindowInSeconds ?? 0),
    reportBatchItemFailures: ((props.FunctionResponseTypes as string[] | undefined) ?? []).includes(
      'ReportBatchItemFailures',
    ),
    startingPosition: props.StartingPosition as string | undefined,
    bisectBatchOnError: props.BisectBatchOnFunctionError === true,
    maximumRetryAttempts: props.MaximumRetryAttempts === undefined ? undefined : Number(props.MaximumRetryAttempts),
    onFailureArn: destination,
  };
}

function routeSpec(
  key: ResourceKey,
  props: Record<string, CfnValue>,
  stack: StackTemplate,
  keyOf: (id: string) => ResourceKey,
): RouteSpec {
  // Target is "integrations/<Ref integration>"; the integration's URI is the function's ARN.
  const target = props.Target as { 'Fn::Join': [string, CfnValue[]] };
  const integrationId = refTarget(target['Fn::Join'][1][1], key);
  const integration = stack.resources[integrationId];
  const uri = integration?.Properties?.IntegrationUri as { 'Fn::GetAtt'?: [string, string] } | undefined;
  const functionId = uri?.['Fn::GetAtt']?.[0];
  if (!functionId) throw new Error(`${key}: only Lambda proxy integrations are served locally.`);
  let authorizer: RouteSpec['authorizer'] = null;
  if (props.AuthorizationType === 'JWT') {
    const authorizerResource = stack.resources[refTarget(props.AuthorizerId, key)];
    const jwt = authorizerResource?.Properties?.JwtConfiguration as { Issuer: CfnValue; Audience: CfnValue[] };
    authorizer = { issuer: jwt.Issuer, audience: jwt.Audience ?? [] };
  } else if (props.AuthorizationType && props.AuthorizationType !== 'NONE') {
    throw new Error(`${key}: authorization type ${String(props.AuthorizationType)} is not served locally.`);
  }
  return { key, routeKey: String(props.RouteKey), functionKey: keyOf(functionId), authorizer };
}

function scheduleSpec(
  key: ResourceKey,
  props: Record<string, CfnValue>,
  keyOf: (id: string) => ResourceKey,
): ScheduleSpec {
  const targets = (props.Targets as { Arn: CfnValue }[] | undefined) ?? [];
  return {
    key,
    expression: String(props.ScheduleExpression),
    enabled: props.State !== 'DISABLED',
    targetFunctionKeys: targets.map((target) => {
      const getAtt = (target.Arn as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
      if (!getAtt) throw new Error(`${key}: only Lambda targets are served locally.`);
      return keyOf(getAtt[0]);
    }),
  };
}

function refTarget(value: CfnValue, context: string): string {
  const ref = (value as { Ref?: string } | undefined)?.Ref;
  if (typeof ref !== 'string') throw new Error(`${context}: expected a Ref, got ${JSON.stringify(value)}.`);
  return ref;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}
