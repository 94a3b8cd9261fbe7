import { afterEach, describe, expect, it } from 'vitest';
import { demoWebhookPartner } from './demo-webhook-partner.ts';
import { json, ORDER, startFakePartner, type FakePartnerServer } from './partner-test-kit.ts';
import { PartnerError } from './partner.ts';

let server: FakePartnerServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});


/** The partner as our reference shape describes it: one shipment per clientReference. */
async function referencePartner(options: { failFirst?: number } = {}) {
  const byReference = new Map<string, string>();
  let failures = options.failFirst ?? 0;
  server = await startFakePartner((req, res) => {
    if (req.headers['authorization'] !== 'Bearer demo-key') return json(res, 401, { error: 'unauthorized' });
    if (failures-- > 0) return json(res, 503, { error: 'maintenance' });
    if (req.method === 'POST' && req.url.pathname === '/shipments') {
      const reference = (req.body as { clientReference: string }).clientReference;
      const known = byReference.get(reference);
      if (known) return json(res, 200, { trackingNumber: known });
      const trackingNumber = `DW${String(byReference.size + 1).padStart(9, '0')}VN`;
      byReference.set(reference, trackingNumber);
      return json(res, 201, { trackingNumber });
    }
    if (req.method === 'DELETE' && req.url.pathname.startsWith('/shipments/')) return json(res, 204);
    return json(res, 404);
  });
  const adapter = demoWebhookPartner({
    baseUrl: server.baseUrl,
    apiKey: 'demo-key',
    http: { timeoutMs: 300, maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
  });
  return { adapter, byReference, server };
}

describe('the demo Standard Webhooks partner, over real HTTP', () => {
  it('creates a shipment in the reference shape, keyed by our shipment id', async () => {
    const { adapter, server } = await referencePartner();
    expect(await adapter.createShipment(ORDER)).toEqual({ trackingNumber: 'DW000000001VN', created: true });
    const [request] = server.requests;
    expect(request?.headers['idempotency-key']).toBe(ORDER.shipmentId);
    expect(request?.body).toEqual({
      clientReference: ORDER.shipmentId,
      service: 'HCC',
      recipient: { name: 'Nguyễn Văn A', phone: '0912345678' },
      address: { line: '12 Nguyễn Trãi', commune: 'Phường Chợ Quán', province: 'Thành phố Hồ Chí Minh' },
      contents: ORDER.contents,
      codAmountVnd: 25_000,
    });
  });

  it('leaves out the amount to collect when there is none', async () => {
    const { adapter, server } = await referencePartner();
    await adapter.createShipment({ ...ORDER, collectOnDeliveryVnd: 0 });
    expect(server.requests[0]?.body).not.toHaveProperty('codAmountVnd');
  });

  it('creates once however often it is asked: the same reference answers the same tracking number', async () => {
    const { adapter, byReference } = await referencePartner();
    const first = await adapter.createShipment(ORDER);
    const again = await adapter.createShipment(ORDER);
    expect(again).toEqual({ trackingNumber: first.trackingNumber, created: false });
    expect(byReference.size).toBe(1);
    // Another shipment of the same dossier (the pickup) is another shipment.
    expect((await adapter.createShipment({ ...ORDER, shipmentId: 'SHP-G01.001-260301-0007-I', direction: 'inbound' })).trackingNumber).not.toBe(first.trackingNumber);
  });

  it('rides out a 503 and creates the shipment once', async () => {
    const { adapter, byReference, server } = await referencePartner({ failFirst: 1 });
    expect(await adapter.createShipment(ORDER)).toEqual({ trackingNumber: 'DW000000001VN', created: true });
    expect(server.requests).toHaveLength(2);
    expect(byReference.size).toBe(1);
  });

  it('fails retryable when the partner stays down, with nothing created', async () => {
    const { adapter, byReference } = await referencePartner({ failFirst: 99 });
    const error = await adapter.createShipment(ORDER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerError);
    expect(error).toMatchObject({ partner: 'demo-webhook', reason: 'server_error', retryable: true, attempts: 3 });
    expect(byReference.size).toBe(0);
  });

  it('fails not retryable on refused credentials, and names no one in the message', async () => {
    const { server } = await referencePartner();
    const adapter = demoWebhookPartner({ baseUrl: server.baseUrl, apiKey: 'wrong', http: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    const error = (await adapter.createShipment(ORDER).catch((e: unknown) => e)) as PartnerError;
    expect(error).toMatchObject({ reason: 'unauthorized', retryable: false, attempts: 1 });
    expect(error.message).not.toMatch(/Nguyễn|0912345678|Nguyễn Trãi/);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a success without a tracking number', async () => {
    server = await startFakePartner((_req, res) => json(res, 201, { id: 42 }));
    const adapter = demoWebhookPartner({ baseUrl: server.baseUrl, apiKey: 'k' });
    await expect(adapter.createShipment(ORDER)).rejects.toMatchObject({ reason: 'bad_response', retryable: false });
  });

  it('cancels by tracking number', async () => {
    const { adapter, server } = await referencePartner();
    await adapter.cancelShipment({ shipmentId: ORDER.shipmentId, trackingNumber: 'DW000000001VN' });
    expect(server.requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual(['DELETE /shipments/DW000000001VN']);
  });

  it('has nothing to poll: its updates come by webhook', async () => {
    const { adapter, server } = await referencePartner();
    expect(await adapter.trackingSince('c1')).toEqual({ updates: [], nextCursor: 'c1', more: false });
    expect(server.requests).toHaveLength(0);
  });
});
