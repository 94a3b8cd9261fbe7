import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isoDateOf, localDateOf } from '../../libs/calendar/working-days.ts';
import type { DomainEvent } from '../../libs/events/catalog.ts';
import { recordDeliveries } from '../support/deliveries.ts';
import { householdBusiness, startLocalSystem, type LocalSystem } from '../support/local-system.ts';

const run = promisify(execFile);
let system: LocalSystem;
let dataDir: string;
const received: DomainEvent[] = [];

/** `npm run events:replay` as an operator runs it, against the running local system's runtime.json. */
const replay = (...args: string[]) =>
  run(process.execPath, ['scripts/events-replay.ts', '--data-dir', dataDir, ...args], { cwd: path.resolve(import.meta.dirname, '../..') });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-e2e-replay-'));
  system = await startLocalSystem({ assemblyDir: inject('assemblyDir'), dataDir, inMemory: true });
  const token = await system.issuer.mint({ agency: 'H38.22' });
  for (let i = 0; i < 3; i++) expect((await system.api('POST', '/dossiers', householdBusiness(300 + i), token)).status).toBe(201);
  received.push(...(await system.drainEvents('reporting', (events) => events.length >= 3)));
  await system.drainEvents('survey', (events) => events.length >= 3);
});

afterAll(async () => {
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const today = () => isoDateOf(localDateOf(new Date()));
const ids = (events: DomainEvent[]) => events.map((event) => event.eventId).sort();

describe('npm run events:replay', () => {
  it('re-publishes one consumer\'s declared events to its queue only, in the message the publisher sends', async () => {
    // Postal's consumer empties its queue: what it is handed is recorded at its function.
    const postal = recordDeliveries(system, 'postal');
    const { stdout } = await replay('--from', today(), '--consumer', 'postal');
    expect(stdout).toContain("sent 3 of 3 events");
    const again = await postal.wait((events) => events.length >= 3);
    postal.stop();
    expect(ids(again)).toEqual(ids(received));
    expect(again).toEqual(expect.arrayContaining(received));
    expect(await system.drainEvents('reporting', () => false, 1_500)).toEqual([]);
  });

  it('re-publishes to the bus, where each subscription takes the types it declared', async () => {
    const postal = recordDeliveries(system, 'postal');
    await replay('--from', today(), '--to', today(), '--type', 'DossierReceived');
    for (const consumer of ['reporting', 'survey'] as const) {
      expect(ids(await system.drainEvents(consumer, (events) => events.length >= 3))).toEqual(ids(received));
    }
    expect(ids(await postal.wait((events) => events.length >= 3))).toEqual(ids(received));
    postal.stop();
    expect(await system.drainEvents('intake', () => false, 1_500)).toEqual([]);
  });

  it('sends nothing for a day without events, and refuses a bad command line with exit status 2', async () => {
    const { stdout } = await replay('--from', '2020-01-01', '--consumer', 'reporting');
    expect(stdout).toContain('sent 0 of 0 events');
    await expect(replay('--from', '2026-02-30')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('not a date') });
    await expect(replay('--from', today(), '--type', 'NoSuchEvent')).rejects.toMatchObject({ code: 2 });
    await expect(replay('--from', today(), '--consumer', 'intake', '--type', 'DossierReceived')).rejects.toMatchObject({ code: 2 });
  });
});
