import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SIMULATOR_ORIGIN } from '../../services/postal/adapters/config.ts';
import { DEV_WEBHOOK_SECRET } from '../../services/postal/simulator/dev-credentials.ts';
import { PartnerSimulator, type PartnerSimulatorOptions } from '../../services/postal/simulator/partner-simulator.ts';
import { SMS_SIMULATOR_ORIGIN } from '../../services/survey/adapters/gateways-config.ts';
import { SmsSimulator, type SmsSimulatorOptions } from '../../services/survey/simulator/sms-simulator.ts';
import { readAssembly, type Assembly, type CfnValue } from './assembly.ts';
import { Checkpoints } from './checkpoints.ts';
import { DevIssuer, ISSUER_PATH } from './dev-issuer.ts';
import { devSecretValue } from './dev-secrets.ts';
import { DurableDynamoDbProxy } from './durable-dynamodb.ts';
import { ensureTable, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.ts';
import { StartupError } from './errors.ts';
import { FunctionHost, lambdaEnvironment } from './function-host.ts';
import { LocalHttpApi, type LocalRoute } from './http-api.ts';
import { LocalLambdaApi } from './lambda-api.ts';
import { resolve, type PhysicalResource, type ResolverContext } from './intrinsics.ts';
import { Scheduler } from './scheduler.ts';
import { secretArn, SecretsManagerLocal } from './secrets-manager-local.ts';
import { ensureTopic, subscribe } from './sns-local.ts';
import { ensureQueue, messagesHeld, setRedrivePolicy, startSqsLocal, type SqsLocal } from './sqs-local.ts';
import { SqsPoller } from './sqs-poller.ts';
import { StreamPoller } from './stream-poller.ts';

export const LOCAL_REGION = 'ap-southeast-1';
export const LOCAL_ACCOUNT = '000000000000';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface LocalRuntimeOptions {
  /** The synthesized cloud assembly (cdk.out). */
  readonly assemblyDir: string;
  /** Where DynamoDB data, checkpoints, the dev issuer's key and logs live. */
  readonly dataDir: string;
  /** Keep DynamoDB in memory (tests); nothing survives a restart. */
  readonly inMemory?: boolean;
  /** HTTP port; 0 picks a free one. */
  readonly port?: number;
  /** Where the functions' own logs go. */
  readonly functionLogs: Writable;
  /** Execution environments per function. */
  readonly concurrency?: number;
  readonly onStatus?: (line: string) => void;
  readonly onError?: (message: string) => void;
  /**
   * The DynamoDB endpoint the functions are given, from DynamoDB Local's own; the
   * benchmark puts a request-counting proxy here. Default: DurableDynamoDbProxy in front of
   * DynamoDB Local (a transaction is answered once committed).
   */
  readonly functionDynamoDbEndpoint?: (endpoint: string) => Promise<string>;
  /**
   * The local postal partner simulator's options (npm start reads them from MOTCUA_POSTAL_SIM_*).
   * Its webhooks go to this runtime's POST /postal/webhooks/demo-webhook whatever is given.
   */
  readonly postalSimulator?: Omit<PartnerSimulatorOptions, 'webhookUrl'>;
  /**
   * The local SMS gateway simulator's options (npm start reads them from MOTCUA_SMS_SIM_*). Its
   * reports and replies go to this runtime's API whatever is given: its public base URL is the API's URL.
   */
  readonly smsSimulator?: Omit<SmsSimulatorOptions, 'publicBaseUrl'>;
  /**
   * Queues whose consumer is not polled (the start of their logical ids, e.g. `ReportingEvents`): a test reads
   * such a queue itself, as its window on what reached it.
   */
  readonly unpolledQueues?: readonly string[];
}

export interface RuntimeInfo {
  readonly url: string;
  readonly region: string;
  readonly dynamodbEndpoint: string;
  readonly sqsEndpoint: string;
  /** Lambda's Invoke API for the functions (loopback only; no route of the HTTP API leads there). */
  readonly lambdaEndpoint: string;
  /** Stack outputs by "<stack>.<output>". */
  readonly outputs: Record<string, string>;
  /** Every function by resource key, with its local name (what `Ref` gives, and Lambda Invoke takes). */
  readonly functions: Record<string, string>;
  /** Every queue by resource key, with its URL. */
  readonly queues: Record<string, string>;
  /** Every table by resource key, with its name. */
  readonly tables: Record<string, string>;
  /** Every topic by resource key, with its ARN. */
  readonly topics: Record<string, string>;
  /** Every subscription by resource key, with its ARN. */
  readonly subscriptions: Record<string, string>;
  /** The local Secrets Manager (GetSecretValue only), and every secret by resource key, with its ARN. */
  readonly secretsManagerEndpoint: string;
  readonly secrets: Record<string, string>;
  /** The postal partner simulator's origin (what replaces SIMULATOR_ORIGIN in the functions' environment), and the development webhook secret it signs with. */
  readonly postalSimulator: string;
  readonly postalWebhookSecret: string;
  /** The SMS gateway simulator's origin (what replaces SMS_SIMULATOR_ORIGIN), and the development Twilio auth token it checks and signs with. */
  readonly smsSimulator: string;
  readonly smsTwilioAuthToken: string;
}

/**
 * Serves a synthesized cloud assembly on one machine: DynamoDB Local for the
 * tables, fauxqs for the queues, worker threads running the deployed bundles,
 * an HTTP API for the routes, and pollers for every event source.
 */
export class LocalRuntime {
  readonly assembly: Assembly;
  private dynamodb: DynamoDbLocal | undefined;
  private sqs: SqsLocal | undefined;
  private streams: DynamoDBStreamsClient | undefined;
  private api: LocalHttpApi | undefined;
  private lambda: LocalLambdaApi | undefined;
  private scheduler: Scheduler | undefined;
  private readonly hosts = new Map<string, FunctionHost>();
  private readonly pollers: { stop(): Promise<void> }[] = [];
  private settleTimer: NodeJS.Timeout | undefined;
  private settling: Promise<unknown> = Promise.resolve();
  private checkpoints: Checkpoints | undefined;
  private durable: DurableDynamoDbProxy | undefined;
  private secretsManager: SecretsManagerLocal | undefined;
  private simulator: PartnerSimulator | undefined;
  private sms: SmsSimulator | undefined;
  private readonly physical = new Map<string, PhysicalResource>();
  info: RuntimeInfo | undefined;

  private readonly options: LocalRuntimeOptions;

  constructor(options: LocalRuntimeOptions) {
    this.options = options;
    this.assembly = readAssembly(options.assemblyDir);
  }

  /** The hosts by resource key, for tests that prove every function is served. */
  get functionHosts(): ReadonlyMap<string, FunctionHost> {
    return this.hosts;
  }

  /** DynamoDB Local's process id, for the benchmark's CPU accounting. */
  get dynamodbPid(): number | undefined {
    return this.dynamodb?.pid;
  }

  /** Scheduled rules running, for tests that prove every schedule is served. */
  get servedSchedules(): number {
    return this.scheduler?.size ?? 0;
  }

  get servedEventSources(): number {
    return this.pollers.length;
  }

  /** The functions whose queue is left to the caller (`unpolledQueues`), by key. */
  readonly unpolledSources: string[] = [];

  /** The postal partner simulator, once started: tests choose scenarios and faults, list shipments, await `settled()`. */
  get postalSimulator(): PartnerSimulator {
    if (!this.simulator) throw new Error('the local runtime is not started');
    return this.simulator;
  }

  /** The SMS gateway simulator, once started: tests list messages, post replies and reports, choose outcomes and faults, await `settled()`. */
  get smsSimulator(): SmsSimulator {
    if (!this.sms) throw new Error('the local runtime is not started');
    return this.sms;
  }

  async start(): Promise<RuntimeInfo> {
    const { dataDir } = this.options;
    mkdirSync(dataDir, { recursive: true });
    const status = this.options.onStatus ?? (() => undefined);
    const onError = this.options.onError ?? ((message: string) => console.error(message));

    const api = new LocalHttpApi(this.options.port ?? 3000, onError);
    const port = await api.listen();
    this.api = api;
    const url = `http://127.0.0.1:${port}`;
    // Functions invoking functions: a port of its own, apart from the public API.
    this.lambda = new LocalLambdaApi(onError);
    const lambdaEndpoint = await this.lambda.listen();

    // The partner posts its updates to our own webhook route, as a partner on the Internet would.
    this.simulator = new PartnerSimulator({ onError, ...this.options.postalSimulator, webhookUrl: `${url}/postal/webhooks/demo-webhook` });
    const simulatorUrl = await this.simulator.start();
    status(`postal     partner simulator at ${simulatorUrl} (webhook secret: ${DEV_WEBHOOK_SECRET} — development default, see docs/postal-partners.md)`);
    // The gateways call our API at its public base URL, which locally is the API's own.
    this.sms = new SmsSimulator({ onError, ...this.options.smsSimulator, publicBaseUrl: url });
    const smsUrl = await this.sms.start();
    status(`sms        gateway simulator at ${smsUrl} (Twilio auth token ${this.sms.authToken}, public base URL ${url} — development defaults, see docs/sms-gateways.md)`);
    // Placeholder origins of the configurations the functions are given, and what stands in for each here.
    const standIns: [placeholder: string, local: string][] = [
      [SIMULATOR_ORIGIN, simulatorUrl],
      [SMS_SIMULATOR_ORIGIN, smsUrl],
    ];

    const [dynamodb, sqs] = await Promise.all([
      startOnFreePort((port) =>
        startDynamoDbLocal({
          port,
          dataDir: this.options.inMemory ? null : path.join(dataDir, 'dynamodb'),
          region: LOCAL_REGION,
          credentials: CREDENTIALS,
        }),
      ),
      startSqsLocal({ port: 0, region: LOCAL_REGION, credentials: CREDENTIALS }),
    ]);
    this.dynamodb = dynamodb;
    this.sqs = sqs;
    this.streams = new DynamoDBStreamsClient({ endpoint: dynamodb.endpoint, region: LOCAL_REGION, credentials: CREDENTIALS });
    status(`dynamodb   DynamoDB Local ${this.options.inMemory ? 'in memory' : `data in ${path.join(dataDir, 'dynamodb')}`} at ${dynamodb.endpoint}`);
    status(`sqs        fauxqs (in memory) at ${sqs.endpoint}`);

    const context: ResolverContext = {
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT,
      stacks: this.assembly.stacks,
      physical: this.physical,
    };
    const localName = (key: string) => key.replace('/', '-');

    for (const table of this.assembly.tables) {
      this.physical.set(table.key, await ensureTable(dynamodb.client, table, localName(table.key), LOCAL_REGION, LOCAL_ACCOUNT));
    }
    status(`tables     ${this.assembly.tables.length} created or up to date`);

    for (const queue of this.assembly.queues) {
      this.physical.set(queue.key, await ensureQueue(sqs.client, queue, localName(queue.key), sqs.endpoint));
    }
    for (const queue of this.assembly.queues) {
      const redrive = queue.properties.RedrivePolicy as { deadLetterTargetArn: CfnValue; maxReceiveCount: number } | undefined;
      if (!redrive) continue;
      const stack = queue.key.split('/')[0]!;
      await setRedrivePolicy(sqs.client, this.physical.get(queue.key)!.ref, resolve(redrive.deadLetterTargetArn, stack, context), Number(redrive.maxReceiveCount));
    }
    status(`queues     ${this.assembly.queues.length} created (${this.assembly.queues.filter((q) => q.properties.RedrivePolicy).length} with a dead-letter queue)`);

    for (const topic of this.assembly.topics) {
      this.physical.set(topic.key, await ensureTopic(sqs.sns, topic, localName(topic.key)));
    }
    for (const subscription of this.assembly.subscriptions) {
      const stack = subscription.key.split('/')[0]!;
      const topicArn = resolve(subscription.topicArn, stack, context);
      const endpoint = resolve(subscription.endpoint, stack, context);
      this.physical.set(subscription.key, await subscribe(sqs.sns, subscription, topicArn, endpoint));
    }
    if (this.assembly.topics.length) {
      status(`topics     ${this.assembly.topics.length} topic${this.assembly.topics.length === 1 ? '' : 's'}, ${this.assembly.subscriptions.length} filtered subscriptions`);
    }

    this.secretsManager = new SecretsManagerLocal();
    const secretsEndpoint = await this.secretsManager.listen();
    for (const secret of this.assembly.secrets) {
      const name = typeof secret.properties.Name === 'string' ? secret.properties.Name : localName(secret.key);
      const arn = secretArn(LOCAL_REGION, LOCAL_ACCOUNT, name);
      this.secretsManager.put({ arn, name, value: devSecretValue(secret.key, secret.properties) });
      this.physical.set(secret.key, { ref: arn, attributes: { Id: arn } });
    }
    if (this.assembly.secrets.length) {
      status(`secrets    ${this.assembly.secrets.length} served with development values (infra/local/dev-secrets.ts) at ${secretsEndpoint}`);
    }

    // Everything else answers Ref/GetAtt with a local name and ARN.
    for (const stack of this.assembly.stacks) {
      for (const [logicalId, resource] of Object.entries(stack.resources)) {
        const key = `${stack.stackName}/${logicalId}`;
        if (this.physical.has(key)) continue;
        const name = resource.Type.startsWith('AWS::Cognito::') ? `local_${logicalId}` : localName(key);
        const service = resource.Type.split('::')[1]!.toLowerCase();
        // A function's ARN as Lambda writes it, so that one invoked by its ARN is found.
        const resourceName = resource.Type === 'AWS::Lambda::Function' ? `function:${name}` : name;
        this.physical.set(key, {
          ref: name,
          attributes: {
            Arn: `arn:aws:${service}:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${resourceName}`,
            ProviderURL: `cognito-idp.${LOCAL_REGION}.amazonaws.com/${name}`,
            ApiEndpoint: url,
          },
        });
      }
    }

    // The officers' user pool is stood in for by the dev issuer, served by the API itself.
    const issuer = await DevIssuer.open(dataDir);
    const localIssuer = `${url}${ISSUER_PATH}`;
    const issuerAliases = new Map<string, string>();
    const audiences = new Set<string>();
    for (const route of this.assembly.routes) {
      if (!route.authorizer) continue;
      const stack = route.key.split('/')[0]!;
      issuerAliases.set(resolve(route.authorizer.issuer, stack, context), localIssuer);
      for (const audience of route.authorizer.audience) audiences.add(resolve(audience, stack, context));
    }
    issuer.configure(localIssuer, [...audiences]);

    // By default through the proxy that answers a transaction only once DynamoDB Local committed it.
    if (!this.options.functionDynamoDbEndpoint) this.durable = new DurableDynamoDbProxy();
    const functionDynamoDb = this.options.functionDynamoDbEndpoint
      ? await this.options.functionDynamoDbEndpoint(dynamodb.endpoint)
      : await this.durable!.listen(dynamodb.endpoint);
    for (const fn of this.assembly.functions) {
      const stack = fn.key.split('/')[0]!;
      const variables: Record<string, string> = {};
      for (const [name, value] of Object.entries(fn.environment)) {
        const resolved = resolve(value, stack, context);
        // Stand-ins: the dev issuer for the user pool's issuer (the whole value), the simulators
        // for their placeholder origins (anywhere in the value: they sit in JSON).
        variables[name] = issuerAliases.get(resolved) ?? standIns.reduce((value, [placeholder, local]) => value.replaceAll(placeholder, local), resolved);
      }
      const functionName = localName(fn.key);
      this.hosts.set(
        fn.key,
        new FunctionHost({
          spec: fn,
          functionName,
          region: LOCAL_REGION,
          accountId: LOCAL_ACCOUNT,
          maxConcurrency: this.options.concurrency ?? 8,
          log: this.options.functionLogs,
          environment: {
            ...lambdaEnvironment(fn, functionName, LOCAL_REGION),
            AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
            AWS_ENDPOINT_URL_DYNAMODB: functionDynamoDb,
            AWS_ENDPOINT_URL_SQS: sqs.endpoint,
            AWS_ENDPOINT_URL_SNS: sqs.endpoint,
            AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsEndpoint,
            AWS_ENDPOINT_URL_LAMBDA: lambdaEndpoint,
            // No X-Ray daemon here: the tracer would only send segments nowhere.
            POWERTOOLS_TRACE_ENABLED: 'false',
            AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
            ...variables,
          },
        }),
      );
    }
    this.lambda.serve(this.hosts.values());
    status(`functions  ${this.hosts.size} served from the bundles in ${this.options.assemblyDir}; Lambda Invoke at ${lambdaEndpoint}`);

    const routes: LocalRoute[] = this.assembly.routes.map((route) => {
      const stack = route.key.split('/')[0]!;
      return {
        routeKey: route.routeKey,
        host: this.host(route.functionKey),
        jwtAudiences: route.authorizer ? route.authorizer.audience.map((audience) => resolve(audience, stack, context)) : null,
      };
    });
    api.serve(routes, issuer);
    status(`http       ${routes.length} routes at ${url} (officer tokens: npm run token -- --agency <code>)`);

    this.checkpoints = new Checkpoints(this.options.inMemory ? null : path.join(dataDir, 'stream-checkpoints.json'));
    const queueArns = new Map(this.assembly.queues.map((queue) => [this.physical.get(queue.key)!.attributes.Arn!, this.physical.get(queue.key)!.ref]));
    const unpolled = new Set(
      this.assembly.queues.filter((queue) => this.options.unpolledQueues?.some((id) => queue.key.split('/')[1]!.startsWith(id))).map((queue) => this.physical.get(queue.key)!.attributes.Arn!),
    );
    let streamSources = 0;
    for (const source of this.assembly.eventSources) {
      const stack = source.key.split('/')[0]!;
      const arn = resolve(source.sourceArn, stack, context);
      const host = this.host(source.functionKey);
      if (unpolled.has(arn)) {
        this.unpolledSources.push(source.functionKey);
        status(`events     ${source.functionKey} not polled (its queue is read by the caller)`);
      } else if (queueArns.has(arn)) {
        const poller = new SqsPoller({
          client: sqs.client,
          queueUrl: queueArns.get(arn)!,
          queueArn: arn,
          region: LOCAL_REGION,
          host,
          batchSize: source.batchSize,
          maxBatchingWindowSeconds: source.maxBatchingWindowSeconds,
          reportBatchItemFailures: source.reportBatchItemFailures,
          concurrency: 2,
          onError,
        });
        poller.start();
        this.pollers.push(poller);
      } else if (arn.includes('/stream/')) {
        const failureArn = source.onFailureArn ? resolve(source.onFailureArn, stack, context) : undefined;
        const poller = new StreamPoller({
          key: source.key,
          streams: this.streams,
          streamArn: arn,
          region: LOCAL_REGION,
          host,
          batchSize: source.batchSize,
          maxBatchingWindowSeconds: source.maxBatchingWindowSeconds,
          reportBatchItemFailures: source.reportBatchItemFailures,
          bisectBatchOnError: source.bisectBatchOnError,
          maximumRetryAttempts: source.maximumRetryAttempts,
          startingPosition: source.startingPosition,
          onFailure: failureArn && queueArns.has(failureArn) ? { client: sqs.client, queueUrl: queueArns.get(failureArn)! } : undefined,
          checkpoints: this.checkpoints,
          onError,
        });
        poller.start();
        this.pollers.push(poller);
        streamSources += 1;
      } else {
        throw new StartupError(`${source.key}: event source ${arn} is neither a local queue nor a local stream.`);
      }
    }
    status(`events     ${this.pollers.length - streamSources} queue and ${streamSources} stream event sources polled`);

    if (streamSources) {
      const queueUrls = [...queueArns.values()];
      this.settleTimer = setInterval(() => {
        this.settling = this.checkpoints!
          .settle(async () => (await Promise.all(queueUrls.map((queueUrl) => messagesHeld(sqs.client, queueUrl)))).every((held) => held === 0))
          .catch((error: unknown) => onError(`checkpoint: ${(error as Error).message}`));
      }, 2000);
    }

    if (this.assembly.schedules.length) {
      this.scheduler = new Scheduler(
        this.assembly.schedules.map((schedule) => ({ ...schedule, hosts: schedule.targetFunctionKeys.map((key) => this.host(key)) })),
        onError,
      );
      this.scheduler.start();
      status(`schedules  ${this.assembly.schedules.length} scheduled rule${this.assembly.schedules.length === 1 ? '' : 's'} running`);
    }

    const outputs: Record<string, string> = {};
    for (const stack of this.assembly.stacks) {
      for (const [name, output] of Object.entries(stack.outputs)) {
        outputs[`${stack.stackName}.${name}`] = resolve(output.Value, stack.stackName, context);
      }
    }
    this.info = {
      url,
      region: LOCAL_REGION,
      dynamodbEndpoint: dynamodb.endpoint,
      sqsEndpoint: sqs.endpoint,
      lambdaEndpoint,
      outputs,
      functions: Object.fromEntries([...this.hosts].map(([key, host]) => [key, host.name])),
      queues: Object.fromEntries(this.assembly.queues.map((queue) => [queue.key, this.physical.get(queue.key)!.ref])),
      tables: Object.fromEntries(this.assembly.tables.map((table) => [table.key, this.physical.get(table.key)!.ref])),
      topics: Object.fromEntries(this.assembly.topics.map((topic) => [topic.key, this.physical.get(topic.key)!.ref])),
      subscriptions: Object.fromEntries(this.assembly.subscriptions.map((subscription) => [subscription.key, this.physical.get(subscription.key)!.ref])),
      secretsManagerEndpoint: secretsEndpoint,
      secrets: Object.fromEntries(this.assembly.secrets.map((secret) => [secret.key, this.physical.get(secret.key)!.ref])),
      postalSimulator: simulatorUrl,
      postalWebhookSecret: DEV_WEBHOOK_SECRET,
      smsSimulator: smsUrl,
      smsTwilioAuthToken: this.sms.authToken,
    };
    writeFileSync(path.join(dataDir, 'runtime.json'), JSON.stringify(this.info, null, 2));
    return this.info;
  }

  /** Stops taking requests, lets in-flight work finish, then stops the emulators. */
  async stop(): Promise<void> {
    if (this.settleTimer) clearInterval(this.settleTimer);
    // First the partner and the gateway, so they post nothing more into a closing API.
    await Promise.all([this.simulator?.stop(), this.sms?.stop()]);
    await this.api?.close();
    this.scheduler?.stop();
    await Promise.all(this.pollers.map((poller) => poller.stop()));
    await this.settling;
    // Last of the entry points: what is still running may yet invoke another function.
    await this.lambda?.close();
    await Promise.all([...this.hosts.values()].map((host) => host.close()));
    this.streams?.destroy();
    await this.durable?.close();
    await this.secretsManager?.close();
    await this.sqs?.stop();
    await this.dynamodb?.stop();
  }

  private host(key: string): FunctionHost {
    const host = this.hosts.get(key);
    if (!host) throw new StartupError(`${key} is not a function of the assembly.`);
    return host;
  }
}

/**
 * Starts a server on a port found free a moment ago. Between finding it and the JVM binding it,
 * another process (a parallel test's runtime) may take it: the start then fails on bind, and is
 * tried again on another port, a few times.
 */
async function startOnFreePort<T>(start: (port: number) => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start(await freePort());
    } catch (error) {
      if (!(error instanceof StartupError) || !/bind|address already in use/i.test(error.message) || attempt >= attempts) throw error;
    }
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}
