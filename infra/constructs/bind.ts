import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Function as LambdaFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { grantIndexQuery, grantItemActions, type ItemAction } from './grants.ts';

type Bindable = LambdaFunction & IGrantable;

/**
 * Gives a function one table in one call: the environment variable the handler reads
 * (its name a constant the handler imports too) and exactly the item actions named, plus
 * Query on the indexes named. Nothing else reaches a function's environment or role.
 */
export function bindTable(fn: Bindable, variable: string, table: ITable, actions: ItemAction[], indexes: string[] = []): void {
  fn.addEnvironment(variable, table.tableName);
  grantItemActions(table, fn, actions);
  for (const index of indexes) grantIndexQuery(table, index, fn);
}

/**
 * A topic a function publishes on: the variable, sns:Publish, and the two uses of the topic's
 * key that publishing to an encrypted topic needs (named, where grantPublish would add
 * `kms:GenerateDataKey*`).
 */
export function bindTopic(fn: Bindable, variable: string, topic: ITopic, key: IKey): void {
  fn.addEnvironment(variable, topic.topicArn);
  Grant.addToPrincipal({ grantee: fn, actions: ['sns:Publish'], resourceArns: [topic.topicArn] });
  key.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
}

/** A queue a function sends to: the variable (its URL) and sqs:SendMessage on it (what the batch send needs too). */
export function bindQueue(fn: Bindable, variable: string, queue: IQueue): void {
  fn.addEnvironment(variable, queue.queueUrl);
  Grant.addToPrincipal({ grantee: fn, actions: ['sqs:SendMessage'], resourceArns: [queue.queueArn] });
  queue.encryptionMasterKey?.grantEncrypt(fn);
}

/** A secret a function reads: the variable (its ARN) and GetSecretValue on it alone. */
export function bindSecret(fn: Bindable, variable: string, secret: ISecret): void {
  fn.addEnvironment(variable, secret.secretArn);
  Grant.addToPrincipal({ grantee: fn, actions: ['secretsmanager:GetSecretValue'], resourceArns: [secret.secretArn] });
  secret.encryptionKey?.grantDecrypt(fn);
}

/**
 * A function another one invokes directly (no route between them): the variable holding the
 * target's name, and lambda:InvokeFunction on exactly that function. (`target.grantInvoke` would
 * also grant its versions and aliases, `<arn>:*`, which we never publish.)
 */
export function bindFunction(fn: Bindable, variable: string, target: IFunction): void {
  fn.addEnvironment(variable, target.functionName);
  Grant.addToPrincipal({ grantee: fn, actions: ['lambda:InvokeFunction'], resourceArns: [target.functionArn] });
}
