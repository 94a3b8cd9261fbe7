import { existsSync, readFileSync, writeFileSync } from 'node:fs';

type Positions = Record<string, Record<string, string>>;

/**
 * Where each stream event source may safely resume after a restart.
 *
 * The SQS emulator keeps messages in memory only, so an event the publisher had
 * already put on a queue is lost if the runtime stops before a consumer finished it.
 * Two positions are therefore kept per shard: `delivered` (the function succeeded up
 * to here) and `settled` (delivered, and afterwards every queue was seen empty, so
 * every consumer had finished). Only `settled` is written to disk; a restart resumes
 * from it and re-delivers what came after, which idempotent consumers absorb.
 */
export class Checkpoints {
  private readonly deliveredPositions: Positions = {};
  private settledPositions: Positions;

  private readonly file: string | null;

  constructor(file: string | null) {
    this.file = file;
    this.settledPositions = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Positions) : {};
  }

  settled(mapping: string, shardId: string): string | undefined {
    return this.settledPositions[mapping]?.[shardId];
  }

  /** Where a reader in this process resumes after an error: past what it already delivered. */
  resumeAfter(mapping: string, shardId: string): string | undefined {
    return this.deliveredPositions[mapping]?.[shardId] ?? this.settled(mapping, shardId);
  }

  delivered(mapping: string, shardId: string, sequenceNumber: string): void {
    const shards = (this.deliveredPositions[mapping] ??= {});
    const current = shards[shardId];
    if (!current || BigInt(sequenceNumber) > BigInt(current)) shards[shardId] = sequenceNumber;
  }

  /**
   * Moves `settled` up to what was delivered before `allQueuesEmpty` was asked,
   * if every queue was then empty. Returns whether anything moved.
   */
  async settle(allQueuesEmpty: () => Promise<boolean>): Promise<boolean> {
    const snapshot = structuredClone(this.deliveredPositions);
    if (!(await allQueuesEmpty())) return false;
    let moved = false;
    for (const [mapping, shards] of Object.entries(snapshot)) {
      for (const [shardId, sequenceNumber] of Object.entries(shards)) {
        const settled = (this.settledPositions[mapping] ??= {});
        if (!settled[shardId] || BigInt(sequenceNumber) > BigInt(settled[shardId])) {
          settled[shardId] = sequenceNumber;
          moved = true;
        }
      }
    }
    if (moved && this.file) writeFileSync(this.file, JSON.stringify(this.settledPositions, null, 2));
    return moved;
  }
}
