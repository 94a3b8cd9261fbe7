import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../libs/events/catalog.ts';
import { bucketsOf } from './buckets.ts';
import { demoTree, foldedSource, lifeOf, vn } from './fixtures.ts';
import { sharesOf } from './figures.ts';
import { summaryOf, type SummaryQuery } from './summary.ts';
import { applyEvent, classOf, emptyTally, localIsoDate } from './tally.ts';

const procedures = new Map([
  ['1.001193', { name: 'Thủ tục đăng ký khai sinh', field: 'ho-tich' }],
  ['2.000884', { name: 'Chứng thực bản sao từ bản chính', field: 'chung-thuc' }],
]);

/** Local day `offset` days after `start`, at a time. */
const dayAfter = (start: string, offset: number, time = '09:00') => {
  const date = new Date(`${start}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return vn(`${date.toISOString().slice(0, 10)}T${time}`);
};

/**
 * The published example of DOMAIN.md (Hòa Thành town, 2022 to Q1 2023), as a district's history:
 * 22 547 received (20 908 online, 1 639 at the counter or by post); as of 31/3/2023 22 379 resolved
 * early or on time, 82 in progress within deadline (60 running, 22 waiting for a supplement), 86
 * overdue (50 resolved late, 36 still open past the appointment). Dossiers still open then are
 * resolved in April, which the figures as of 31/3 must not see.
 */
function publishedExample(): DomainEvent[] {
  const events: DomainEvent[] = [];
  for (let i = 0; i < 22_547; i++) {
    const channel = i < 20_908 ? 'online' : i % 2 ? 'counter' : 'postal';
    const code = `H38.22-${String(i).padStart(6, '0')}`;
    const procedure = i % 3 ? '1.001193' : '2.000884';
    if (i < 22_379) {
      const received = dayAfter('2022-01-01', i % 440);
      const life = lifeOf({ code, agency: 'H38.22', procedure, channel, receivedAt: received, dueAt: dayAfter('2022-01-01', (i % 440) + 5, '17:00') }).received();
      life.resolved(dayAfter('2022-01-01', (i % 440) + (i % 2 ? 2 : 5), '15:00'), i % 2 ? 'early' : 'on-time').returned(dayAfter('2022-01-01', (i % 440) + 6, '10:00'));
      events.push(...life.events);
    } else if (i < 22_379 + 60) {
      events.push(...lifeOf({ code, agency: 'H38.22', procedure, channel, receivedAt: vn('2023-03-30T09:00'), dueAt: vn('2023-04-06T17:00') }).received().resolved(vn('2023-04-05T10:00'), 'early').events);
    } else if (i < 22_379 + 82) {
      events.push(
        ...lifeOf({ code, agency: 'H38.22', procedure, channel, receivedAt: vn('2023-03-20T09:00'), dueAt: vn('2023-03-27T17:00') })
          .received()
          .supplementRequested(vn('2023-03-22T09:00'))
          .supplementReceived(vn('2023-04-03T09:00'), vn('2023-04-10T17:00'))
          .resolved(vn('2023-04-07T09:00'), 'early').events,
      );
    } else if (i < 22_379 + 82 + 50) {
      events.push(...lifeOf({ code, agency: 'H38.22', procedure, channel, receivedAt: vn('2022-06-01T09:00'), dueAt: vn('2022-06-06T17:00') }).received().overdue(vn('2022-06-07T00:05')).resolved(vn('2022-06-09T10:00'), 'late').events);
    } else {
      events.push(...lifeOf({ code, agency: 'H38.22', procedure, channel, receivedAt: vn('2023-03-01T09:00'), dueAt: vn('2023-03-06T17:00') }).received().overdue(vn('2023-03-07T00:05')).resolved(vn('2023-04-12T10:00'), 'late').events);
    }
  }
  return events;
}

const query = (q: Partial<SummaryQuery>): SummaryQuery => ({ agency: 'H38.22', from: '2022-01-01', to: '2023-04-01', asOf: '2023-03-31', today: '2023-06-30', ...q });

describe('the published example (DOMAIN.md), to the hundredth of a percent', () => {
  const events = publishedExample();
  const { source } = foldedSource(events);

  it('22.547 received; 99,26% / 0,36% / 0,38%; online and counter/postal counts; the narrative line', async () => {
    const summary = await summaryOf(source, demoTree, procedures, query({}));
    const { published, received, receivedByChannel } = summary.totals;
    expect(received).toBe(22_547);
    expect(published!.earlyOrOnTime).toEqual({ count: 22_379, percent: 99.26 });
    expect(published!.inProgressWithinDeadline).toEqual({ count: 82, percent: 0.36 });
    expect(published!.overdue).toEqual({ count: 86, percent: 0.38 });
    expect(receivedByChannel.online).toBe(20_908);
    expect(receivedByChannel.counter + receivedByChannel.postal).toBe(1_639);
    expect(summary.narrative).toBe(
      'Tiếp nhận 22.547 hồ sơ; giải quyết trước hạn và đúng hạn 22.379 hồ sơ (99,26%); đang giải quyết trong hạn 82 hồ sơ (0,36%); quá hạn 86 hồ sơ (0,38%); trực tuyến 20.908 hồ sơ, trực tiếp và qua bưu chính 1.639 hồ sơ.',
    );
    expect(summary.totals.cohort!['open-supplement']).toBe(22);
  });

  it('as of later, the April resolutions are counted: no dossier left open', async () => {
    const summary = await summaryOf(source, demoTree, procedures, query({ asOf: '2023-06-30' }));
    expect(summary.totals.published!.inProgressWithinDeadline.count).toBe(0);
    expect(summary.totals.published!.earlyOrOnTime.count).toBe(22_379 + 82);
    expect(summary.totals.published!.overdue.count).toBe(86);
    expect(summary.totals.openAtAsOf).toEqual({ within: 0, supplement: 0, overdue: 0 });
  });

  it('the standing of every open dossier at the end of a past day', async () => {
    const summary = await summaryOf(source, demoTree, procedures, query({ from: '2023-03-01', to: '2023-04-01', asOf: '2023-03-31' }));
    expect(summary.totals.openAtAsOf).toEqual({ within: 60, supplement: 22, overdue: 36 });
  });

  it("the cohort as of any day, for periods in whole months or not, is what each dossier's own events say", async () => {
    // The oracle: each dossier's events up to the end of asOf, folded alone, and its class read.
    const oracle = (from: string, to: string, asOf: string) => {
      const byDossier = new Map<string, DomainEvent[]>();
      for (const event of events) if (localIsoDate(event.occurredAt) <= asOf) byDossier.set(event.dossierCode, [...(byDossier.get(event.dossierCode) ?? []), event]);
      const counts: Record<string, number> = {};
      for (const lived of byDossier.values()) {
        const tally = lived.reduce((t, event) => applyEvent(t, event, demoTree).tally, emptyTally(lived[0]!.dossierCode));
        if (!tally.receipt || tally.receipt.receivedOn < from || tally.receipt.receivedOn >= to) continue;
        counts[classOf(tally)!] = (counts[classOf(tally)!] ?? 0) + 1;
      }
      return counts;
    };
    const ranges = [
      ['2022-01-01', '2023-04-01', '2023-03-31'],
      ['2022-01-15', '2022-03-10', '2022-02-20'],
      ['2023-03-05', '2023-04-01', '2023-03-31'],
      ['2022-12-31', '2023-01-02', '2023-06-30'],
      ['2023-03-01', '2023-03-31', '2023-04-09'],
      // Inside months, with whole months between: the months' cohort by day must be read.
      ['2022-01-15', '2022-04-10', '2022-05-31'],
      ['2022-06-02', '2023-01-01', '2023-03-31'],
    ] as const;
    for (const [from, to, asOf] of ranges) {
      const summary = await summaryOf(source, demoTree, procedures, query({ from, to, asOf }));
      const nonZero = Object.fromEntries(Object.entries(summary.totals.cohort!).filter(([, n]) => n !== 0));
      expect([from, to, asOf, nonZero]).toEqual([from, to, asOf, oracle(from, to, asOf)]);
      expect(Object.values(summary.totals.cohort!).reduce((a, b) => a + b)).toBe(summary.totals.received);
    }
  });

  it('by channel and by month the groups add up to the totals', async () => {
    const byChannel = await summaryOf(source, demoTree, procedures, query({ groupBy: 'channel' }));
    expect(byChannel.groups.map((g) => g.figures.received).reduce((a, b) => a + b)).toBe(22_547);
    expect(byChannel.groups.find((g) => g.key === 'online')!.figures.received).toBe(20_908);
    const byMonth = await summaryOf(source, demoTree, procedures, query({ groupBy: 'month' }));
    expect(byMonth.groups).toHaveLength(15);
    expect(byMonth.groups.map((g) => g.figures.published!.overdue.count).reduce((a, b) => a + b)).toBe(86);
    const byField = await summaryOf(source, demoTree, procedures, query({ groupBy: 'field' }));
    expect(byField.groups.map((g) => [g.key, g.label])).toEqual([['ho-tich', 'Hộ tịch'], ['chung-thuc', 'Chứng thực']]);
    expect(byField.groups[0]!.figures.cohort).toBeNull();
  });
});

describe('the July 2025 change', () => {
  const events = [
    ...lifeOf({ code: 'D-1', agency: 'H38.22.1', receivedAt: vn('2025-06-20T09:00'), dueAt: vn('2025-06-25T17:00') }).received().resolved(vn('2025-06-24T09:00'), 'early').events,
    ...lifeOf({ code: 'D-2', agency: 'H38.22.3', receivedAt: vn('2025-06-30T09:00'), dueAt: vn('2025-07-03T17:00') }).received().resolved(vn('2025-07-08T09:00'), 'late').events,
    ...lifeOf({ code: 'D-3', agency: 'H38.22.1', receivedAt: vn('2025-07-10T09:00'), dueAt: vn('2025-07-15T17:00') }).received().events,
  ];
  const { source } = foldedSource(events);
  const july = { from: '2025-06-01', to: '2025-08-01', asOf: '2025-07-31', today: '2025-07-31' };

  it('a dossier received before July 2025 in a district now gone counts under it for its period, and under the province', async () => {
    const district = await summaryOf(source, demoTree, procedures, { agency: 'H38.22', ...july });
    expect(district.totals.received).toBe(2);
    expect(district.totals.cohort!['resolved-late']).toBe(1);
    const province = await summaryOf(source, demoTree, procedures, { agency: 'H38', ...july, groupBy: 'agency' });
    expect(province.totals.received).toBe(3);
    expect(province.groups.find((g) => g.key === 'H38.22')!.figures.received).toBe(2);
    expect(province.groups.find((g) => g.key === 'H38.22.1')!.figures.received).toBe(1);
  });
});

describe('reading few items', () => {
  it('a year is its 12 months; a quarter from mid-month its edge days and whole months', () => {
    expect(bucketsOf('2025-01-01', '2026-01-01')).toHaveLength(12);
    expect(bucketsOf('2025-01-30', '2025-05-02')).toEqual(['d#2025-01-30', 'd#2025-01-31', 'm#2025-02', 'm#2025-03', 'm#2025-04', 'd#2025-05-01']);
  });

  it('shares that add up to 100 by largest remainder', () => {
    expect(sharesOf([22_379, 82, 86, 0], 22_547)).toEqual([99.26, 0.36, 0.38, 0]);
    expect(sharesOf([1, 1, 1], 3)).toEqual([33.34, 33.33, 33.33]);
    expect(sharesOf([0, 0], 0)).toEqual([null, null]);
  });
});
