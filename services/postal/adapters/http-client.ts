import { setTimeout as delay } from 'node:timers/promises';
import { PartnerError, type PartnerErrorReason } from './partner.ts';

/**
 * The one JSON-over-HTTP client the partner adapters share: a timeout on every call, retries of
 * retryable failures only, with exponential backoff and full jitter (delay = random × min(cap,
 * base × 2^(n−1)), so many shipments failing together do not come back together), and every
 * failure as a PartnerError. Configuration is options only; whoever builds the adapter reads
 * the environment. Retrying a create is safe because partners key it on our shipment id.
 *
 * The retries here ride out a blip within one invocation; a partner down for longer is the
 * queue's business (the message comes back, then parks in the DLQ), so keep maxAttempts × timeout
 * well inside the consumer's Lambda timeout.
 */
export interface HttpClientOptions {
  /** Where the partner's API is, e.g. `https://api.partner.example/v1` (a path prefix is kept). */
  readonly baseUrl: string;
  /** The partner id, for error messages. */
  readonly partner: string;
  /** Per call, covering the answer's body too. */
  readonly timeoutMs: number;
  /** Calls in all, the first included (1: no retry). */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Sent on every call (credentials). */
  readonly headers?: Readonly<Record<string, string>>;
  /** In [0, 1): injectable so tests can pin the jitter. */
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Defaults sized for a queue consumer: three calls of at most 5 s, with waits of up to 0.2 then 0.4 s between. */
export const DEFAULT_HTTP: Pick<HttpClientOptions, 'timeoutMs' | 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs'> = { timeoutMs: 5_000, maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 2_000 };

/** What an adapter's options may tune of its client. */
export type HttpTuning = Partial<Omit<HttpClientOptions, 'baseUrl' | 'partner' | 'headers'>>;

/** How an adapter reaches its partner: where, with which API key, and any tuning of DEFAULT_HTTP. */
export interface PartnerConnection {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly http?: HttpTuning;
}

/** The client of one partner, its key sent as `Authorization: Bearer` (our reference shape). */
export function partnerClient(partner: string, connection: PartnerConnection): HttpClient {
  return createHttpClient({
    ...DEFAULT_HTTP,
    ...connection.http,
    baseUrl: connection.baseUrl,
    partner,
    headers: { authorization: `Bearer ${connection.apiKey}` },
  });
}

export interface JsonRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Appended to baseUrl; encode path segments before. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface JsonResponse {
  readonly status: number;
  /** The parsed JSON body, or undefined when there is none (204, empty). */
  readonly body: unknown;
}

export interface HttpClient {
  request(request: JsonRequest): Promise<JsonResponse>;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  if (!(options.maxAttempts >= 1) || !Number.isInteger(options.maxAttempts)) throw new RangeError('maxAttempts must be an integer ≥ 1');
  if (!(options.timeoutMs > 0)) throw new RangeError('timeoutMs must be > 0');
  if (!(options.baseDelayMs >= 0) || !(options.maxDelayMs >= options.baseDelayMs)) throw new RangeError('need 0 ≤ baseDelayMs ≤ maxDelayMs');
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));

  return {
    async request(request) {
      const url = urlOf(options.baseUrl, request);
      const what = `${request.method} ${request.path}`;
      for (let attempt = 1; ; attempt++) {
        const outcome = await once(url, request, options);
        if ('response' in outcome) return outcome.response;
        const error = new PartnerError({ partner: options.partner, reason: outcome.reason, status: outcome.status, attempts: attempt, message: `${what} ${outcome.detail}` + (attempt > 1 ? ` (after ${attempt} attempts)` : '') });
        if (!error.retryable || attempt >= options.maxAttempts) throw error;
        const backoff = random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
        // A partner that says when to come back is heeded, within our cap.
        await sleep(Math.max(backoff, Math.min(outcome.retryAfterMs ?? 0, options.maxDelayMs)));
      }
    },
  };
}

type Outcome = { response: JsonResponse } | { reason: PartnerErrorReason; detail: string; status?: number; retryAfterMs?: number };

async function once(url: URL, request: JsonRequest, options: HttpClientOptions): Promise<Outcome> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers, ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  let status: number | undefined;
  try {
    const response = await fetch(url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'error',
    });
    status = response.status;
    // Read the body in every case: within the timeout, and so the connection is released.
    const text = await response.text();
    if (!response.ok) return failureOf(response, status);
    if (text.trim() === '') return { response: { status, body: undefined } };
    try {
      return { response: { status, body: JSON.parse(text) } };
    } catch {
      return { reason: 'bad_response', status, detail: `answered ${status} with a body that is not JSON` };
    }
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') return { reason: 'timeout', ...(status === undefined ? {} : { status }), detail: `got no complete answer within ${options.timeoutMs} ms` };
    // fetch rejects with a TypeError for refused connections, resets, DNS failures; the cause's code says which.
    const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
    return { reason: 'network', detail: `failed to connect or was cut off${typeof code === 'string' ? ` (${code})` : ''}` };
  }
}

function failureOf(response: Response, status: number): Outcome {
  const reason: PartnerErrorReason =
    status === 408 ? 'timeout'
    : status === 429 ? 'rate_limited'
    : status >= 500 ? 'server_error'
    : status === 401 || status === 403 ? 'unauthorized'
    : status === 404 ? 'not_found'
    : 'rejected';
  const retryAfterMs = retryAfterOf(response.headers.get('retry-after'));
  return { reason, status, detail: `answered ${status}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
}

/** Retry-After in seconds (the HTTP-date form is not worth a clock here: it is ignored). */
function retryAfterOf(header: string | null): number | undefined {
  if (header === null || !/^\d{1,6}$/.test(header.trim())) return undefined;
  return Number(header.trim()) * 1000;
}

function urlOf(baseUrl: string, request: JsonRequest): URL {
  const url = new URL(baseUrl.replace(/\/+$/, '') + request.path);
  for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(name, value);
  return url;
}
