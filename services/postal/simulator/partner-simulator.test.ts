import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { demoWebhookPartner } from '../adapters/demo-webhook-partner.ts';
import { ORDER } from '../adapters/partner-test-kit.ts';
import { readTrackingUpdate, type PartnerAdapter } from '../adapters/partner.ts';
import { vnpostPolledPartner } from '../adapters/vnpost-polled-partner.ts';
import { shipmentIdOf, type ShipmentOrder } from '../domain/creation.ts';
import { partnerById } from '../domain/partners.ts';
import { ShipmentUpdated } from '../domain/webhook-payload.ts';
import { DEV_API_KEYS, DEV_WEBHOOK_SECRET } from './dev-credentials.ts';
import { PartnerSimulator, simulatorOptionsFromEnv, type PartnerSimulatorOptions } from './partner-simulator.ts';
import { seeded, startReceiver } from './simulator-test-kit.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

const FAST_CLIENT = { timeoutMs: 2_000, maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

async function simulator(options: PartnerSimulatorOptions = {}) {
  const errors: string[] = [];
  const sim = new PartnerSimulator({ stepMs: 5, retryDelayMs: 5, random: seeded(42), onError: (m) => errors.push(m), ...options });
  const origin = await sim.start();
  cleanup.push(() => sim.stop());
  const adapters = {
    demo: demoWebhookPartner({ baseUrl: `${origin}/demo-webhook`, apiKey: DEV_API_KEYS['demo-webhook'], http: FAST_CLIENT }),
    vnpost: vnpostPolledPartner({ baseUrl: `${origin}/vnpost`, apiKey: DEV_API_KEYS.vnpost, http: FAST_CLIENT }),
  };
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${origin}/_control/${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as any };
  };
  return { sim, origin, errors, control, ...adapters };
}

async function receiver(answer?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(answer);
  cleanup.push(r.close);
  return r;
}

const orderFor = (dossierCode: string, overrides: Partial<ShipmentOrder> = {}): ShipmentOrder => ({
  ...ORDER,
  dossierCode,
  clientReference: dossierCode,
  shipmentId: shipmentIdOf(dossierCode, overrides.direction ?? 'outbound'),
  ...overrides,
});

const payloads = (bodies: { body: string }[]) => bodies.map((r) => ShipmentUpdated.parse(JSON.parse(r.body)).data);

