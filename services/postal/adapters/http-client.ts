import {
  createHttpClient as createPlatformHttpClient,
  DEFAULT_HTTP,
  type HttpClient,
  type HttpClientOptions as PlatformHttpClientOptions,
  type HttpTuning,
} from '../../../libs/platform/http-client.ts';
import { PartnerError } from './partner.ts';

/**
 * The partners' client: the platform's HTTP client (timeouts, retries with full jitter; see
 * libs/platform/http-client.ts), its failures thrown as PartnerError. Retrying a create is safe
 * because partners key it on our shipment id.
 */
export { DEFAULT_HTTP, type HttpClient, type HttpTuning };
export type { JsonRequest, JsonResponse } from '../../../libs/platform/http-client.ts';

export interface HttpClientOptions extends Omit<PlatformHttpClientOptions, 'failure'> {
  /** The partner id, for error messages. */
  readonly partner: string;
}

export function createHttpClient({ partner, ...options }: HttpClientOptions): HttpClient {
  return createPlatformHttpClient({ ...options, failure: ({ reason, message, status, attempts }) => new PartnerError({ partner, reason, message, attempts, ...(status === undefined ? {} : { status }) }) });
}

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
