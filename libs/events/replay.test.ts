import { describe, expect, it } from 'vitest';
import { daysBetween, replayPlan } from './replay.ts';

describe('the days a replay reads', () => {
  it('are every local day from --from to --to, inclusive, across months and leap days', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(daysBetween('2026-11-29', '2026-11-29')).toEqual(['2026-11-29']);
  });

  it('refuses dates that are not dates, a reversed range and an unbounded one', () => {
    expect(() => daysBetween('2026-02-30', '2026-03-01')).toThrow(/not a date/);
    expect(() => daysBetween('29/11/2026', '2026-12-01')).toThrow(/not a date/);
    expect(() => daysBetween('2026-12-01', '2026-11-01')).toThrow(/before/);
    expect(() => daysBetween('2000-01-01', '2026-01-01')).toThrow(/ten years/);
  });
});

describe('what a replay reads and sends', () => {
  const both = ['intake', 'postal'] as const;

  it('reads every outbox for everything, or only the outboxes of the types asked', () => {
    expect(replayPlan({ producers: both })).toEqual({ outboxes: ['intake', 'postal'] });
    expect(replayPlan({ producers: both, asked: ['ShipmentDelivered'] })).toEqual({ outboxes: ['postal'], types: ['ShipmentDelivered'] });
    expect(replayPlan({ producers: both, asked: ['DossierResolved', 'ShipmentStuck'] })).toEqual({ outboxes: ['intake', 'postal'], types: ['DossierResolved', 'ShipmentStuck'] });
  });

  it('feeds a consumer the types it declared, from the outboxes that hold them', () => {
    expect(replayPlan({ producers: both, consumer: { name: 'intake', declared: ['ShipmentDelivered'] } })).toEqual({ outboxes: ['postal'], types: ['ShipmentDelivered'] });
    const postal = { name: 'postal', declared: ['DossierReceived', 'DossierResolved'] } as const;
    expect(replayPlan({ producers: both, consumer: postal })).toEqual({ outboxes: ['intake'], types: ['DossierReceived', 'DossierResolved'] });
    expect(replayPlan({ producers: both, consumer: postal, asked: ['DossierResolved'] })).toEqual({ outboxes: ['intake'], types: ['DossierResolved'] });
  });

  it('reads the one outbox given (AWS: --outbox of --producer) and refuses what it cannot hold', () => {
    expect(replayPlan({ producers: ['postal'], consumer: { name: 'intake', declared: ['ShipmentDelivered'] } })).toEqual({ outboxes: ['postal'], types: ['ShipmentDelivered'] });
    expect(() => replayPlan({ producers: ['intake'], asked: ['ShipmentDelivered'] })).toThrow(/ShipmentDelivered is published by postal, not intake.*--producer postal/);
    expect(() => replayPlan({ producers: ['intake'], consumer: { name: 'intake', declared: ['ShipmentDelivered'] } })).toThrow(/intake declares no type that intake publishes/);
    expect(() => replayPlan({ producers: both, asked: ['DossierReceived'], consumer: { name: 'intake', declared: ['ShipmentDelivered'] } })).toThrow(/intake declared none of DossierReceived/);
  });
});
