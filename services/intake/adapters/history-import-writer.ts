import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { outboxItem } from '../../../libs/events/outbox.ts';
import type { ImportedDossier, ImportedEvents } from '../domain/history-import.ts';

/** Where an imported dossier goes: intake's dossiers and history (its outbox), and the survey service's outbox. */
export interface ImportTables {
  readonly dossiers: string;
  readonly history: string;
  readonly surveyOutbox: string;
}

/** `written`: stored now; `already-imported`: the same content was stored before; `conflict`: the code holds something else (left as it is). */
export type ImportOutcome = 'written' | 'already-imported' | 'conflict';

/** The survey service keys a dossier's survey events by this aggregate (services/survey/adapters/survey-repository.ts). */
export const surveyAggregateOf = (code: string) => `survey#${code}`;

const TRANSACTION_ATTEMPTS = 8;

/**
 * Writes one imported dossier, its intake events and its survey answer in one transaction, each
 * item conditional on its absence: all of it or nothing, never over what a code already holds. A
 * code already there is compared by the line's fingerprint: the same content is a re-run, other
 * content (or a live dossier) a conflict.
 */
export async function writeImported(client: DynamoDBDocumentClient, tables: ImportTables, imported: { dossier: ImportedDossier } & ImportedEvents): Promise<ImportOutcome> {
  const absent = 'attribute_not_exists(pk)';
  const items = [
    { Put: { TableName: tables.dossiers, Item: { pk: imported.dossier.code, ...imported.dossier }, ConditionExpression: absent } },
    ...imported.intake.map((event) => ({ Put: { TableName: tables.history, Item: outboxItem(event), ConditionExpression: absent } })),
    ...imported.survey.map((event) => ({ Put: { TableName: tables.surveyOutbox, Item: outboxItem(event, surveyAggregateOf(event.dossierCode)), ConditionExpression: absent } })),
  ];
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
      return 'written';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) return outcomeOfExisting(client, tables, imported.dossier);
      // Another writer on the same items at the same instant (or throttling): try again, a little later each time.
      if (attempt >= TRANSACTION_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt * Math.random()));
    }
  }
}

async function outcomeOfExisting(client: DynamoDBDocumentClient, tables: ImportTables, dossier: ImportedDossier): Promise<ImportOutcome> {
  const { Item } = await client.send(new GetCommand({ TableName: tables.dossiers, Key: { pk: dossier.code }, ConsistentRead: true }));
  // No dossier, yet an event of its was there: history written by something else under this code.
  const stored = (Item as Partial<ImportedDossier> | undefined)?.imported;
  return stored?.fingerprint === dossier.imported.fingerprint ? 'already-imported' : 'conflict';
}

/** BatchGetItem takes at most this many keys. */
export const LOOKUP_BATCH = 100;

/**
 * The codes among `codes` (at most LOOKUP_BATCH) that the dossiers table already holds, each with
 * its import fingerprint (null: a live dossier). A re-run reads these instead of trying, and
 * failing, one transaction per dossier.
 */
export async function storedFingerprints(client: DynamoDBDocumentClient, table: string, codes: readonly string[]): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>();
  let keys: Record<string, unknown>[] | undefined = codes.map((code) => ({ pk: code }));
  for (let attempt = 0; keys?.length; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** Math.min(attempt, 6)));
    const { Responses, UnprocessedKeys } = await client.send(
      new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'pk, imported' } } }),
    );
    for (const item of Responses?.[table] ?? []) found.set(item.pk as string, (item.imported as { fingerprint?: string } | undefined)?.fingerprint ?? null);
    keys = UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined;
  }
  return found;
}
