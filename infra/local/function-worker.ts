import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';

/**
 * One Lambda execution environment: a worker thread with the function's own
 * environment variables, loading the bundled module once (the cold start) and
 * handling one invocation at a time, as Lambda does.
 */
interface WorkerInput {
  modulePath: string;
  exportName: string;
  functionName: string;
  memoryMb: number;
  region: string;
  accountId: string;
}
interface Invocation {
  id: number;
  event: unknown;
  deadline: number;
}

const input = workerData as WorkerInput;
const port = parentPort!;
const module = (await import(pathToFileURL(input.modulePath).href)) as Record<string, unknown>;
const handler = module[input.exportName];
if (typeof handler !== 'function') {
  throw new Error(`${input.modulePath} does not export a function named ${input.exportName}`);
}

port.on('message', async ({ id, event, deadline }: Invocation) => {
  const awsRequestId = randomUUID();
  const context = {
    functionName: input.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${input.region}:${input.accountId}:function:${input.functionName}`,
    memoryLimitInMB: String(input.memoryMb),
    awsRequestId,
    logGroupName: `/aws/lambda/${input.functionName}`,
    logStreamName: `local/${awsRequestId}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  try {
    const result = await (handler as (event: unknown, context: unknown) => Promise<unknown>)(event, context);
    port.postMessage({ id, ok: true, result });
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    port.postMessage({ id, ok: false, error: { name: err.name, message: err.message, stack: err.stack } });
  }
});
port.postMessage({ ready: true });
