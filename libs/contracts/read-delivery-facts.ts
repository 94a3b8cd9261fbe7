import type { LambdaClient } from '@aws-sdk/client-lambda';
import { DELIVERY_FACTS_FUNCTION_VARIABLE, DeliveryFactsAnswer, DeliveryFactsRequest } from './intake-delivery.ts';

/**
 * The caller's side of intake's ReadDeliveryFacts (libs/contracts/intake-delivery.ts): invokes
 * the function named by DELIVERY_FACTS_FUNCTION_VARIABLE (set by `bindFunction`), and gives its
 * answer parsed with the contract. Whatever goes wrong throws — the function failed, its answer
 * breaks the contract, the caller was not bound — so that a queue consumer's message is retried,
 * then parked in its DLQ, rather than acted on without the facts.
 */

/** The function failed (it threw or timed out); its error type and message, never any facts. */
export class DeliveryFactsFailed extends Error {
  readonly errorType: string;
  constructor(errorType: string, message: string) {
    super(`intake's ReadDeliveryFacts failed: ${errorType}: ${message}`);
    this.name = 'DeliveryFactsFailed';
    this.errorType = errorType;
  }
}

let shared: Promise<LambdaClient> | undefined;

/**
 * One client per execution environment, loaded on first use: a function that never reads the
 * facts does not pay for the Lambda client at its cold start.
 */
function lambdaClient(): Promise<LambdaClient> {
  shared ??= import('@aws-sdk/client-lambda').then(({ LambdaClient }) => new LambdaClient({}));
  return shared;
}

export async function readDeliveryFacts(request: DeliveryFactsRequest, client?: LambdaClient): Promise<DeliveryFactsAnswer> {
  const functionName = process.env[DELIVERY_FACTS_FUNCTION_VARIABLE];
  if (!functionName) throw new Error(`${DELIVERY_FACTS_FUNCTION_VARIABLE} is not set: bind this function to intake's ReadDeliveryFacts (bindFunction)`);
  const { InvokeCommand } = await import('@aws-sdk/client-lambda');
  const response = await (client ?? (await lambdaClient())).send(
    new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(JSON.stringify(DeliveryFactsRequest.parse(request))) }),
  );
  const payload: unknown = response.Payload?.length ? JSON.parse(new TextDecoder().decode(response.Payload)) : null;
  if (response.FunctionError) {
    const { errorType = response.FunctionError, errorMessage = '(no message)' } = (payload ?? {}) as { errorType?: string; errorMessage?: string };
    throw new DeliveryFactsFailed(errorType, errorMessage);
  }
  return DeliveryFactsAnswer.parse(payload);
}
