import { setTimeout as delay } from 'node:timers/promises';

/**
 * The one HTTP client our adapters to the outside world share (postal partners, SMS gateways):
 * a timeout on every call, retries of retryable failures only, with exponential backoff and full
 * jitter (delay = random × min(cap, base × 2^(n−1)), so many calls failing together do not come
 * back together), and every failure as the caller's own error (PartnerError, GatewayError), made
 * by `failure` from an `HttpFailure`. Configuration is options only; whoever builds the adapter
 * reads the environment. Retrying a create or a send is safe only because the peer keys it on
 * our own id: an adapter whose peer does not must set maxAttempts to 1.
 *
 * The retries here ride out a blip within one invocation; a peer down for longer is the queue's
 * business (the message comes back, then parks in the DLQ), so keep maxAttempts × timeout well
 * inside the consumer's Lambda timeout.
 */

/** Why a call failed, as far as the caller needs to know to decide what to do next. */
export type HttpFailureReason =
  | 'timeout'
  | 'network'
  | 'rate_limited'
  | 'server_error'
  | 'unauthorized'
  | 'not_found'
  | 'rejected'
  | 'bad_response';

/**
 * Retryable: the same call may succeed later (timeout, network, 429, 5xx). Not: it will fail the
 * same way again and needs a person (the peer refused the request or our credentials).
 */
export const RETRYABLE_FAILURE: Readonly<Record<HttpFailureReason, boolean>> = {
  timeout: true,
  network: true,
  rate_limited: true,
  server_error: true,
  unauthorized: false,
  not_found: false,
  rejected: false,
  // The peer answered 2xx with something we cannot read: asking again gets the same answer.
  bad_response: false,
};

/**
 * A failed call, for the adapter's error class. `message` names the method, the path and the
 * status only: never a body, which may carry a name or a phone.
 */
export interface HttpFailure {
  readonly reason: HttpFailureReason;
  readonly message: string;
  readonly status?: number;
  readonly attempts: number;
  /**
   * The JSON body of a refusal (4xx, 5xx), when it is JSON: for the adapter to pick the peer's
   * error code from. Never put it in a message or a log: it may repeat a phone or a name.
   */
  readonly errorBody?: unknown;
}

export interface HttpClientOptions {
  /** Where the peer's API is, e.g. `https://api.partner.example/v1` (a path prefix is kept). */
  readonly baseUrl: string;
  /** The error a failure is thrown as; its retryability is RETRYABLE_FAILURE[reason]. */
  readonly failure: (failure: HttpFailure) => Error;
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
  /**
   * Which failures this client retries itself (default: the retryable ones). A peer with no
   * idempotency key (Twilio's Messages API) may have acted on a call that timed out: its adapter
   * retries only what the peer certainly refused, and leaves the rest to its caller.
   */
  readonly retryWithin?: (reason: HttpFailureReason) => boolean;
}

/** Defaults sized for a queue consumer: three calls of at most 5 s, with waits of up to 0.2 then 0.4 s between. */
export const DEFAULT_HTTP: Pick<HttpClientOptions, 'timeoutMs' | 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs'> = { timeoutMs: 5_000, maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 2_000 };

/** What an adapter's options may tune of its client. */
export type HttpTuning = Partial<Omit<HttpClientOptions, 'baseUrl' | 'failure' | 'headers' | 'retryWithin'>>;

export interface JsonRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Appended to baseUrl; encode path segments before. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as `application/x-www-form-urlencoded` instead (Twilio's API); not with `body`. */
  readonly form?: Readonly<Record<string, string | undefined>>;
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
  const retryWithin = options.retryWithin ?? ((reason: HttpFailureReason) => RETRYABLE_FAILURE[reason]);

  return {
    async request(request) {
      if (request.body !== undefined && request.form !== undefined) throw new TypeError('a request has a JSON body or a form, not both');
      const url = urlOf(options.baseUrl, request);
      const what = `${request.method} ${request.path}`;
      for (let attempt = 1; ; attempt++) {
        const outcome = await once(url, request, options);
        if ('response' in outcome) return outcome.response;
        const message = `${what} ${outcome.detail}` + (attempt > 1 ? ` (after ${attempt} attempts)` : '');
        const error = options.failure({
          reason: outcome.reason,
          message,
          attempts: attempt,
          ...(outcome.status === undefined ? {} : { status: outcome.status }),
          ...(outcome.errorBody === undefined ? {} : { errorBody: outcome.errorBody }),
        });
        if (!retryWithin(outcome.reason) || attempt >= options.maxAttempts) throw error;
        const backoff = random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
        // A peer that says when to come back is heeded, within our cap.
        await sleep(Math.max(backoff, Math.min(outcome.retryAfterMs ?? 0, options.maxDelayMs)));
      }
    },
  };
}

type Outcome = { response: JsonResponse } | { reason: HttpFailureReason; detail: string; status?: number; retryAfterMs?: number; errorBody?: unknown };

function bodyOf(request: JsonRequest): { contentType?: string; body?: string } {
  if (request.body !== undefined) return { contentType: 'application/json', body: JSON.stringify(request.body) };
  if (request.form !== undefined) {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(request.form)) if (value !== undefined) form.append(name, value);
    return { contentType: 'application/x-www-form-urlencoded', body: form.toString() };
  }
  return {};
}

async function once(url: URL, request: JsonRequest, options: HttpClientOptions): Promise<Outcome> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers, ...request.headers };
  const { contentType, body } = bodyOf(request);
  if (contentType) headers['content-type'] = contentType;
  let status: number | undefined;
  try {
    const response = await fetch(url, { method: request.method, headers, body, signal: AbortSignal.timeout(options.timeoutMs), redirect: 'error' });
    status = response.status;
    // Read the body in every case: within the timeout, and so the connection is released.
    const text = await response.text();
    const answer = jsonOf(text);
    if (!response.ok) return failureOf(response, status, answer);
    if (answer === NOT_JSON) return { reason: 'bad_response', status, detail: `answered ${status} with a body that is not JSON` };
    return { response: { status, body: answer } };
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') return { reason: 'timeout', ...(status === undefined ? {} : { status }), detail: `got no complete answer within ${options.timeoutMs} ms` };
    // fetch rejects with a TypeError for refused connections, resets, DNS failures; the cause's code says which.
    const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
    return { reason: 'network', detail: `failed to connect or was cut off${typeof code === 'string' ? ` (${code})` : ''}` };
  }
}

const NOT_JSON = Symbol('not JSON');

/** The parsed body, undefined when empty, NOT_JSON when unreadable. */
function jsonOf(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

function failureOf(response: Response, status: number, body: unknown): Outcome {
  const reason: HttpFailureReason =
    status === 408 ? 'timeout'
    : status === 429 ? 'rate_limited'
    : status >= 500 ? 'server_error'
    : status === 401 || status === 403 ? 'unauthorized'
    : status === 404 ? 'not_found'
    : 'rejected';
  const retryAfterMs = retryAfterOf(response.headers.get('retry-after'));
  return {
    reason,
    status,
    detail: `answered ${status}`,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(body === undefined || body === NOT_JSON ? {} : { errorBody: body }),
  };
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
