import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Agency, Procedure } from '../domain/catalog.ts';

type Kind = 'procedure' | 'agency';

/**
 * Procedures and agencies, one partition each (pk = kind, sk = code).
 *
 * Single items found are kept for `cacheSeconds` in the execution environment: the
 * catalog changes a few times a year and every submission reads two of them, so a
 * change reaches the counter within a minute instead of costing two reads per dossier.
 * Codes not found are not cached, so a newly loaded procedure is usable at once.
 */
export class CatalogRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly cacheMs: number;
  private readonly cache = new Map<string, { item: unknown; expires: number }>();

  constructor(client: DynamoDBDocumentClient, table: string, cacheSeconds = 60) {
    this.client = client;
    this.table = table;
    this.cacheMs = cacheSeconds * 1000;
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
    // Catalog codes are short (1.001612, H38.22.1); anything else names nothing.
    if (!/^[A-Za-z0-9._-]{1,40}$/.test(code)) return null;
    const key = `${kind}#${code}`;
    const cached = this.cache.get(key);
    if (cached && cached.expires > Date.now()) return cached.item as T;
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: { pk: kind, sk: code } }));
    if (!Item) return null;
    const item = strip(Item) as T;
    if (this.cacheMs > 0) this.cache.set(key, { item, expires: Date.now() + this.cacheMs });
    return item;
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
