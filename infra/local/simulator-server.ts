import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type * as z from 'zod';
import { closeServer } from './http-server.ts';

/**
 * What the local partner simulators share (services/postal/simulator, services/survey/simulator):
 * a loopback HTTP server whose routing errors are a 500 and a line, a pause that a stop cuts
 * short, JSON answers, and options read from environment variables of `npm start`.
 */

export class LoopbackServer {
  private readonly server: Server;
  private origin: string | undefined;

  /** `name` prefixes the error lines (`postal simulator: POST /x failed: …`). */
  constructor(name: string, route: (req: IncomingMessage, res: ServerResponse) => Promise<void>, onError: (message: string) => void) {
    this.server = createServer((req, res) => {
      route(req, res).catch((error: unknown) => {
        onError(`${name}: ${req.method} ${req.url?.split('?')[0]} failed: ${(error as Error).message}`);
        if (!res.headersSent) sendJson(res, 500, { error: 'simulator error' });
        else res.end();
      });
    });
  }

  /** Listens on 127.0.0.1 (`port` 0: a free one); answers the origin, e.g. `http://127.0.0.1:41234`. */
  async listen(port: number): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.origin;
  }

  /** The origin once listening. */
  get url(): string | undefined {
    return this.origin;
  }

  /** Stops listening, connections cut. */
  close(): Promise<void> {
    return closeServer(this.server);
  }
}

/** Waits; false when `signal` aborted meanwhile (the simulator stopped). */
export async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * Options from environment variables: `names` maps each option to its variable; unset or empty
 * ones are left out (the default applies); a bad value throws, naming the variable.
 */
export function optionsFromEnv<T extends z.ZodType>(names: Readonly<Record<string, string>>, schema: T, env: Readonly<Record<string, string | undefined>>): z.output<T> {
  const given = Object.fromEntries(Object.entries(names).flatMap(([option, name]) => (env[name] ? [[option, env[name]]] : [])));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${names[String(issue.path[0])]}: ${issue.message}`);
  }
  return parsed.data;
}

/** What a simulator does in the background (stories, reports): tracked, so that tests can await it and a stop ends it. */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private readonly name: string;
  private readonly onError: (message: string) => void;

  /** A failure of the work is reported as `<name>: <message>`. */
  constructor(name: string, onError: (message: string) => void) {
    this.name = name;
    this.onError = onError;
  }

  /** Aborted by `stop()`: waits and requests in flight give up. */
  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.onError(`${this.name}: ${(error as Error).message}`)).finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  /** Resolves once all the work tracked so far (and any it started) is over. */
  async settled(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.running]);
  }
}

/**
 * Faults by target (a partner, a gateway): each for the next `count` requests, or until cleared
 * with `none`; `5xx-then-ok` for one request when no count is given.
 */
export class FaultSwitch<Target, Mode extends string> {
  private readonly faults = new Map<Target, { mode: Mode; remaining: number | null }>();

  set(target: Target, mode: Mode | 'none', count?: number): void {
    if (mode === 'none') this.faults.delete(target);
    else this.faults.set(target, { mode: mode as Mode, remaining: count ?? (mode === '5xx-then-ok' ? 1 : null) });
  }

  /** The fault of this request, if any (counting it down). */
  take(target: Target): Mode | undefined {
    const fault = this.faults.get(target);
    if (!fault) return undefined;
    if (fault.remaining !== null && --fault.remaining <= 0) this.faults.delete(target);
    return fault.mode;
  }
}
