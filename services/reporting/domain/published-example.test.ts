import { describe, expect, it } from 'vitest';
import { demoTree, foldedSource } from './fixtures.ts';
import { eventsOfLines, publishedExampleLines } from './published-example.fixtures.ts';
import { summaryOf } from './summary.ts';

/**
 * The published example of DOMAIN.md — Hòa Thành town, 2022 to Q1 2023: "22.547 dossiers received;
 * 22.379 resolved early or on time (99,26%); 82 in progress within deadline (0,36%); 86 overdue
 * (0,38%); 20.908 online, 1.639 at the counter or by post" — reproduced from a history file as the
 * previous system would export it, through the import's own reading of each line and its events,
 * and reporting's own fold of them, as of the end of 31/3/2023 (the file: published-example.fixtures.ts).
 */

describe('the published example, from an imported history', () => {
  it('22.547 received; 99,26% / 0,36% / 0,38%; 20.908 online, 1.639 at the counter or by post; the narrative line', async () => {
    const { source } = foldedSource(eventsOfLines(publishedExampleLines(), new Date('2026-11-30T02:00:00Z')));

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
