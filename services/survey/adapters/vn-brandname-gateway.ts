import * as z from 'zod';
import { createHttpClient, DEFAULT_HTTP } from '../../../libs/platform/http-client.ts';
import { parseOrThrow } from '../../../libs/platform/validation.ts';
import { gatewayById, mapDeliveryStatus, sendOutcomeOf, type Gateway } from '../domain/gateways.ts';
import { E164Phone } from '../domain/phone.ts';
import { gatewayFailure, GatewayError, recipientOf, type GatewayCallback, type GatewayConnection, type OutgoingSms, type SentSms, type SmsGateway } from './gateway.ts';

/**
 * A Vietnamese SMS brandname gateway (`vn-brandname` in gateways.json), in the shape common to
 * them: JSON send with our request id for deduplication, answers as a code of their own (HTTP
 * 200 whatever happened), and callbacks by HTTP GET with a query string and no signature,
 * authenticated by the secret in the URL we registered (libs/platform/url-secret.ts).
 *
 * The shapes here are OUR REFERENCE SHAPES, the one the local simulator plays; a contracted
 * gateway's names and codes are to be confirmed with it (codes in gateways.json, marked as
 * assumptions) and, where they differ, get an adapter of their own:
 *   POST {baseUrl}/sms/send, Authorization: Bearer <API key>,
 *     {requestId, phone: '84912345678', message, brandname}
 *     → 200 {code: '00', messageId}; the same requestId again → {code: '01', messageId} (the
 *     first message's id: sent once); any other code → a GatewayError (gateways.json sendCodes).
 *   Delivery reports: GET {our status URL}/{secret}?requestId=&messageId=&status=<code>[&errorCode=]
 *   Replies (MO): GET {our inbound URL}/{secret}?id=&phone=&message= (or the same fields as a form POST).
 */

export interface VnBrandnameGatewayOptions extends GatewayConnection {
  readonly apiKey: string;
  /** The brandname registered with the carriers (e.g. `UBND-HADONG`), up to 11 characters. */
  readonly brandname: string;
  readonly gateway?: Gateway;
}

const PROVIDER_ID = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'an id: 1–64 of A–Z a–z 0–9 _ . : -');
const CODE = z.union([z.number().int().nonnegative(), z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/)]).transform(String);

const Answer = z.object({ code: CODE, messageId: PROVIDER_ID.optional() });

const InboundParams = z.object({ id: PROVIDER_ID, phone: E164Phone, message: z.string().max(1_600) });
const StatusParams = z.object({ requestId: PROVIDER_ID, messageId: PROVIDER_ID, status: CODE, errorCode: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/).optional() });

/** The brandname gateways' answers are codes in a 200; a refusal in an HTTP status carries the same code, sometimes. */
const codeOfRefusal = (body: unknown): string | undefined => {
  const code = CODE.safeParse((body as { code?: unknown } | null)?.code);
  return code.success ? code.data : undefined;
};

export function vnBrandnameGateway(options: VnBrandnameGatewayOptions): SmsGateway {
  const gateway = options.gateway ?? gatewayById('vn-brandname');
  if (!/^[A-Za-z0-9 ._-]{1,11}$/.test(options.brandname)) throw new Error('vnBrandnameGateway: a brandname is 1–11 letters, digits, spaces, . _ -');
  const http = createHttpClient({
    ...DEFAULT_HTTP,
    ...options.http,
    baseUrl: options.baseUrl,
    headers: { authorization: `Bearer ${options.apiKey}` },
    failure: gatewayFailure(gateway.id, codeOfRefusal),
  });

  return {
    gateway,
    // The requestId is the gateway's deduplication key: a retry after a lost answer sends nothing twice.
    deduplicatesSends: true,

    async send(message: OutgoingSms): Promise<SentSms> {
      const phone = recipientOf(gateway.id, message.to).slice(1); // 84…, as these gateways take it
      const answer = await http.request({ method: 'POST', path: '/sms/send', body: { requestId: message.messageId, phone, message: message.text, brandname: options.brandname } });
      const body = Answer.safeParse(answer.body);
      const fail = (reason: 'rejected' | 'unauthorized' | 'server_error' | 'bad_response', providerCode?: string) =>
        new GatewayError({ gateway: gateway.id, reason, status: answer.status, message: `POST /sms/send answered ${answer.status}`, ...(providerCode === undefined ? {} : { providerCode }) });
      if (!body.success) throw fail('bad_response');
      const { code, messageId } = body.data;
      switch (sendOutcomeOf(gateway, code)) {
        case 'accepted':
        case 'duplicate':
          if (!messageId) throw fail('bad_response', code);
          return { providerMessageId: messageId, status: 'queued', rawStatus: code };
        case 'rejected':
          throw fail('rejected', code);
        case 'unauthorized':
          throw fail('unauthorized', code);
        case 'retry':
          throw fail('server_error', code);
        case undefined:
          // A code we do not know: not retried blindly; a person reads the code and adds it to gateways.json.
          throw fail('bad_response', code);
      }
    },

    readCallback(kind, { query, form }, receivedAt): GatewayCallback {
      // GET: the fields are the query; a gateway that POSTs a form sends them in the body.
      const fields = Object.fromEntries(form ?? query);
      if (kind === 'inbound') {
        const inbound = parseOrThrow(InboundParams, fields, form ? 'body' : 'query');
        return { kind, gateway: gateway.id, providerMessageId: inbound.id, from: inbound.phone, text: inbound.message, receivedAt };
      }
      const report = parseOrThrow(StatusParams, fields, form ? 'body' : 'query');
      const mapped = mapDeliveryStatus(gateway, report.status);
      return {
        kind,
        gateway: gateway.id,
        providerMessageId: report.messageId,
        messageId: report.requestId,
        status: mapped.mapped ? mapped.status : null,
        rawStatus: mapped.rawCode,
        ...(report.errorCode === undefined ? {} : { errorCode: report.errorCode }),
        reportId: `${report.messageId}:${mapped.rawCode}`,
        receivedAt,
      };
    },
  };
}
