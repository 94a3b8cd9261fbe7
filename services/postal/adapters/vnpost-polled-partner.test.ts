import { afterEach, describe, expect, it } from 'vitest';
import { partnerById } from '../domain/partners.ts';
import { json, ORDER, startFakePartner, type FakePartnerServer, type PartnerHandler } from './partner-test-kit.ts';
import { readTrackingUpdate, type RawTrackingUpdate } from './partner.ts';
import { vnpostPolledPartner } from './vnpost-polled-partner.ts';

let server: FakePartnerServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function partnerPlaying(handler: PartnerHandler) {
  server = await startFakePartner(handler);
  return { adapter: vnpostPolledPartner({ baseUrl: server.baseUrl, apiKey: 'vnp-key', http: { timeoutMs: 300, maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } }), server };
}

const PAGES: Record<string, unknown> = {
  '': {
    items: [
      { itemCode: 'EB123456789VN', status: 20, time: '05/03/2026 09:15:00', location: 'Bưu cục Bến Thành' },
      { itemCode: 'EB123456789VN', status: 70, time: '06/03/2026 08:00:00' },
    ],
    next: 'p2',
  },
  p2: {
    items: [
      { itemCode: 'EB123456789VN', status: 100, time: '06/03/2026 14:30:05', receiver: 'Nguyễn Văn A' },
      { itemCode: 'EB123456789VN', status: 555, time: '06/03/2026 15:00:00', note: 'mã mới' },
    ],
  },
};

describe('the VNPost-style polled partner, over real HTTP', () => {
  it('reads tracking pages after a cursor, across two pages, keeping an unknown code as unmapped', async () => {
    const { adapter, server } = await partnerPlaying((req, res) => {
      const page = PAGES[req.url.searchParams.get('since') ?? ''];
      return page ? json(res, 200, page) : json(res, 404);
    });
    const first = await adapter.trackingSince(null);
    expect(first.nextCursor).toBe('p2');
    expect(first.more).toBe(true);
    const second = await adapter.trackingSince(first.nextCursor);
    // Caught up: the cursor stays where it was, for the next scheduled poll.
    expect(second).toMatchObject({ nextCursor: 'p2', more: false });
    expect(server.requests.map((r) => r.url.search)).toEqual(['', '?since=p2']);
    expect(server.requests[0]?.headers['authorization']).toBe('Bearer vnp-key');

    const vnpost = partnerById('vnpost');
    const read = [...first.updates, ...second.updates].map((raw) => readTrackingUpdate(vnpost, raw, '2026-03-06T09:00:00.000Z'));
    expect(read.map((r) => (r.ok ? [r.update.rawStatus, r.update.status, r.update.occurredAt] : r.problem))).toEqual([
      ['20', 'picked_up', '2026-03-05T02:15:00.000Z'],
      ['70', 'out_for_delivery', '2026-03-06T01:00:00.000Z'],
      ['100', 'delivered', '2026-03-06T07:30:05.000Z'],
      ['555', null, '2026-03-06T08:00:00.000Z'],
    ]);
    expect(read[0]).toMatchObject({ ok: true, update: { partner: 'vnpost', location: 'Bưu cục Bến Thành', receivedAt: '2026-03-06T09:00:00.000Z' } });
    expect(read[2]).toMatchObject({ ok: true, update: { recipientName: 'Nguyễn Văn A' } });
    expect(second.updates[0]).toMatchObject({ trackingNumber: 'EB123456789VN', partnerTime: '06/03/2026 14:30:05' });
  });

  it('names a row by what it says, so the same row served twice counts once and two rows stay two', async () => {
    const row = { itemCode: 'EB1VN', status: 70, time: '06/03/2026 08:00:00' };
    const { adapter } = await partnerPlaying((_req, res) => json(res, 200, { items: [row, row, { ...row, status: 91 }] }));
    const ids = (await adapter.trackingSince('c')).updates.map((u) => u.updateId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('refuses a page it cannot read, without retrying', async () => {
    const { adapter, server } = await partnerPlaying((_req, res) => json(res, 200, { data: [] }));
    await expect(adapter.trackingSince('c')).rejects.toMatchObject({ partner: 'vnpost', reason: 'bad_response', retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 503 on a poll', async () => {
    let calls = 0;
    const { adapter } = await partnerPlaying((_req, res) => (++calls === 1 ? json(res, 503) : json(res, 200, { items: [] })));
    expect(await adapter.trackingSince('c')).toEqual({ updates: [], nextCursor: 'c', more: false });
  });

  it('creates an order keyed by our shipment id, once', async () => {
    const orders = new Map<string, string>();
    const { adapter, server } = await partnerPlaying((req, res) => {
      const number = (req.body as { orderNumber: string }).orderNumber;
      const known = orders.get(number);
      if (known) return json(res, 200, { itemCode: known });
      orders.set(number, 'EB000000001VN');
      return json(res, 201, { itemCode: 'EB000000001VN' });
    });
    expect(await adapter.createShipment(ORDER)).toEqual({ trackingNumber: 'EB000000001VN', created: true });
    expect(await adapter.createShipment(ORDER)).toEqual({ trackingNumber: 'EB000000001VN', created: false });
    expect(orders.size).toBe(1);
    expect(server.requests[0]?.body).toMatchObject({ orderNumber: ORDER.shipmentId, serviceCode: 'HCC', receiverProvince: 'Thành phố Hồ Chí Minh', codAmount: 25_000 });
  });

  it('cancels by item code', async () => {
    const { adapter, server } = await partnerPlaying((_req, res) => json(res, 200, {}));
    await adapter.cancelShipment({ shipmentId: ORDER.shipmentId, trackingNumber: 'EB000000001VN' });
    expect(server.requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual(['POST /orders/EB000000001VN/cancel']);
  });
});

describe('readTrackingUpdate', () => {
  const raw: RawTrackingUpdate = { partner: 'vnpost', updateId: 'u1', trackingNumber: 'EB1VN', rawStatus: '100', partnerTime: '31/02/2026 10:00:00' };

  it('reports a time that does not exist instead of guessing one', () => {
    expect(readTrackingUpdate(partnerById('vnpost'), raw, '2026-03-06T09:00:00.000Z')).toEqual({ ok: false, problem: 'update u1: time is not a date that exists' });
  });

  it('reads an ISO time with an offset too', () => {
    const read = readTrackingUpdate(partnerById('vnpost'), { ...raw, partnerTime: '2026-03-06T14:30:00+07:00' }, '2026-03-06T09:00:00.000Z');
    expect(read).toMatchObject({ ok: true, update: { status: 'delivered', occurredAt: '2026-03-06T07:30:00.000Z' } });
  });
});
