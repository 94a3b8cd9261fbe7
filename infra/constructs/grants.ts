import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';

export type ItemAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem';

/**
 * Grants exactly these item actions on the table itself, and nothing on its indexes.
 * (Table.grantReadData and friends also grant `<table>/index/*` and actions we never use.)
 */
export function grantItemActions(table: ITable, grantee: IGrantable, actions: ItemAction[]): Grant {
  return Grant.addToPrincipal({
    grantee,
    actions: actions.map((action) => `dynamodb:${action}`),
    resourceArns: [table.tableArn],
  });
}

/** Query on one named index of the table, and nothing else. */
export function grantIndexQuery(table: ITable, indexName: string, grantee: IGrantable): Grant {
  return Grant.addToPrincipal({ grantee, actions: ['dynamodb:Query'], resourceArns: [`${table.tableArn}/index/${indexName}`] });
}

/**
 * Item actions on the items whose partition key matches one of the patterns only (IAM's
 * `dynamodb:LeadingKeys`), e.g. a function that may count on `counter#*` items but never
 * rewrite a dossier.
 */
export function grantItemActionsOnKeys(table: ITable, grantee: IGrantable, actions: ItemAction[], keyPatterns: string[]): Grant {
  return Grant.addToPrincipal({
    grantee,
    actions: actions.map((action) => `dynamodb:${action}`),
    resourceArns: [table.tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': keyPatterns } },
  });
}
