import { readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpHandler, json, type HttpEvent, type HttpResult } from '../../libs/platform/http.ts';
import { sign, verifiedWebhookOf, verifyStandardWebhook } from '../../libs/platform/standard-webhooks.ts';

/**
 * docs/postal-partners.md promises a partner's developer that its worked example is right:
 * these tests read the example's values from the page itself (its ```… worked-example:<name>
 * blocks) and check them against our signing and our middleware.
 */
const guide = readFileSync(new URL('../../docs/postal-partners.md', import.meta.url), 'utf8');

/** The content of the block tagged `worked-example:<name>`, without the fence's last newline (leading indentation of the block removed). */
function example(name: string): string {
  const block = new RegExp(`^( *)\`\`\`\\w+ worked-example:${name}\\n([\\s\\S]*?)\\n\\1\`\`\`$`, 'm').exec(guide);
  if (!block) throw new Error(`docs/postal-partners.md has no worked-example:${name} block`);
  const indent = block[1]!;
  return block[2]!
    .split('\n')
    .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
    .join('\n');
}

const secret = example('secret');
const id = example('webhook-id');
const timestamp = Number(example('webhook-timestamp'));
const body = example('body');
const signature = example('webhook-signature');

const context = { functionName: 'test', awsRequestId: 'r-1', getRemainingTimeInMillis: () => 1000 } as unknown as Context;
async function post(now: Date) {
  const handler = httpHandler(async (event) => json(202, verifiedWebhookOf(event))).use(verifyStandardWebhook({ secrets: { local: [secret] }, now: () => now }));
  const event = {
    headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature },
    body,
    isBase64Encoded: false,
    pathParameters: { partner: 'local' },
    requestContext: {},
  } as unknown as HttpEvent;
  const response = (await handler(event, context)) as HttpResult;
  return { status: response.statusCode, body: JSON.parse(response.body as string) };
}

describe('the worked example of docs/postal-partners.md', () => {
  afterEach(() => vi.useRealTimers());

  it('has the key, the body length and the signed content it says', () => {
    expect(secret).toBe(`whsec_${Buffer.from('motcua-postal-partner-development-key').toString('base64')}`);
    expect(guide).toContain('The key is the 37 bytes of the ASCII text `motcua-postal-partner-development-key`');
    expect(guide).toContain(`exactly this one line, ${Buffer.byteLength(body, 'utf8')} bytes in UTF-8`);
    expect(body).not.toContain('\n');
    expect(example('signed-content')).toBe(`${id}.${timestamp}.${body}`);
  });

  it('documents exactly the signature our signing produces', () => {
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(sign(secret, id, timestamp, body)).toBe(signature);
  });

  it('is accepted by our middleware at its time, and by the standardwebhooks library', async () => {
    expect(await post(new Date(timestamp * 1000))).toEqual({ status: 202, body: { partner: 'local', id, timestamp } });
    vi.useFakeTimers({ now: timestamp * 1000, toFake: ['Date'] });
    expect(new Webhook(secret).verify(body, { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature })).toEqual(JSON.parse(body));
  });

  it('shows the very answer our middleware gives to it an hour later', async () => {
    const refused = JSON.parse(example('refused'));
    expect(refused.details.serverTime).toBe(timestamp + 3600);
    expect(await post(new Date((timestamp + 3600) * 1000))).toEqual({ status: 401, body: refused });
  });

  it('sends those very headers and bytes in its curl command', () => {
    const curl = example('curl');
    for (const header of [`webhook-id: ${id}`, `webhook-timestamp: ${timestamp}`, `webhook-signature: ${signature}`]) expect(curl).toContain(`-H '${header}'`);
    expect(curl).toContain(`--data-binary '${body}'`);
    expect(curl).toContain('/postal/webhooks/');
  });

  it('uses the payload it documents: type, a documented status, the documented fields only', () => {
    const payload = JSON.parse(body);
    expect(JSON.parse(example('payload')), 'the payload shown is the body of the worked example').toEqual(payload);
    const statuses = [...guide.matchAll(/^\| `([a-z_]+)` \| (?!required|optional)/gm)].map(([, status]) => status);
    expect(statuses).toEqual(['accepted', 'picked_up', 'in_transit', 'out_for_delivery', 'delivery_failed', 'delivered', 'returned_to_sender', 'cancelled']);
    expect(payload.type).toBe('shipment.updated');
    expect(statuses).toContain(payload.data.status);
    const fields = [...guide.matchAll(/^\| `data\.(\w+)` \| (required|optional) \|/gm)].map(([, field]) => field);
    expect(Object.keys(payload.data).every((field) => fields.includes(field))).toBe(true);
  });
});
