import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption, type TableProps } from 'aws-cdk-lib/aws-dynamodb';
import { OUTBOX_DAY_INDEX } from '../../libs/events/outbox.ts';
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

/**
 * A producer's outbox (libs/events/outbox.ts): append-only, pk the aggregate and sk its sequence,
 * a NEW_IMAGE stream for the publisher, and the `byDay` index that replays and rebuilds read
 * instead of scanning.
 */
export function outboxTable(scope: Construct, id: string): Table {
  const table = dataTable(scope, id, {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    sortKey: { name: 'sk', type: AttributeType.STRING },
    stream: StreamViewType.NEW_IMAGE,
  });
  table.addGlobalSecondaryIndex({
    indexName: OUTBOX_DAY_INDEX,
    partitionKey: { name: 'day', type: AttributeType.STRING },
    sortKey: { name: 'recordedKey', type: AttributeType.STRING },
  });
  return table;
}
