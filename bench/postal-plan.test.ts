import { describe, expect, it } from 'vitest';
import { percentile, postingOrder, storyOf, updateIdsWritten } from './postal-plan.ts';

describe('the postal benchmark plan', () => {
  it('tells a shipment a story that ends delivered at the second attempt, with hops in between', () => {
    const story = storyOf(8);
    expect(story.map((step) => step.status)).toEqual(['picked_up', 'in_transit', 'in_transit', 'in_transit', 'out_for_delivery', 'delivery_failed', 'out_for_delivery', 'delivered']);
    expect(storyOf(2).map((step) => step.status)).toEqual(['picked_up', 'out_for_delivery']);
  });

  it('posts every update once and every tenth again, later, and nothing else', () => {
    const order = postingOrder(22, 10, 4);
    expect(order.filter((post) => !post.resend).map((post) => post.update)).toEqual(Array.from({ length: 22 }, (_, i) => i));
    expect(order.filter((post) => post.resend).map((post) => post.update)).toEqual([9, 19]);
    const at = (update: number, resend: boolean) => order.findIndex((post) => post.update === update && post.resend === resend);
    expect(at(9, true)).toBeGreaterThan(at(13, false));
    expect(at(19, true)).toBe(order.length - 1); // 19 + 4 is past the end
  });

  it('reads the update ids a transaction saves into the shipments table, and only those', () => {
    const body = JSON.stringify({
      TransactItems: [
        { Put: { TableName: 'shipments', Item: { pk: { S: 'shipment#S1' }, updates: { L: [{ M: { updateId: { S: 'a' } } }, { M: { updateId: { S: 'b' } } }] } } } },
        { Put: { TableName: 'outbox', Item: { pk: { S: 'shipment#S1' }, updates: { L: [{ M: { updateId: { S: 'x' } } }] } } } },
        { Put: { TableName: 'shipments', Item: { pk: { S: 'tracking#demo#T1' }, shipmentId: { S: 'S1' } } } },
      ],
    });
    expect(updateIdsWritten(body, 'shipments')).toEqual(['a', 'b']);
  });

  it('takes percentiles by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(values, 50), percentile(values, 95), percentile(values, 100)]).toEqual([50, 95, 100]);
    expect(percentile([7], 99)).toBe(7);
  });
});
