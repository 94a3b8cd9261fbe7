import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { DomainEvent } from '../../libs/events/catalog.ts';
import { recordDeliveries } from '../support/deliveries.ts';
import { householdBusiness, startLocalSystem, type LocalSystem } from '../support/local-system.ts';

/**
 * The SQS emulator keeps messages in memory only. These tests stop the runtime with
 * events still on the queues and check that a restart on the same data directory
 * keeps every dossier and delivers those events again; and that events consumers
 * had finished before the stop are not delivered again.
 */
const dataDirs: string[] = [];
let system: LocalSystem | undefined;

let token: string;

/** A data directory of the test's own: each test starts from nothing. */
function freshDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-restart-'));
  dataDirs.push(dir);
  return dir;
}

/** Starts on the given data directory; the issuer's URL moves with the port, so the token is minted anew. */
async function start(dataDir: string): Promise<LocalSystem> {
  system = await startLocalSystem({ assemblyDir: inject('assemblyDir'), dataDir, inMemory: false });
  token = await system.issuer.mint({ agency: 'H38.22', sub: 'officer-restart' });
  return system;
}

/** Five dossiers received on the running system. */
async function fiveDossiers(running: LocalSystem, from: number): Promise<string[]> {
  const codes: string[] = [];
  for (let i = 0; i < 5; i++) {
    const response = await running.api('POST', '/dossiers', householdBusiness(from + i), token);
    expect(response.status).toBe(201);
    codes.push(response.body.code);
  }
  return codes;
}
const received = (codes: string[]) => (events: DomainEvent[]) => codes.every((code) => events.some((event) => event.type === 'DossierReceived' && event.dossierCode === code));

afterAll(async () => {
  await system?.stop();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

// Each test starts the runtime twice: more than the default minute on a loaded machine.
describe('restarting the local runtime on the same data directory', { timeout: 150_000 }, () => {
  it('keeps dossiers and re-delivers the events that were still on the queues', async () => {
    const dataDir = freshDataDir();
    let running = await start(dataDir);
    const survey = recordDeliveries(running, 'survey');
    const codes = await fiveDossiers(running, 200);
    // Published (survey's function was handed them), but nobody consumes the reporting queue yet:
    // they are still there when the emulator stops, and die with it.
    expect(received(codes)(await survey.wait(received(codes)))).toBe(true);
    survey.stop();
    await running.stop();

    running = await start(dataDir);
    for (const code of codes) {
      const lookup = await running.api('GET', `/dossiers/${code}`, undefined, token);
      expect(lookup.status).toBe(200);
      expect(lookup.body.history.length).toBeGreaterThan(0);
    }
    // The checkpoint could not move while the reporting queue held events: they are read from the
    // stream again and reach reporting after the restart (at-least-once).
    const reporting = await running.drainEvents('reporting', received(codes));
    expect(received(codes)(reporting)).toBe(true);
    await running.stop();
    system = undefined;
  });

  it('does not re-deliver events every consumer had finished before the stop', async () => {
    const dataDir = freshDataDir();
    let running = await start(dataDir);
    const codes = await fiveDossiers(running, 220);
    // Postal's and survey's own consumers empty their queues; reporting's is drained here.
    await running.drainEvents('reporting', received(codes));
    // Every queue is now empty; the runtime settles the stream checkpoint within a few seconds.
    const checkpointFile = path.join(dataDir, 'stream-checkpoints.json');
    const settledBefore = existsSync(checkpointFile) ? readFileSync(checkpointFile, 'utf8') : '';
    const deadline = Date.now() + 20_000;
    while ((!existsSync(checkpointFile) || readFileSync(checkpointFile, 'utf8') === settledBefore) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(readFileSync(checkpointFile, 'utf8')).not.toBe(settledBefore);
    await running.stop();

    running = await start(dataDir);
    const next = await running.api('POST', '/dossiers', householdBusiness(210), token);
    expect(next.status).toBe(201);
    // The stream is read in order, so anything replayed would arrive before the new event.
    const events = await running.drainEvents('reporting', received([next.body.code]));
    expect(new Set(events.map((event) => event.dossierCode))).toEqual(new Set([next.body.code]));
  });
});
