import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Writable } from 'node:stream';
import type { FunctionSpec } from './assembly.ts';

/**
 * The variables Lambda itself sets in a function's execution environment, before the
 * function's own: no credentials or endpoints, which depend on where it runs.
 */
export function lambdaEnvironment(spec: FunctionSpec, functionName: string, region: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    // As Lambda sets it; Powertools reports cold starts only for on-demand environments.
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    LAMBDA_TASK_ROOT: path.dirname(spec.modulePath),
  };
}

export class FunctionError extends Error {
  readonly functionName: string;
  readonly errorType: string;
  readonly remoteStack: string | undefined;

  constructor(functionName: string, errorType: string, message: string, remoteStack?: string) {
    super(message);
    this.functionName = functionName;
    this.errorType = errorType;
    this.remoteStack = remoteStack;
    this.name = 'FunctionError';
  }
}

export interface FunctionHostOptions {
  readonly spec: FunctionSpec;
  readonly functionName: string;
  readonly environment: Record<string, string>;
  readonly region: string;
  readonly accountId: string;
  /** How many execution environments may run at once (Lambda's concurrency). */
  readonly maxConcurrency: number;
  /** Where the function's stdout and stderr go (its CloudWatch logs, locally). */
  readonly log: Writable;
}

interface Environment {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  pending: { id: number; resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout } | null;
}

const WORKER_SCRIPT = new URL('./function-worker.ts', import.meta.url);

/**
 * Runs a bundled function like Lambda does: a pool of execution environments,
 * each a worker thread handling one invocation at a time, cold-started on demand,
 * and thrown away when an invocation times out or crashes it.
 */
export class FunctionHost {
  private readonly idle: Environment[] = [];
  private readonly busy = new Set<Environment>();
  private readonly waiting: ((env: Environment) => void)[] = [];
  private nextId = 1;
  private closed = false;
  invocations = 0;

  private readonly options: FunctionHostOptions;

  constructor(options: FunctionHostOptions) {
    this.options = options;
  }

  get name(): string {
    return this.options.functionName;
  }

  async invoke(event: unknown): Promise<unknown> {
    if (this.closed) throw new FunctionError(this.name, 'Shutdown', 'The local runtime is shutting down.');
    this.invocations += 1;
    const env = await this.acquire();
    try {
      await env.ready;
      return await this.run(env, event);
    } finally {
      this.release(env);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.idle, ...this.busy];
    this.idle.length = 0;
    await Promise.all(all.map((env) => env.worker.terminate()));
  }

  private run(env: Environment, event: unknown): Promise<unknown> {
    const { spec } = this.options;
    const id = this.nextId++;
    const deadline = Date.now() + spec.timeoutSeconds * 1000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        env.pending = null;
        this.discard(env);
        reject(new FunctionError(this.name, 'Timeout', `Task timed out after ${spec.timeoutSeconds} seconds`));
      }, spec.timeoutSeconds * 1000);
      env.pending = { id, resolve, reject, timer };
      env.worker.postMessage({ id, event, deadline });
    });
  }

  private acquire(): Promise<Environment> {
    const env = this.idle.pop();
    if (env) {
      this.busy.add(env);
      return Promise.resolve(env);
    }
    if (this.busy.size < this.options.maxConcurrency) {
      const fresh = this.start();
      this.busy.add(fresh);
      return Promise.resolve(fresh);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(env: Environment): void {
    if (!this.busy.has(env)) {
      // The environment was discarded (timeout or crash): let a waiter start a fresh one.
      const next = this.waiting.shift();
      if (next) {
        const fresh = this.start();
        this.busy.add(fresh);
        next(fresh);
      }
      return;
    }
    const next = this.waiting.shift();
    if (next) {
      next(env);
      return;
    }
    this.busy.delete(env);
    if (!this.closed) this.idle.push(env);
    else void env.worker.terminate();
  }

  private discard(env: Environment): void {
    this.busy.delete(env);
    const index = this.idle.indexOf(env);
    if (index >= 0) this.idle.splice(index, 1);
    void env.worker.terminate();
  }

  private start(): Environment {
    const { spec, environment, region, accountId, log } = this.options;
    const worker = new Worker(WORKER_SCRIPT, {
      env: environment,
      workerData: {
        modulePath: spec.modulePath,
        exportName: spec.exportName,
        functionName: this.name,
        memoryMb: spec.memoryMb,
        region,
        accountId,
      },
      execArgv: environment.NODE_OPTIONS?.includes('--enable-source-maps') ? ['--enable-source-maps'] : [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: spec.memoryMb },
    });
    // Written, not piped: a pipe adds listeners to the shared log for every worker.
    worker.stdout.on('data', (chunk: Buffer) => log.write(chunk));
    worker.stderr.on('data', (chunk: Buffer) => log.write(chunk));
    let markReady!: () => void;
    let failStart!: (error: Error) => void;
    const env: Environment = {
      worker,
      ready: new Promise<void>((resolve, reject) => {
        markReady = resolve;
        failStart = reject;
      }),
      pending: null,
    };
    env.ready.catch(() => undefined);
    worker.on('message', (message: { ready?: true; id?: number; ok?: boolean; result?: unknown; error?: { name: string; message: string; stack?: string } }) => {
      if (message.ready) return markReady();
      const pending = env.pending;
      if (!pending || pending.id !== message.id) return;
      clearTimeout(pending.timer);
      env.pending = null;
      if (message.ok) pending.resolve(message.result);
      else pending.reject(new FunctionError(this.name, message.error!.name, message.error!.message, message.error!.stack));
    });
    worker.on('error', (error) => {
      const failure = new FunctionError(this.name, 'Runtime.Crash', error.message, error.stack);
      failStart(failure);
      if (env.pending) {
        clearTimeout(env.pending.timer);
        env.pending.reject(failure);
        env.pending = null;
      }
      this.discard(env);
    });
    return env;
  }
}
