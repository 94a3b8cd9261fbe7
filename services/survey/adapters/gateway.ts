import { RETRYABLE_FAILURE, type HttpFailure, type HttpFailureReason, type HttpTuning } from '../../../libs/platform/http-client.ts';
import type { DeliveryStatus, Gateway } from '../domain/gateways.ts';
import { toE164 } from '../domain/phone.ts';

/**
 * What every SMS gateway does for us, whatever its API: send one text, and read the callbacks it
 * makes to us (a citizen's reply, a delivery report) once they are authenticated. The service
 * talks to this interface only: a province contracts Twilio or a brandname gateway, and a new
 * gateway is one adapter and one entry in gateways.json.
 */
export interface SmsGateway {
  readonly gateway: Gateway;
  /**
   * True when the gateway deduplicates sends by our `messageId` (the brandname gateway's
   * requestId): sending again after a lost answer then sends nothing twice. False for Twilio,
   * whose Messages API has no idempotency key: after a `GatewayError` with `outcomeUnknown`,
   * sending again may deliver the text twice.
   */
  readonly deduplicatesSends: boolean;
  send(message: OutgoingSms): Promise<SentSms>;
  /**
   * A callback in our terms. Call it only after the request was authenticated. Throws 400
   * VALIDATION_FAILED on a shape we do not read, naming the fields, never their values.
   */
  readCallback(kind: CallbackKind, request: CallbackRequest, receivedAt: string): GatewayCallback;
}

/** What a callback carried: the query string of its URL, and the form of a POST (`application/x-www-form-urlencoded`). */
export interface CallbackRequest {
  readonly query: URLSearchParams;
  readonly form?: URLSearchParams;
}

export interface OutgoingSms {
  /** Ours, unique per message: the gateway's idempotency key where it has one, and on every delivery report. */
  readonly messageId: string;
  /** E.164, or a Vietnamese mobile as intake stores it (`0912345678`): sent as +84…. */
  readonly to: string;
  /** The text, as rendered (GSM-7, one segment: the templates' business). */
  readonly text: string;
}

export interface SentSms {
  readonly providerMessageId: string;
  /** The gateway's first status in our vocabulary (`queued` when its code is not one we map). */
  readonly status: DeliveryStatus;
  readonly rawStatus: string;
}

export type CallbackKind = 'inbound' | 'status';

/** A citizen's message to us. */
export interface InboundSms {
  readonly kind: 'inbound';
  readonly gateway: string;
  /** The gateway's id of the message: the deduplication key of the callback. */
  readonly providerMessageId: string;
  /** E.164. Personal data: never logged, never in an event. */
  readonly from: string;
  readonly text: string;
  /** When we received the callback (the gateways' own times are not comparable between them). */
  readonly receivedAt: string;
}

/** A delivery report on a message we sent. */
export interface DeliveryReport {
  readonly kind: 'status';
  readonly gateway: string;
  readonly providerMessageId: string;
  /** Ours, when the report carries it (the brandname requestId, Twilio's status callback URL). */
  readonly messageId?: string;
  /** Our vocabulary; null when the code is not one we map (kept with the message, not applied). */
  readonly status: DeliveryStatus | null;
  readonly rawStatus: string;
  /** The gateway's error code when it gives one (Twilio's ErrorCode: 30003 unreachable, 21610 unsubscribed, …). */
  readonly errorCode?: string;
  /** The deduplication key: one message has several reports (queued, sent, delivered), each sent maybe twice. */
  readonly reportId: string;
  readonly receivedAt: string;
}

export type GatewayCallback = InboundSms | DeliveryReport;

/** How an adapter reaches its gateway: where, and any tuning of DEFAULT_HTTP. */
export interface GatewayConnection {
  /** The API's root (Twilio: `https://api.twilio.com`); the local simulator's address locally. */
  readonly baseUrl: string;
  readonly http?: HttpTuning;
}

/**
 * Why a send failed. `retryable`: the same send may succeed later (timeout, network, 429, 5xx,
 * the gateway's "busy" code); not: it will fail the same way (a number the gateway refuses, our
 * credentials, our balance) and needs a person or a different message. `outcomeUnknown`: the
 * gateway may have accepted the message before the failure (a timeout, a cut connection, a 5xx);
 * with a gateway that does not deduplicate sends, retrying may send it twice. Messages name the
 * gateway, the method, the path, the status and the gateway's code only: never a phone or a text.
 */
export class GatewayError extends Error {
  readonly gateway: string;
  readonly reason: HttpFailureReason;
  readonly retryable: boolean;
  readonly outcomeUnknown: boolean;
  /** The HTTP status, when the gateway answered. */
  readonly status: number | undefined;
  /** The gateway's own error or answer code (Twilio 21211, a brandname `12`), when it gave one. */
  readonly providerCode: string | undefined;
  /** How many calls were made before giving up. */
  readonly attempts: number;

  constructor(init: { gateway: string; reason: HttpFailureReason; message: string; status?: number; providerCode?: string; attempts?: number }) {
    super(`SMS gateway ${init.gateway}: ${init.message}${init.providerCode === undefined ? '' : ` (code ${init.providerCode})`}`);
    this.name = 'GatewayError';
    this.gateway = init.gateway;
    this.reason = init.reason;
    this.retryable = RETRYABLE_FAILURE[init.reason];
    this.outcomeUnknown = init.reason === 'timeout' || init.reason === 'network' || init.reason === 'server_error';
    this.status = init.status;
    this.providerCode = init.providerCode;
    this.attempts = init.attempts ?? 1;
  }
}

/** The platform client's `failure` for a gateway: its code picked from the refusal's JSON by `codeOf`. */
export function gatewayFailure(gateway: string, codeOf: (errorBody: unknown) => string | undefined) {
  return ({ reason, message, status, attempts, errorBody }: HttpFailure): GatewayError => {
    const providerCode = errorBody === undefined ? undefined : codeOf(errorBody);
    return new GatewayError({ gateway, reason, message, attempts, ...(status === undefined ? {} : { status }), ...(providerCode === undefined ? {} : { providerCode }) });
  };
}

/** The recipient in E.164, or a non-retryable GatewayError (a number no gateway would take; it names no digit). */
export function recipientOf(gateway: string, to: string): string {
  const e164 = toE164(to);
  if (!e164) throw new GatewayError({ gateway, reason: 'rejected', message: 'the recipient is not a Vietnamese mobile or an E.164 number' });
  return e164;
}

