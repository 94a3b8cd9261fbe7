import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Agency, Procedure } from '../domain/catalog.ts';

type Kind = 'procedure' | 'agency';

/** Procedures and agencies, one partition each (pk = kind, sk = code). */
export class CatalogRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.client = client;
    this.table = table;
  }

  getProcedure(code: string): Promise<Procedure | null> {
    return this.get<Procedure>('procedure', code);
  }

  getAgency(code: string): Promise<Agency | null> {
    return this.get<Agency>('agency', code);
  }

  listProcedures(): Promise<Procedure[]> {
    return this.list<Procedure>('procedure');
  }

  listAgencies(): Promise<Agency[]> {
    return this.list<Agency>('agency');
  }

  private async get<T>(kind: Kind, code: string): Promise<T | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: { pk: kind, sk: code } }));
    return Item ? (strip(Item) as T) : null;
  }

  private async list<T>(kind: Kind): Promise<T[]> {
    const items: T[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :kind',
          ExpressionAttributeValues: { ':kind': kind },
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []).map((item) => strip(item) as T));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}

function strip(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest;
}
