import { describe, expect, it } from 'vitest';
import { PartnerTime } from '../domain/local-time.ts';
import { mapStatus, partnerById } from '../domain/partners.ts';
import { TERMINAL_STATUSES } from '../domain/status.ts';
import { planScenario, SCENARIOS, vietnamTime, type PlanOptions } from './scenarios.ts';
import { seeded } from './simulator-test-kit.ts';

const START = new Date('2026-03-05T07:30:00.250Z');
const plan = (overrides: Partial<PlanOptions> = {}) =>
  planScenario({ scenario: 'delivered', partner: 'demo-webhook', start: START, stepMs: 300, duplicates: 0, reorder: false, stale: false, random: seeded(7), ...overrides });
const statuses = (emissions: ReturnType<typeof plan>) => emissions.map((e) => e.update.status);

describe('the simulated scenarios', () => {
  it('tell the stories they are named for', () => {
    expect(statuses(plan())).toEqual(['accepted', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered']);
    expect(statuses(plan({ scenario: 'returned' }))).toEqual([
      'accepted', 'picked_up', 'in_transit',
      'out_for_delivery', 'delivery_failed', 'out_for_delivery', 'delivery_failed', 'out_for_delivery', 'delivery_failed',
      'in_transit', 'returned_to_sender',
    ]);
    expect(statuses(plan({ scenario: 'failed-once' }))).toEqual(['accepted', 'picked_up', 'in_transit', 'out_for_delivery', 'delivery_failed', 'out_for_delivery', 'delivered']);
    expect(statuses(plan({ scenario: 'silent' }))).toEqual(['accepted']);
    expect(plan().at(-1)!.update).toMatchObject({ signed: true, attempt: 1 });
  });

  it("gives VNPost codes that partners.json maps to each step's status, and distinct rows for repeated steps", () => {
    const vnpost = partnerById('vnpost');
    for (const scenario of SCENARIOS) {
      const emissions = plan({ scenario, partner: 'vnpost', stale: true });
      for (const { update } of emissions) expect(mapStatus(vnpost, update.vnpostCode)).toMatchObject({ mapped: true, status: update.status });
      // The polled adapter names a row by its code and time: no two updates may share both.
      const rows = emissions.map(({ update }) => `${update.vnpostCode}@${vietnamTime(update.occurredAt)}`);
      expect(new Set(rows).size).toBe(rows.length);
    }
  });

  it('sends each update when it happens, VNPost on whole seconds at least a second apart', () => {
    for (const { update, atMs } of plan()) expect(START.getTime() + atMs).toBe(update.occurredAt.getTime());
    const vnpost = plan({ partner: 'vnpost', stepMs: 50 });
    const times = vnpost.map((e) => e.update.occurredAt.getTime());
    expect(times.every((t) => t % 1000 === 0)).toBe(true);
    expect(times.slice(1).every((t, i) => t - times[i]! >= 1000)).toBe(true);
    for (const { update, atMs } of vnpost) expect(START.getTime() + atMs).toBe(update.occurredAt.getTime());
  });

  it('duplicates: every update twice at rate 1, none at rate 0; a resend is the same update', () => {
    const doubled = plan({ duplicates: 1 });
    expect(doubled).toHaveLength(10);
    expect(doubled.filter((e) => e.resend).map((e) => e.update)).toEqual(doubled.filter((e) => !e.resend).map((e) => e.update));
    expect(plan({ duplicates: 0 }).some((e) => e.resend)).toBe(false);
  });

  it('reorder: the same updates with their true times, sent after the story in another order', () => {
    const inOrder = plan({ scenario: 'returned' });
    const shuffled = plan({ scenario: 'returned', reorder: true });
    expect(shuffled.map((e) => e.update.seq)).not.toEqual(inOrder.map((e) => e.update.seq));
    expect([...shuffled.map((e) => e.update)].sort((a, b) => a.seq - b.seq)).toEqual(inOrder.map((e) => e.update));
    const end = inOrder.at(-1)!.atMs;
    for (const e of shuffled) expect(e.atMs).toBeGreaterThanOrEqual(end);
    expect(shuffled.map((e) => e.atMs)).toEqual([...shuffled.map((e) => e.atMs)].sort((a, b) => a - b));
  });

  it('stale: one in_transit that happened before the end, sent after everything else', () => {
    for (const scenario of ['delivered', 'returned', 'failed-once'] as const) {
      const emissions = plan({ scenario, stale: true, reorder: true, duplicates: 0.5 });
      const last = emissions.at(-1)!.update;
      expect(last).toMatchObject({ status: 'in_transit', stale: true });
      expect(emissions.filter((e) => e.update.stale)).toHaveLength(1);
      const terminal = emissions.find((e) => TERMINAL_STATUSES.includes(e.update.status))!.update;
      expect(last.occurredAt.getTime()).toBeLessThan(terminal.occurredAt.getTime());
    }
  });

  it('writes Vietnam time as VNPost does, read back to the same instant', () => {
    expect(vietnamTime(new Date('2026-03-05T17:04:09.000Z'))).toBe('06/03/2026 00:04:09');
    const instant = new Date('2026-12-31T23:59:59.000Z');
    expect(PartnerTime.parse(vietnamTime(instant))).toBe(instant.toISOString());
  });
});
