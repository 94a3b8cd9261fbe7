import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The frozen example events (tests/contracts/events/<producer>/<Type>.v<version>[.<variant>].json),
 * read as they are stored: they are the contract consumers were written against, never rebuilt
 * from today's schemas. Read by the compatibility tests and by the AsyncAPI generator (as the
 * examples of each message).
 */

export const FROZEN_EVENTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'events');

const FILE_NAME = /^(?<type>[A-Z][A-Za-z]+)\.v(?<version>[1-9]\d*)(?:\.(?<variant>[a-z0-9]+(?:-[a-z0-9]+)*))?\.json$/;

export interface FrozenEvent {
  /** Relative to tests/contracts/events, e.g. `intake/DossierTransferred.v1.first-leg.json`. */
  readonly file: string;
  readonly producer: string;
  /** What the file name says; the tests check the event inside agrees. */
  readonly type: string;
  readonly version: number;
  readonly variant: string | null;
  /** The event exactly as stored (the SQS body a consumer receives). */
  readonly event: Record<string, unknown>;
}

export function frozenEvents(dir: string = FROZEN_EVENTS_DIR): FrozenEvent[] {
  const found: FrozenEvent[] = [];
  for (const producer of readdirSync(dir, { withFileTypes: true })) {
    if (!producer.isDirectory()) continue;
    for (const name of readdirSync(path.join(dir, producer.name))) {
      const file = `${producer.name}/${name}`;
      const parts = FILE_NAME.exec(name)?.groups;
      if (!parts) throw new Error(`${file}: a frozen event is named <Type>.v<version>[.<variant>].json`);
      found.push({
        file,
        producer: producer.name,
        type: parts.type!,
        version: Number(parts.version),
        variant: parts.variant ?? null,
        event: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>,
      });
    }
  }
  // Plain code-unit order, not the locale's: the AsyncAPI document lists examples in this order.
  return found.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
