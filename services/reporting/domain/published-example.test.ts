import { describe, expect, it } from 'vitest';
import procedures from '../../intake/data/procedures.json' with { type: 'json' };
import type { Procedure } from '../../intake/domain/catalog.ts';
import { checkLine, eventsOfImportedLine } from '../../intake/domain/history-import.ts';
import { demoTree } from './fixtures.ts';
import { countersKey, emptyFold, foldEvent } from './items.ts';
import { summaryOf, type CounterSource } from './summary.ts';

/**
 * The published example of DOMAIN.md — Hòa Thành town, 2022 to Q1 2023: "22.547 dossiers received;
 * 22.379 resolved early or on time (99,26%); 82 in progress within deadline (0,36%); 86 overdue
 * (0,38%); 20.908 online, 1.639 at the counter or by post" — reproduced from a history file as the
 * previous system would export it, through the import's own reading of each line and its events,
 * and reporting's own fold of them, as of the end of 31/3/2023.
 *
 * The file: 22 379 dossiers returned early or on time in the period; 60 received on 30/3/2023 and
 * resolved in April; 22 waiting for a supplement on 31/3 (resolved in April); 50 resolved late in
 * 2022; 36 still open past their appointment on 31/3 (resolved late in April).
 */

const CATALOG = new Map((procedures as Procedure[]).map((procedure) => [procedure.code, procedure]));
const HOUSEHOLD_BUSINESS = '1.001612';
const at = (date: string, time: string) => `${date}T${time}:00+07:00`;
const dayAfter = (start: string, days: number) => {
  const date = new Date(`${start}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

function exportedLines(): string[] {
  const lines: object[] = [];
  const channel = (i: number) => (i < 20_908 ? 'online' : i % 2 ? 'counter' : 'postal');
  const base = (i: number) => ({ code: `HT-${String(i).padStart(6, '0')}`, procedureCode: HOUSEHOLD_BUSINESS, agencyCode: 'H38.22', channel: channel(i) });
  let i = 0;
  for (; i < 22_379; i++) {
    // Received on a working day of 2022 to March 2023, appointment three working days later.
    const received = dayAfter('2022-01-03', 7 * Math.floor((i % 320) / 5) + (i % 5));
    const due = dayAfter(received, (i % 5) + 3 > 4 ? 5 : 3);
    const resolved = i % 2 ? dayAfter(received, 1) : due;
    lines.push({ ...base(i), receivedAt: at(received, '09:00'), dueAt: at(due, '17:00'), resolvedAt: at(resolved, '15:00'), returnedAt: at(resolved, '16:00'), returnMethod: 'counter', status: 'returned' });
  }
  for (const end = i + 60; i < end; i++) {
    lines.push({ ...base(i), receivedAt: at('2023-03-30', '09:00'), dueAt: at('2023-04-06', '17:00'), resolvedAt: at('2023-04-05', '10:00'), status: 'resolved' });
  }
  for (const end = i + 22; i < end; i++) {
    lines.push({
      ...base(i),
      receivedAt: at('2023-03-20', '09:00'),
      dueAt: at('2023-04-10', '17:00'),
      resolvedAt: at('2023-04-07', '09:00'),
      status: 'resolved',
      supplements: [{ requestedAt: at('2023-03-22', '09:00'), receivedAt: at('2023-04-03', '09:00') }],
    });
  }
  for (const end = i + 50; i < end; i++) {
    lines.push({ ...base(i), receivedAt: at('2022-06-01', '09:00'), dueAt: at('2022-06-06', '17:00'), resolvedAt: at('2022-06-09', '10:00'), status: 'resolved' });
  }
  for (const end = i + 36; i < end; i++) {
    lines.push({ ...base(i), receivedAt: at('2023-03-01', '09:00'), dueAt: at('2023-03-06', '17:00'), resolvedAt: at('2023-04-12', '10:00'), status: 'resolved' });
  }
  return lines.map((line) => JSON.stringify(line));
}

describe('the published example, from an imported history', () => {
  it('22.547 received; 99,26% / 0,36% / 0,38%; 20.908 online, 1.639 at the counter or by post; the narrative line', async () => {
    const folded = emptyFold();
    const now = new Date('2026-11-30T02:00:00Z');
    for (const text of exportedLines()) {
      const checked = checkLine(text, { agencyExists: (code) => demoTree.periodsByCode.has(code) });
      if (!checked.ok) throw new Error(checked.reasons.join('; '));
      const { intake, survey } = eventsOfImportedLine(checked.line, { now, procedureOf: (code) => CATALOG.get(code) });
      for (const event of [...intake, ...survey]) foldEvent(folded, 1, event, demoTree);
    }
    const source: CounterSource = async (agency, buckets) =>
      buckets.flatMap((sk) => {
        const item = folded.counters.get(`${countersKey(1, agency)}\u0000${sk}`);
        return item ? [{ sk, ...Object.fromEntries(item.attrs) }] : [];
      });

    const summary = await summaryOf(source, demoTree, new Map(), { agency: 'H38.22', from: '2022-01-01', to: '2023-04-01', asOf: '2023-03-31', today: '2026-11-30' });
    expect(summary.totals.received).toBe(22_547);
    expect(summary.totals.published).toMatchObject({
      earlyOrOnTime: { count: 22_379, percent: 99.26 },
      inProgressWithinDeadline: { count: 82, percent: 0.36 },
      overdue: { count: 86, percent: 0.38 },
    });
    expect(summary.totals.receivedByChannel.online).toBe(20_908);
    expect(summary.totals.receivedByChannel.counter + summary.totals.receivedByChannel.postal).toBe(1_639);
    expect(summary.narrative).toBe(
      'Tiếp nhận 22.547 hồ sơ; giải quyết trước hạn và đúng hạn 22.379 hồ sơ (99,26%); đang giải quyết trong hạn 82 hồ sơ (0,36%); quá hạn 86 hồ sơ (0,38%); trực tuyến 20.908 hồ sơ, trực tiếp và qua bưu chính 1.639 hồ sơ.',
    );
    // Waiting for a supplement is within deadline, and shown apart.
    expect(summary.totals.cohort!['open-supplement']).toBe(22);
    // As of today, all of them are closed: the April resolutions moved them.
    const now2026 = await summaryOf(source, demoTree, new Map(), { agency: 'H38.22', from: '2022-01-01', to: '2023-04-01', asOf: '2026-11-30', today: '2026-11-30' });
    expect(now2026.totals.published!.inProgressWithinDeadline.count).toBe(0);
    expect(now2026.totals.published!.overdue.count).toBe(86);
    // The district is gone since July 2025; its history still rolls up into the province.
    const province = await summaryOf(source, demoTree, new Map(), { agency: 'H38', from: '2022-01-01', to: '2023-04-01', asOf: '2023-03-31', today: '2026-11-30' });
    expect(province.totals.received).toBe(22_547);
  }, 60_000);
});
