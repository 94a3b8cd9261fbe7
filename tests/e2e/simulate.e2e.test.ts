import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isoDateOf, localDateOf } from '../../libs/calendar/working-days.ts';
import { shippedCatalog } from '../../scripts/simulate/catalog.ts';
import { historyOf } from '../../scripts/simulate/history.ts';
import { seededRandom } from '../../scripts/simulate/random.ts';
import { simulate, type SimulateResult } from '../../scripts/simulate/run.ts';
import { startLocalSystem, type LocalSystem } from '../support/local-system.ts';

/**
 * `npm run simulate` against a local system with reporting's consumer polling: a small history
 * through the import and the rebuild, today's dossiers through the API, and the month's summary
 * shows both.
 */

let system: LocalSystem;
let dataDir: string;
const now = new Date();
const month = isoDateOf(localDateOf(now)).slice(0, 7);
const options = { agency: 'H38', days: 5, dossiers: 100, today: 12, seed: 3, surveyWaitMs: 150_000, now };

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-e2e-simulate-'));
  system = await startLocalSystem({ assemblyDir: inject('assemblyDir'), dataDir, inMemory: true, unpolledQueues: [], smsSimulator: { stepMs: 50 }, postalSimulator: { stepMs: 50 } });
}, 120_000);

afterAll(async () => {
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run simulate', () => {
  let result: SimulateResult;

  it('refuses clearly when no local system runs there', async () => {
    await expect(simulate({ ...options, dataDir: path.join(dataDir, 'nowhere') })).rejects.toThrow(/start the local system first \(npm start\)/);
  });

  it('imports the history, rebuilds reporting and drives today through the API', { timeout: 300_000 }, async () => {
    const lines: string[] = [];
    result = await simulate({ ...options, dataDir, log: (line) => lines.push(line) });
    expect(result.historyLines).toBe(100);
    expect(result.imported).toEqual({ written: 100, alreadyImported: 0, conflicts: 0 });
    expect(result.today.received).toBe(12);
    expect(result.today.actionsRefused).toBe(0);
    expect(result.summaryUrl).toBe(`${system.info.url}/reports/summary?agency=H38&period=${month}`);
    expect(result.narrative).toMatch(/^Tiếp nhận [\d.]+ hồ sơ; giải quyết trước hạn và đúng hạn/);
    expect(lines.some((line) => line.startsWith('reporting: rebuilt from'))).toBe(true);
  });

  it("the month's summary counts the history's dossiers of the month and today's, each once", { timeout: 90_000 }, async () => {
    const history = historyOf(shippedCatalog(), { ...options, agency: 'H38' }, seededRandom(options.seed)).filter((line) => isoDateOf(localDateOf(new Date(line.receivedAt))).startsWith(month));
    expect(result.historyReceivedThisMonth).toBe(history.length);
    const token = await system.issuer.mint({ agency: 'H38' });
    const answered = history.filter((line) => line.satisfaction).length + result.today.replies;
    let body: any;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
      body = (await system.api('GET', `/reports/summary?agency=H38&period=${month}`, undefined, token)).body;
      if (body.totals.received === history.length + 12 && body.totals.satisfaction.answers >= answered) break;
    }
    expect(body.totals.received).toBe(history.length + 12);
    const byChannel = (channel: string) => history.filter((line) => line.channel === channel).length;
    expect(body.totals.receivedByChannel.online).toBeGreaterThanOrEqual(byChannel('online'));
    expect(body.totals.receivedByChannel.counter).toBeGreaterThanOrEqual(byChannel('counter'));
    expect(body.totals.satisfaction.answers).toBe(answered);
    expect(body.totals.activity['returned.counter']).toBeGreaterThan(0);
  });

  it('a second run the same day with the same seed adds nothing', { timeout: 300_000 }, async () => {
    const again = await simulate({ ...options, dataDir, surveyWaitMs: 0, log: () => undefined });
    expect(again.imported).toEqual({ written: 0, alreadyImported: 100, conflicts: 0 });
    expect(again.today.received).toBe(12);
    const token = await system.issuer.mint({ agency: 'H38' });
    const body = (await system.api('GET', `/reports/summary?agency=H38&period=${month}`, undefined, token)).body;
    expect(body.totals.received).toBe(result.historyReceivedThisMonth + 12);
  });
});
