import { ScanCommand, type DynamoDBDocumentClient, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { eventOfOutboxItem } from '../../../libs/events/outbox.ts';
import type { DomainEvent } from '../../../libs/events/catalog.ts';
import type { AgencyTree } from '../domain/agency-tree.ts';
import { emptyFold, foldEvent } from '../domain/items.ts';
import type { ScoreCounters } from '../domain/tally.ts';
import type { ReportingRepository } from './reporting-repository.ts';

/**
 * Rebuilds reporting's counters from the whole event log (every producer's outbox), beside the
 * live ones:
 *
 * 1. every outbox is read and folded in memory into generation `g + 1`, exactly as the live
 *    consumer applies events (domain/items.ts `foldEvent`), and written;
 * 2. `g + 1` becomes the live generation (reports and the consumer switch to it);
 * 3. the outboxes are read again, and events not in the first read (written meanwhile) are applied
 *    through the live path, which counts each once whether or not the consumer already did.
 *
 * The previous generation stays (for comparison) until removed. Reading an outbox whole is a scan:
 * a rebuild is the one reader that needs every entry.
 */
export interface RebuildOptions {
  readonly documents: DynamoDBDocumentClient;
  readonly outboxes: readonly string[];
  readonly repository: ReportingRepository;
  readonly tree: AgencyTree;
  readonly scores?: ScoreCounters;
  readonly onProgress?: (line: string) => void;
}

export interface RebuildResult {
  readonly previous: number;
  readonly generation: number;
  readonly events: number;
  readonly items: number;
  readonly caughtUp: number;
}

export async function rebuild(options: RebuildOptions): Promise<RebuildResult> {
  const { repository, tree, scores } = options;
  const progress = options.onProgress ?? (() => undefined);
  const previous = await repository.generation();
  const generation = previous + 1;
  const folded = emptyFold();
  const seen = new Set<string>();
  for (const outbox of options.outboxes) {
    for await (const event of eventsIn(options.documents, outbox)) {
      seen.add(event.eventId);
      foldEvent(folded, generation, event, tree, scores);
    }
    progress(`read ${outbox}: ${seen.size} events so far`);
  }
  const items = await repository.writeFolded(generation, folded);
  progress(`wrote generation ${generation}: ${items} items`);
  await repository.switchGeneration(previous, generation);
  progress(`generation ${generation} is live (was ${previous})`);

  let caughtUp = 0;
  for (const outbox of options.outboxes) {
    for await (const event of eventsIn(options.documents, outbox)) {
      if (seen.has(event.eventId)) continue;
      await repository.apply(event, tree, scores, generation);
      caughtUp += 1;
    }
  }
  if (caughtUp) progress(`applied ${caughtUp} events written during the rebuild`);
  return { previous, generation, events: seen.size, items, caughtUp };
}

/** Every event of an outbox, page by page (a province's log does not fit in memory as entries). */
async function* eventsIn(documents: DynamoDBDocumentClient, table: string): AsyncGenerator<DomainEvent> {
  let start: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await documents.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) yield eventOfOutboxItem(item);
    start = page.LastEvaluatedKey;
  } while (start);
}