describe('the partner simulator, webhook partner, through our adapter', () => {
  it('creates once per shipment id, then posts the delivered story as Standard Webhooks signed with the development secret', async () => {
    const inbox = await receiver();
    const { sim, demo, control } = await simulator({ webhookUrl: inbox.url });

    const first = await demo.createShipment(ORDER);
    const again = await demo.createShipment(ORDER);
    expect(first.created).toBe(true);
    expect(again).toEqual({ trackingNumber: first.trackingNumber, created: false });
    await sim.settled();

    const listed = (await control('GET', 'shipments')).body.shipments;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ partner: 'demo-webhook', shipmentId: ORDER.shipmentId, dossierCode: ORDER.dossierCode, trackingNumber: first.trackingNumber, createRequests: 2, scenario: 'delivered' });

    const library = new Webhook(DEV_WEBHOOK_SECRET);
    for (const { headers, body } of inbox.received) {
      expect(() => library.verify(body, headers as Record<string, string>)).not.toThrow();
      expect(headers['content-type']).toBe('application/json');
    }
    const data = payloads(inbox.received);
    expect(data.map((d) => d.status)).toEqual(['accepted', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered']);
    expect(data.every((d) => d.shipmentId === ORDER.shipmentId && d.dossierCode === ORDER.dossierCode)).toBe(true);
    expect(data.at(-1)).toMatchObject({ recipientName: ORDER.to.name, attempt: 1 });
    expect(new Set(inbox.received.map((r) => r.headers['webhook-id'])).size).toBe(5);
    expect(listed[0].updates.every((u: { outcome: string }) => u.outcome === 'accepted')).toBe(true);
  });

  it('refuses a wrong API key and a shipment it cannot read', async () => {
    const { origin, sim } = await simulator();
    const stranger = demoWebhookPartner({ baseUrl: `${origin}/demo-webhook`, apiKey: 'not-the-key', http: FAST_CLIENT });
    await expect(stranger.createShipment(ORDER)).rejects.toMatchObject({ reason: 'unauthorized', retryable: false });
    const response = await fetch(`${origin}/demo-webhook/shipments`, { method: 'POST', headers: { authorization: `Bearer ${DEV_API_KEYS['demo-webhook']}` }, body: JSON.stringify({ clientReference: 'X' }) });
    expect(response.status).toBe(400);
    expect(sim.list()).toEqual([]);
  });

  it('retries an update that is not answered 2xx, with the same id and body and a fresh signature, then gives up and says so', async () => {
    const inbox = await receiver((_request, index) => (index < 2 ? 503 : 204));
    const { sim, demo, errors } = await simulator({ webhookUrl: inbox.url, scenario: 'silent' });
    await demo.createShipment(ORDER);
    await sim.settled();
    expect(inbox.received.map((r) => r.status)).toEqual([503, 503, 204]);
    expect(new Set(inbox.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(inbox.received.map((r) => r.body)).size).toBe(1);
    expect(sim.list()[0]!.updates[0]).toMatchObject({ outcome: 'accepted', attempts: 3 });
    expect(errors).toEqual([]);

    const closed = await receiver(() => 500);
    const giving = await simulator({ webhookUrl: closed.url, scenario: 'silent', webhookAttempts: 2 });
    await giving.demo.createShipment(ORDER);
    await giving.sim.settled();
    expect(closed.received).toHaveLength(2);
    expect(giving.sim.list()[0]!.updates[0]).toMatchObject({ outcome: 'refused', attempts: 2, lastStatus: 500 });
    expect(giving.errors).toHaveLength(1);
    expect(giving.errors[0]).toContain(ORDER.shipmentId);
  });

  it('plays the scenario chosen for a dossier or a shipment through the control endpoint', async () => {
    const inbox = await receiver();
    const { sim, demo, control } = await simulator({ webhookUrl: inbox.url });
    expect((await control('POST', 'scenario', { dossierCode: 'G01.001-260301-0101', scenario: 'returned' })).status).toBe(200);
    expect((await control('POST', 'scenario', { shipmentId: shipmentIdOf('G01.001-260301-0102', 'inbound'), scenario: 'failed-once' })).status).toBe(200);
    expect((await control('POST', 'scenario', { dossierCode: 'X', scenario: 'lost-at-sea' })).status).toBe(400);

    await demo.createShipment(orderFor('G01.001-260301-0101'));
    await demo.createShipment(orderFor('G01.001-260301-0102', { direction: 'inbound' }));
    await sim.settled();
    const byDossier = (code: string) => payloads(inbox.received).filter((d) => d.dossierCode === code);
    const returned = byDossier('G01.001-260301-0101');
    expect(returned.map((d) => d.status)).toEqual([
      'accepted', 'picked_up', 'in_transit',
      'out_for_delivery', 'delivery_failed', 'out_for_delivery', 'delivery_failed', 'out_for_delivery', 'delivery_failed',
      'in_transit', 'returned_to_sender',
    ]);
    expect(returned.filter((d) => d.status === 'delivery_failed').map((d) => [d.attempt, Boolean(d.note)])).toEqual([[1, true], [2, true], [3, true]]);
    expect(byDossier('G01.001-260301-0102').map((d) => d.status)).toEqual(['accepted', 'picked_up', 'in_transit', 'out_for_delivery', 'delivery_failed', 'out_for_delivery', 'delivered']);
    expect(byDossier('G01.001-260301-0102')[0]!.shipmentId).toBe('SHP-G01.001-260301-0102-I');
  });

  it('duplicates: resends updates under the same webhook id and body', async () => {
    const inbox = await receiver();
    const { sim, demo } = await simulator({ webhookUrl: inbox.url, duplicates: 1 });
    await demo.createShipment(ORDER);
    await sim.settled();
    expect(inbox.received).toHaveLength(10);
    const byId = Map.groupBy(inbox.received, (r) => r.headers['webhook-id']);
    expect(byId.size).toBe(5);
    for (const copies of byId.values()) {
      expect(copies).toHaveLength(2);
      expect(copies[0]!.body).toBe(copies[1]!.body);
    }
  });

  it('reorder and stale: shuffled arrivals with true times, then an in_transit older than delivered', async () => {
    const inbox = await receiver();
    const { sim, demo } = await simulator({ webhookUrl: inbox.url, reorder: true, stale: true });
    await demo.createShipment(ORDER);
    await sim.settled();
    const data = payloads(inbox.received);
    const story = data.slice(0, -1);
    const byTime = [...story].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    expect(byTime.map((d) => d.status)).toEqual(['accepted', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered']);
    expect(story.map((d) => d.status)).not.toEqual(byTime.map((d) => d.status));
    const stale = data.at(-1)!;
    const delivered = data.find((d) => d.status === 'delivered')!;
    expect(stale.status).toBe('in_transit');
    expect(stale.occurredAt < delivered.occurredAt).toBe(true);
    expect(new Set(inbox.received.map((r) => r.headers['webhook-id'])).size).toBe(6);
  });

  it('cancels: the scenario stops and a cancelled update is posted; a finished shipment cannot be cancelled', async () => {
    const inbox = await receiver();
    const { sim, demo } = await simulator({ webhookUrl: inbox.url, stepMs: 60_000 });
    const { trackingNumber } = await demo.createShipment(ORDER);
    await demo.cancelShipment({ shipmentId: ORDER.shipmentId, trackingNumber });
    await demo.cancelShipment({ shipmentId: ORDER.shipmentId, trackingNumber });
    await sim.settled();
    expect(payloads(inbox.received).map((d) => d.status)).toEqual(['cancelled']);
    expect(sim.list()[0]!.cancelled).toBe(true);

    const quick = await simulator({ webhookUrl: inbox.url, scenario: 'silent' });
    const created = await quick.demo.createShipment(ORDER);
    await quick.sim.settled();
    await expect(quick.demo.cancelShipment({ shipmentId: ORDER.shipmentId, trackingNumber: created.trackingNumber })).rejects.toMatchObject({ status: 409, retryable: false });
    await expect(quick.demo.cancelShipment({ shipmentId: ORDER.shipmentId, trackingNumber: 'DW999SIM' })).rejects.toMatchObject({ reason: 'not_found' });
  });
});

describe('the partner simulator, polled partner, through our adapter', () => {
  it('serves the story as tracking rows that our adapter reads back, the cursor moving past what was read', async () => {
    const { sim, vnpost } = await simulator({ stepMs: 0 });
    const first = await vnpost.createShipment(ORDER);
    expect(await vnpost.createShipment(ORDER)).toEqual({ trackingNumber: first.trackingNumber, created: false });
    await sim.settled();

    const page = await vnpost.trackingSince(null);
    expect(page.more).toBe(true);
    const caughtUp = await vnpost.trackingSince(page.nextCursor);
    expect(caughtUp).toEqual({ updates: [], nextCursor: page.nextCursor, more: false });

    const partner = partnerById('vnpost');
    const read = page.updates.map((raw) => readTrackingUpdate(partner, raw, new Date().toISOString()));
    const updates = read.map((r) => (r.ok ? r.update : expect.fail(r.problem)));
    expect(updates.map((u) => u.status)).toEqual(['accepted', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered']);
    expect(page.updates.every((u) => u.trackingNumber === first.trackingNumber)).toBe(true);
    expect(updates.at(-1)).toMatchObject({ rawStatus: '100', recipientName: ORDER.to.name });
    // Whole seconds, a second apart, in order.
    const times = updates.map((u) => Date.parse(u.occurredAt));
    expect(times.every((t, i) => i === 0 || t - times[i - 1]! >= 1000)).toBe(true);

    expect((await fetch(`${sim.url}/vnpost/tracking?since=zzz`, { headers: { authorization: `Bearer ${DEV_API_KEYS.vnpost}` } })).status).toBe(400);
   // VNPost's steps are at least a second apart: five steps take five seconds.
  }, 20_000);

  it('duplicates serve the same row twice, which our adapter names the same', async () => {
    const { sim, vnpost } = await simulator({ scenario: 'silent', duplicates: 1 });
    await vnpost.createShipment(ORDER);
    await sim.settled();
    const { updates } = await vnpost.trackingSince(null);
    expect(updates).toHaveLength(2);
    expect(updates[0]!.updateId).toBe(updates[1]!.updateId);
  });
});

describe('the partner simulator, faults', () => {
  const create = (adapter: PartnerAdapter) => adapter.createShipment(ORDER);

  it('down: connections cut, nothing created, until cleared', async () => {
    const { demo, control, sim } = await simulator({ scenario: 'silent' });
    expect((await control('POST', 'faults', { partner: 'demo-webhook', mode: 'down' })).status).toBe(200);
    await expect(create(demo)).rejects.toMatchObject({ reason: 'network', retryable: true, attempts: 3 });
    expect(sim.list()).toEqual([]);
    await control('POST', 'faults', { partner: 'demo-webhook', mode: 'none' });
    expect((await create(demo)).created).toBe(true);
  });

  it('5xx-then-ok: the first answers are 503, our client retries, one shipment', async () => {
    const { vnpost, control, sim } = await simulator({ scenario: 'silent' });
    await control('POST', 'faults', { partner: 'vnpost', mode: '5xx-then-ok', count: 2 });
    expect((await create(vnpost)).created).toBe(true);
    expect(sim.list()).toMatchObject([{ partner: 'vnpost', createRequests: 1 }]);
    await control('POST', 'faults', { partner: 'vnpost', mode: '5xx-then-ok', count: 5 });
    await expect(create(vnpost)).rejects.toMatchObject({ reason: 'server_error', status: 503 });
    // The 503s reached no shipment: the fault log shows them, 2 before the success, then our client's 3 attempts.
    expect(sim.faultLog().map(({ partner, mode, method, path }) => ({ partner, mode, method, path }))).toEqual(
      Array.from({ length: 5 }, () => ({ partner: 'vnpost', mode: '5xx-then-ok', method: 'POST', path: '/vnpost/orders' })),
    );
  });

  it('reject: answered 422 once, not retried by our client, nothing created; cleared, the create goes through', async () => {
    const { demo, control, sim } = await simulator({ scenario: 'silent' });
    await control('POST', 'faults', { partner: 'demo-webhook', mode: 'reject' });
    await expect(create(demo)).rejects.toMatchObject({ reason: 'rejected', status: 422, retryable: false, attempts: 1 });
    await expect(create(demo)).rejects.toMatchObject({ reason: 'rejected' });
    expect(sim.list()).toEqual([]);
    expect(sim.faultLog()).toMatchObject([{ partner: 'demo-webhook', mode: 'reject', path: '/demo-webhook/shipments' }, { mode: 'reject' }]);
    await control('POST', 'faults', { partner: 'demo-webhook', mode: 'none' });
    expect((await create(demo)).created).toBe(true);
  });

  it('slow: the create is done but answered too late; the retry gets the same shipment, created once', async () => {
    const { origin, control, sim } = await simulator({ scenario: 'silent', slowMs: 5_000 });
    const impatient = demoWebhookPartner({ baseUrl: `${origin}/demo-webhook`, apiKey: DEV_API_KEYS['demo-webhook'], http: { ...FAST_CLIENT, timeoutMs: 200 } });
    await control('POST', 'faults', { partner: 'demo-webhook', mode: 'slow', count: 1 });
    const answer = await create(impatient);
    expect(answer.created).toBe(false);
    expect(sim.list()).toMatchObject([{ shipmentId: ORDER.shipmentId, trackingNumber: answer.trackingNumber, createRequests: 2 }]);
  });

  it('refuses a fault it does not know', async () => {
    const { control } = await simulator();
    expect((await control('POST', 'faults', { partner: 'dhl', mode: 'down' })).status).toBe(400);
    expect((await control('POST', 'faults', { partner: 'vnpost', mode: 'flaky' })).status).toBe(400);
  });
});

describe('the partner simulator, options from the environment', () => {
  it('reads MOTCUA_POSTAL_SIM_*, leaves unset ones to the defaults, and names a bad one', () => {
    expect(simulatorOptionsFromEnv({})).toEqual({});
    expect(simulatorOptionsFromEnv({ MOTCUA_POSTAL_SIM_SCENARIO: 'returned', MOTCUA_POSTAL_SIM_STEP_MS: '50', MOTCUA_POSTAL_SIM_DUPLICATES: '0.3', MOTCUA_POSTAL_SIM_REORDER: '1', MOTCUA_POSTAL_SIM_STALE: 'false', MOTCUA_POSTAL_SIM_PORT: '4010' }))
      .toEqual({ scenario: 'returned', stepMs: 50, duplicates: 0.3, reorder: true, stale: false, port: 4010 });
    expect(() => simulatorOptionsFromEnv({ MOTCUA_POSTAL_SIM_DUPLICATES: '2' })).toThrow(/^MOTCUA_POSTAL_SIM_DUPLICATES: /);
    expect(() => simulatorOptionsFromEnv({ MOTCUA_POSTAL_SIM_SCENARIO: 'lost' })).toThrow(/^MOTCUA_POSTAL_SIM_SCENARIO: /);
  });
});
