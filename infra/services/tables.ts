import { RemovalPolicy } from 'aws-cdk-lib';
import { BillingMode, Table, TableEncryption, type TableProps } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

/** Every table: on demand, encrypted, recoverable to a point in time, protected and retained. */
export function dataTable(scope: Construct, id: string, props: Omit<TableProps, 'billingMode' | 'encryption' | 'removalPolicy'>): Table {
  return new Table(scope, id, {
    ...props,
    billingMode: BillingMode.PAY_PER_REQUEST,
    encryption: TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
