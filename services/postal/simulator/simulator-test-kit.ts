import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** For the simulator's tests (not a test file itself). */

/** A seeded generator in [0, 1), so a shuffle is the same at every run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders;
  /** The bytes as received, as text. */
  readonly body: string;
  readonly status: number;
}

/** A loopback receiver standing in for POST /postal/webhooks/{partner}: keeps what arrives, answers with `answer` (default 204). */
export async function startReceiver(answer: (request: { headers: IncomingHttpHeaders; body: string }, index: number) => number = () => 204) {
  const received: ReceivedWebhook[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const status = answer({ headers: req.headers, body }, received.length);
    received.push({ headers: req.headers, body, status });
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/postal/webhooks/demo-webhook`,
    received,
    /** What was accepted (2xx), in arrival order. */
    accepted: () => received.filter((r) => r.status < 300),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
