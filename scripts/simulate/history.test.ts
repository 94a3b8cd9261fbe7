import { describe, expect, it } from 'vitest';
import { verdictOf } from '../../libs/calendar/verdicts.ts';
import { importContext } from '../../services/intake/scripts/import-history.ts';
import { checkLine, HistoryFileCheck } from '../../services/intake/domain/history-import.ts';
import { shippedCatalog } from './catalog.ts';
import { historyOf, receivingAgencies, type HistoryLine, type HistoryOptions } from './history.ts';
import { seededRandom } from './random.ts';

const catalog = shippedCatalog();
const now = new Date('2026-11-30T03:00:00Z'); // a Monday, 10:00 in Vietnam
const options: HistoryOptions = { agency: 'H38', days: 30, dossiers: 2000, seed: 7, now };
const generate = (overrides: Partial<HistoryOptions> = {}) => historyOf(catalog, { ...options, ...overrides }, seededRandom(overrides.seed ?? options.seed));
const lines = generate();
const share = (predicate: (line: HistoryLine) => boolean) => lines.filter(predicate).length / lines.length;
const ms = (instant: string) => new Date(instant).getTime();

describe('a simulated history', () => {
  it('has as many dossiers as asked, every line accepted by the import, no code twice', () => {
    expect(lines).toHaveLength(2000);
    const file = new HistoryFileCheck(importContext());
    lines.forEach((line, i) => file.add(JSON.stringify(line), i + 1));
    expect(file.problems).toEqual([]);
    expect(file.valid).toBe(2000);
    for (const line of lines.slice(0, 50)) expect(checkLine(JSON.stringify(line), importContext()).ok).toBe(true);
  });

  it('is the same for the same seed and differs for another', () => {
    expect(generate()).toEqual(lines);
    expect(generate({ seed: 8 })).not.toEqual(lines);
    expect(generate({ seed: 8 }).every((line) => line.code.includes('-S8-'))).toBe(true);
  });

  it('spreads a province over its communes in force, and keeps a commune to itself', () => {
    const communes = receivingAgencies(catalog, 'H38', { year: 2026, month: 11, day: 29 });
    expect(communes).toEqual(['H38.22.1', 'H38.22.2', 'H38.23.1', 'H38.23.2', 'H38.23.3', 'H38.24.1', 'H38.24.2']);
    expect(new Set(lines.map((line) => line.agencyCode))).toEqual(new Set(communes));
    expect(new Set(generate({ agency: 'H38.22.2', dossiers: 100 }).map((line) => line.agencyCode))).toEqual(new Set(['H38.22.2']));
    expect(() => generate({ agency: 'H38.23' })).toThrow(/no commune in force/);
  });

  it('receives only procedures a commune receives, within the past days and before today', () => {
    const communeProcedures = new Set(catalog.procedures.filter((p) => (p.receivingLevels as string[]).includes('commune')).map((p) => p.code));
    expect(lines.every((line) => communeProcedures.has(line.procedureCode))).toBe(true);
    expect(new Set(lines.map((line) => line.procedureCode)).size).toBeGreaterThan(10);
    const first = ms('2026-10-31T00:00:00+07:00');
    const today = ms('2026-11-30T00:00:00+07:00');
    expect(lines.every((line) => ms(line.receivedAt) >= first && ms(line.receivedAt) < today)).toBe(true);
    const later = lines.flatMap((line) => [line.resolvedAt, line.returnedAt, ...(line.supplements ?? []).flatMap((s) => [s.requestedAt, s.receivedAt])].filter((at) => at !== undefined));
    expect(later.every((instant) => ms(instant) <= now.getTime())).toBe(true);
  });

  it('has the mix of a one-stop shop: mostly online, counter and post in office hours', () => {
    expect(share((l) => l.channel === 'online')).toBeGreaterThan(0.65);
    expect(share((l) => l.channel === 'online')).toBeLessThan(0.8);
    expect(share((l) => l.channel === 'counter')).toBeGreaterThan(0.18);
    expect(share((l) => l.channel === 'postal')).toBeGreaterThan(0.005);
    const desk = lines.filter((l) => l.channel !== 'online');
    expect(desk.every((l) => /T(0[7-9]|1[0-6]):/.test(l.receivedAt) && ![0, 6].includes(new Date(l.receivedAt).getUTCDay()))).toBe(true);
  });

  it('resolves a few percent late, keeps some open, refuses, withdraws, asks supplements (a few twice)', () => {
    const resolved = lines.filter((l) => l.status === 'resolved' || l.status === 'returned');
    const late = resolved.filter((l) => verdictOf(new Date(l.resolvedAt!), new Date(l.dueAt), catalog.procedures.find((p) => p.code === l.procedureCode)!.timeLimit.unit) === 'late');
    expect(late.length / lines.length).toBeGreaterThanOrEqual(0.02);
    expect(late.length / lines.length).toBeLessThanOrEqual(0.05);
    expect(resolved.length / lines.length).toBeGreaterThan(0.8);
    const open = lines.filter((l) => ['submitted', 'accepted', 'in-progress', 'supplement-requested'].includes(l.status));
    expect(open.some((l) => ms(l.dueAt) < now.getTime())).toBe(true);
    expect(open.some((l) => ms(l.dueAt) >= now.getTime())).toBe(true);
    expect(open.some((l) => l.status === 'supplement-requested')).toBe(true);
    for (const status of ['refused', 'withdrawn', 'not-accepted', 'stopped'] as const) expect(lines.some((l) => l.status === status), status).toBe(true);
    expect(share((l) => (l.supplements?.length ?? 0) > 0)).toBeGreaterThan(0.05);
    expect(lines.some((l) => l.supplements?.length === 2)).toBe(true);
  });

  it('returns results mostly at the counter, some by post; most answers are satisfied', () => {
    const returned = lines.filter((l) => l.status === 'returned');
    expect(returned.length / lines.length).toBeGreaterThan(0.7);
    expect(returned.filter((l) => l.returnMethod === 'postal').length).toBeGreaterThan(20);
    const answers = lines.filter((l) => l.satisfaction);
    expect(answers.length).toBeGreaterThan(400);
    expect(answers.filter((l) => l.satisfaction !== 'not-satisfied').length / answers.length).toBeGreaterThan(0.85);
  });
});
