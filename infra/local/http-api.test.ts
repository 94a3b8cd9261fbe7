import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevIssuer } from './dev-issuer.ts';
import type { FunctionHost } from './function-host.ts';
import { LocalHttpApi } from './http-api.ts';

let api: LocalHttpApi;
let port: number;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-http-api-'));
  api = new LocalHttpApi(0, () => undefined);
  // The 413 is answered before any function is called: the route needs no host.
  api.serve([{ routeKey: 'POST /things', host: {} as FunctionHost, jwtAudiences: null }], await DevIssuer.open(dataDir));
  port = await api.listen();
});

afterAll(async () => {
  await api?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a body over the 10 MB limit', () => {
  it('is answered 413 on a connection the server closes, so a kept-alive client does not send its next request into the unread rest', async () => {
    const agent = new Agent({ keepAlive: true });
    const answer = await new Promise<{ status?: number; connection?: string }>((resolve, reject) => {
      const req = request({ port, method: 'POST', path: '/things', agent, headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume().on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection }));
      });
      req.on('error', reject);
      req.end(Buffer.alloc(10 * 1024 * 1024 + 1, 0x20));
    });
    agent.destroy();
    expect(answer).toEqual({ status: 413, connection: 'close' });
  });
});
