import * as z from 'zod';
import { createHttpClient, DEFAULT_HTTP } from '../../../libs/platform/http-client.ts';
import { parseOrThrow } from '../../../libs/platform/validation.ts';
import { gatewayById, mapDeliveryStatus, type Gateway } from '../domain/gateways.ts';
import { E164Phone } from '../domain/phone.ts';
import { gatewayFailure, GatewayError, recipientOf, type GatewayCallback, type GatewayConnection, type OutgoingSms, type SentSms, type SmsGateway } from './gateway.ts';

/**
 * Twilio Programmable Messaging (`twilio` in gateways.json), spoken over its REST API without
 * Twilio's SDK (too heavy for a Lambda bundle; the SDK is a devDependency, for tests only):
 *   POST {baseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json, Basic auth AccountSid:AuthToken,
 *     form-encoded To, From or MessagingServiceSid, Body, StatusCallback
 *   → 201 {sid, status, …}; a refusal is 4xx {code, message, more_info, status}.
 * Twilio then POSTs status callbacks to StatusCallback and replies to the number's (or the
 * Messaging Service's) incoming-message URL, both form-encoded and signed (X-Twilio-Signature,
 * checked by libs/platform/twilio-signature.ts before `readCallback` is called).
 *
 * The Messages API has no idempotency key: a send that timed out may have been accepted. So this
 * client retries by itself only a 429 (Twilio refused before creating anything); anything else is
 * a GatewayError for the caller, `outcomeUnknown` when Twilio may have sent it.
 */

export interface TwilioGatewayOptions extends Partial<GatewayConnection> {
  readonly accountSid: string;
  readonly authToken: string;
  /** The sender: a Messaging Service (`MG…`, preferred: it picks the sender and handles opt-outs) or a number/alphanumeric id. */
  readonly sender: { readonly messagingServiceSid: string } | { readonly from: string };
  /**
   * The public URL of our status route (`https://…/surveys/sms/twilio/status`), from
   * configuration. Our message id is added as `?messageId=`, so a report names our message even
   * when it comes before we stored Twilio's sid; Twilio signs the URL with it.
   */
  readonly statusCallbackUrl: string;
  readonly gateway?: Gateway;
}

export const TWILIO_API = 'https://api.twilio.com';

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
/** Message sids: SM… (SMS) or MM… (MMS), 34 characters. */
const MESSAGE_SID = z.string().regex(/^[SM]M[0-9a-fA-F]{32}$/, 'a Twilio message sid (SM or MM and 32 hex digits)');
const OUR_MESSAGE_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

const Created = z.object({ sid: MESSAGE_SID, status: z.string().min(1).max(40) });

/** Twilio's refusals: `{code: 21211, message: "…", …}`; the code is what we keep. */
const codeOfRefusal = (body: unknown): string | undefined => {
  const code = (body as { code?: unknown } | null)?.code;
  return typeof code === 'number' || (typeof code === 'string' && /^\d{1,10}$/.test(code)) ? String(code) : undefined;
};

const InboundParams = z.object({ MessageSid: MESSAGE_SID, From: E164Phone, Body: z.string().max(1_600).default('') });
const StatusParams = z.object({
  MessageSid: MESSAGE_SID,
  MessageStatus: z.string().regex(/^[a-z_]{1,40}$/, 'a Twilio message status'),
  ErrorCode: z.string().regex(/^\d{1,10}$/, 'a Twilio error code').optional(),
});

export function twilioGateway(options: TwilioGatewayOptions): SmsGateway {
  const gateway = options.gateway ?? gatewayById('twilio');
  if (!ACCOUNT_SID.test(options.accountSid)) throw new Error('twilioGateway: accountSid must be AC followed by 32 hex digits');
  if (!options.authToken) throw new Error('twilioGateway: authToken is required');
  const statusCallback = new URL(options.statusCallbackUrl);
  const http = createHttpClient({
    ...DEFAULT_HTTP,
    ...options.http,
    baseUrl: options.baseUrl ?? TWILIO_API,
    headers: { authorization: `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}` },
    failure: gatewayFailure(gateway.id, codeOfRefusal),
    retryWithin: (reason) => reason === 'rate_limited',
  });
  const path = `/2010-04-01/Accounts/${options.accountSid}/Messages.json`;

  return {
    gateway,
    deduplicatesSends: false,

    async send(message: OutgoingSms): Promise<SentSms> {
      if (!OUR_MESSAGE_ID.test(message.messageId)) throw new TypeError('send: messageId must be 1–128 of A–Z a–z 0–9 _ . : -');
      const callback = new URL(statusCallback);
      callback.searchParams.set('messageId', message.messageId);
      const response = await http.request({
        method: 'POST',
        path,
        form: {
          To: recipientOf(gateway.id, message.to),
          ...('messagingServiceSid' in options.sender ? { MessagingServiceSid: options.sender.messagingServiceSid } : { From: options.sender.from }),
          Body: message.text,
          StatusCallback: callback.toString(),
        },
      });
      const created = Created.safeParse(response.body);
      if (!created.success) throw new GatewayError({ gateway: gateway.id, reason: 'bad_response', status: response.status, message: `POST ${path} answered ${response.status} without a message sid` });
      const mapped = mapDeliveryStatus(gateway, created.data.status);
      return { providerMessageId: created.data.sid, status: mapped.mapped ? mapped.status : 'queued', rawStatus: mapped.rawCode };
    },

    readCallback(kind, { query, form }, receivedAt): GatewayCallback {
      const fields = Object.fromEntries(form ?? new URLSearchParams());
      if (kind === 'inbound') {
        const inbound = parseOrThrow(InboundParams, fields, 'body');
        return { kind, gateway: gateway.id, providerMessageId: inbound.MessageSid, from: inbound.From, text: inbound.Body, receivedAt };
      }
      const report = parseOrThrow(StatusParams, fields, 'body');
      const mapped = mapDeliveryStatus(gateway, report.MessageStatus);
      // Ours, from the StatusCallback URL's query (Twilio signed the URL with it).
      const messageId = query.get('messageId');
      return {
        kind,
        gateway: gateway.id,
        providerMessageId: report.MessageSid,
        ...(messageId !== null && OUR_MESSAGE_ID.test(messageId) ? { messageId } : {}),
        status: mapped.mapped ? mapped.status : null,
        rawStatus: mapped.rawCode,
        ...(report.ErrorCode === undefined ? {} : { errorCode: report.ErrorCode }),
        reportId: `${report.MessageSid}:${mapped.rawCode}`,
        receivedAt,
      };
    },
  };
}
