import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from './powertools.ts';

/**
 * One document client per execution environment, reused across invocations.
 * The endpoint comes from the environment (AWS_ENDPOINT_URL_DYNAMODB locally).
 */
export const dynamoClient = tracer.captureAWSv3Client(new DynamoDBClient({}));

export const documentClient = DynamoDBDocumentClient.from(dynamoClient, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}
