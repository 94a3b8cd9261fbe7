import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { requiredEnv } from '../../../libs/platform/dynamodb.ts';
import { tracer } from '../../../libs/platform/powertools.ts';
import { callbackMessage } from './callback-message.ts';
import { SURVEY_ENV } from './environment.ts';
import type { GatewayCallback } from './gateway.ts';

const sqs = tracer.captureAWSv3Client(new SQSClient({}));

/** Queues an authenticated callback for ApplySmsCallbacks: the route answers the gateway at once. */
export async function enqueueCallback(callback: GatewayCallback): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: requiredEnv(SURVEY_ENV.callbacksQueue), MessageBody: JSON.stringify(callbackMessage(callback)) }));
}
