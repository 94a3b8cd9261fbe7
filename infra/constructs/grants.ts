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
