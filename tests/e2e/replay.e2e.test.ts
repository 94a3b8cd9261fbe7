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
  // Postal and survey consume their queues: the first deliveries must be over before the tests record the replays.
  const firstDeliveries = [recordDeliveries(system, 'postal'), recordDeliveries(system, 'survey')];
  for (let i = 0; i < 3; i++) expect((await system.api('POST', '/dossiers', householdBusiness(300 + i), token)).status).toBe(201);
  // Reporting takes every type: the survey's SmsSent for these dossiers may come too; the replays below are of intake's.
  const intakeOnly = (events: DomainEvent[]) => events.filter((event) => event.type === 'DossierReceived');
  received.push(...intakeOnly(await system.drainEvents('reporting', (events) => intakeOnly(events).length >= 3)));
  for (const first of firstDeliveries) {
    await first.wait((events) => intakeOnly(events).length >= 3);
    first.stop();
  }
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
    expect((await system.drainEvents('reporting', () => false, 1_500)).filter((event) => event.type.startsWith('Dossier'))).toEqual([]);
  });

  it('re-publishes to the bus, where each subscription takes the types it declared', async () => {
    // Postal and survey consume their queues: what their functions are handed is what the bus gave them.
    const postal = recordDeliveries(system, 'postal');
    const survey = recordDeliveries(system, 'survey');
    await replay('--from', today(), '--to', today(), '--type', 'DossierReceived');
    expect(ids(await system.drainEvents('reporting', (events) => events.length >= 3))).toEqual(ids(received));
    expect(ids(await postal.wait((events) => events.length >= 3))).toEqual(ids(received));
    expect(ids(await survey.wait((events) => events.length >= 3))).toEqual(ids(received));
    postal.stop();
    survey.stop();
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
