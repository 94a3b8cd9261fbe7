import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import { readBody } from '../../../infra/local/http-server.ts';
import { BackgroundWork, FaultSwitch, LoopbackServer, optionsFromEnv, pause, sendJson as json } from '../../../infra/local/simulator-server.ts';
import { TWILIO_SIGNATURE_HEADER, twilioSignature } from '../../../libs/platform/twilio-signature.ts';
import { toE164 } from '../domain/phone.ts';
import { DEV_BRANDNAME_API_KEY, DEV_BRANDNAME_CALLBACK_SECRET, DEV_TWILIO_ACCOUNT_SID, DEV_TWILIO_AUTH_TOKEN } from './dev-credentials.ts';

/**
 * The local SMS gateway (npm start, tests): one loopback HTTP server playing both reference
 * gateways our adapters call, under `/twilio/…` (Twilio's Messages API) and `/vn-brandname/…`
 * (the brandname gateway's send), in the shapes of adapters/twilio-gateway.ts and
 * adapters/vn-brandname-gateway.ts, plus `/_control/…` for tests and people.
 *
 * Like a carrier, after each accepted send it reports the message's fate to us: Twilio's status
 * callbacks (form-encoded, X-Twilio-Signature over the exact StatusCallback URL it was given), the
 * brandname gateway's delivery reports (GET to our status URL with the secret path segment). It
 * records every message, so a test or a person sees what citizens would receive, and posts a
 * citizen's reply on request, signed or, for forged-callback tests, not.
 *
 * Not a test double of our code: it knows nothing of our tables, only the gateways' APIs and
 * callbacks, so what passes against it passes against a gateway that keeps to the same contract.
 */

export const SIMULATED_GATEWAYS = ['twilio', 'vn-brandname'] as const;
export type SimulatedGateway = (typeof SIMULATED_GATEWAYS)[number];

/**
 * What becomes of a message: `delivered` (queued → sent → delivered), `undelivered` (queued →
 * sent → undelivered, the handset unreachable), `failed` (queued → failed), `silent` (accepted,
 * then no report at all: for the sweep of messages stuck in flight).
 */
export const OUTCOMES = ['delivered', 'undelivered', 'failed', 'silent'] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

/** Each outcome as each gateway reports it: Twilio's MessageStatus, the brandname codes of gateways.json. */
const STORIES: Record<SimulatedGateway, Record<Outcome, readonly { status: string; errorCode?: string }[]>> = {
  twilio: {
    delivered: [{ status: 'queued' }, { status: 'sent' }, { status: 'delivered' }],
    // 30003: unreachable destination handset; 30008: unknown error (Twilio's error dictionary).
    undelivered: [{ status: 'queued' }, { status: 'sent' }, { status: 'undelivered', errorCode: '30003' }],
    failed: [{ status: 'queued' }, { status: 'failed', errorCode: '30008' }],
    silent: [],
  },
  'vn-brandname': {
    delivered: [{ status: '0' }, { status: '1' }, { status: '2' }],
    undelivered: [{ status: '0' }, { status: '1' }, { status: '3' }],
    failed: [{ status: '0' }, { status: '4' }],
    silent: [],
  },
};

export interface SmsSimulatorOptions {
  /** Loopback port; 0 (default) picks a free one. */
  readonly port?: number;
  /**
   * Our API's public base URL (`http://127.0.0.1:3000` locally): where the brandname reports and
   * every reply go, and what Twilio's signatures are made over. None: reports are recorded, not sent,
   * and replies cannot be posted. Twilio's status callbacks go to the StatusCallback of each send.
   */
  readonly publicBaseUrl?: string;
  /** Twilio: the account it accepts and the token it checks and signs with. Default: the development ones. */
  readonly accountSid?: string;
  readonly authToken?: string;
  /** The brandname gateway: the API key it accepts and the secret of the URLs it calls. Default: the development ones. */
  readonly apiKey?: string;
  readonly callbackSecret?: string;
  /** The outcome of a message to a number nobody chose one for. Default `delivered`. */
  readonly outcome?: Outcome;
  /** Time between two reports on one message. Default 300. */
  readonly stepMs?: number;
  /** Share of reports sent twice (the same callback, as a gateway retrying), in [0, 1]. Default 0. */
  readonly duplicates?: number;
  /** Attempts per report before giving up, the first included. Default 3. */
  readonly callbackAttempts?: number;
  /** The first wait between attempts, doubled each time. Default 250. */
  readonly retryDelayMs?: number;
  /** Print each message sent (the number masked) with `print`. Default false. */
  readonly echo?: boolean;
  readonly print?: (line: string) => void;
  /** In [0, 1): duplicates. */
  readonly random?: () => number;
  /** A report never accepted, a story that broke. Default: console.error. */
  readonly onError?: (message: string) => void;
}

export const SMS_SIMULATOR_DEFAULTS = { outcome: 'delivered', stepMs: 300, duplicates: 0, callbackAttempts: 3, retryDelayMs: 250, echo: false } as const;

export const SEND_FAULTS = ['down', '5xx-then-ok', 'reject', 'none'] as const;
export const SendFault = z.strictObject({
  gateway: z.enum(SIMULATED_GATEWAYS),
  /** down: connections cut without an answer; 5xx-then-ok: 503, nothing sent; reject: the number refused (Twilio 21211, brandname 10); none: clears. */
  mode: z.enum(SEND_FAULTS),
  /** How many sends it affects; absent: every send until cleared (5xx-then-ok: 1). */
  count: z.number().int().positive().optional(),
});
export type SendFault = z.infer<typeof SendFault>;

/** The outcome of the messages to one number (`to`), or of every number nobody chose one for (no `to`). */
export const OutcomeChoice = z.strictObject({ to: z.string().trim().min(1).max(32).optional(), outcome: Outcome });
export type OutcomeChoice = z.infer<typeof OutcomeChoice>;

const Copies = { twice: z.boolean().optional(), forged: z.boolean().optional() };

/**
 * A citizen's reply. `gateway`: by default the one that last texted the number, else Twilio.
 * `twice`: the same callback posted twice (a gateway retrying: the same MessageSid / id).
 * `forged`: signed with a wrong token (Twilio) or sent to a wrong secret (brandname).
 * `via`: the brandname gateway's GET (default) or form POST.
 */
export const Reply = z.strictObject({
  from: z.string().trim().min(1).max(32),
  text: z.string().max(1_600),
  gateway: z.enum(SIMULATED_GATEWAYS).optional(),
  via: z.enum(['GET', 'POST']).optional(),
  ...Copies,
});
export type Reply = z.input<typeof Reply>;

/** A delivery report of one's choosing on a message the simulator sent (a late `sent`, a code we do not map, …). */
export const Report = z.strictObject({
  providerMessageId: z.string().min(1).max(64),
  status: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/),
  errorCode: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/).optional(),
  ...Copies,
});
export type Report = z.input<typeof Report>;

/** One report on a message, as sent. */
export interface SentReport {
  /** The gateway's code: Twilio's MessageStatus, the brandname numeric code. */
  readonly status: string;
  readonly errorCode?: string;
  /** The second copy of a report (`duplicates`, `twice`). */
  readonly resend: boolean;
  /** Posted through `report()`, not the message's story. */
  readonly manual: boolean;
  attempts: number;
  /** `accepted` (a 2xx), `refused` (no 2xx after every attempt), `not-sent` (nowhere to send it: no StatusCallback, no public base URL). */
  outcome?: 'accepted' | 'refused' | 'not-sent';
  /** Our API's last answer (0: no answer). */
  lastStatus?: number;
}

/** A message as the gateway sent it: what the citizen would receive. */
export interface SimulatedSms {
  readonly seq: number;
  readonly gateway: SimulatedGateway;
  /** E.164. */
  readonly to: string;
  /** Twilio's From or MessagingServiceSid; the brandname. */
  readonly from: string;
  readonly text: string;
  /** Ours: the brandname requestId, Twilio's StatusCallback `messageId`. */
  readonly messageId?: string;
  readonly providerMessageId: string;
  readonly outcome: Outcome;
  readonly acceptedAt: string;
  /** Send requests for it (the brandname gateway's retries with the same requestId included); it was sent once. */
  sendRequests: number;
  readonly reports: SentReport[];
}

/** A callback posted on request (a reply, a report): where, and what our API answered to each copy. */
export interface PostedCallback {
  readonly gateway: SimulatedGateway;
  readonly kind: 'inbound' | 'status';
  readonly providerMessageId: string;
  readonly forged: boolean;
  /** HTTP statuses, one per copy; 0: no answer. */
  readonly answers: number[];
}

interface MessageState extends SimulatedSms {
  readonly statusCallback?: string;
  /** Twilio: the sender number in callbacks. */
  readonly senderNumber: string;
  readonly messagingServiceSid?: string;
}

interface Callback {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** The number a Messaging Service sends from, in callbacks (the simulated pool has one). */
export const SIMULATED_SERVICE_NUMBER = '+84899999999';
const FORGED_TOKEN = 'not-the-auth-token-of-this-account';
const FORGED_SECRET = 'not-the-callback-secret-of-this-gateway';
const MAX_BODY = 64 * 1024;
const TWILIO_API = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const REQUEST_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

const TwilioSend = z.object({
  To: z.string().min(1),
  From: z.string().min(1).optional(),
  MessagingServiceSid: z.string().regex(/^MG[0-9a-fA-F]{32}$/).optional(),
  Body: z.string().min(1).max(1_600),
  StatusCallback: z.url({ protocol: /^https?$/ }).optional(),
});
const BrandnameSend = z.object({ requestId: z.string().regex(REQUEST_ID), phone: z.string().min(1).max(20), message: z.string().min(1).max(1_000), brandname: z.string().regex(/^[A-Za-z0-9 ._-]{1,11}$/) });

export class SmsSimulator {
  private readonly options: Required<Omit<SmsSimulatorOptions, 'publicBaseUrl' | 'outcome'>>;
  /** Without a trailing slash. */
  private readonly publicBaseUrl: string | undefined;
  private defaultOutcome: Outcome;
  private readonly server: LoopbackServer;
  private readonly messages: MessageState[] = [];
  private readonly byRequestId = new Map<string, MessageState>();
  private readonly outcomes = new Map<string, Outcome>();
  private readonly faults = new FaultSwitch<SimulatedGateway, Exclude<SendFault['mode'], 'none'>>();
  private readonly posted: PostedCallback[] = [];
  private readonly work: BackgroundWork;

  constructor(options: SmsSimulatorOptions = {}) {
    const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    this.options = {
      port: 0,
      accountSid: DEV_TWILIO_ACCOUNT_SID,
      authToken: DEV_TWILIO_AUTH_TOKEN,
      apiKey: DEV_BRANDNAME_API_KEY,
      callbackSecret: DEV_BRANDNAME_CALLBACK_SECRET,
      print: (line) => console.log(line),
      random: Math.random,
      onError: (message) => console.error(message),
      ...SMS_SIMULATOR_DEFAULTS,
      ...defined,
    };
    this.defaultOutcome = options.outcome ?? SMS_SIMULATOR_DEFAULTS.outcome;
    this.publicBaseUrl = options.publicBaseUrl === undefined ? undefined : z.url({ protocol: /^https?$/ }).parse(options.publicBaseUrl).replace(/\/+$/, '');
    if (!(this.options.duplicates >= 0 && this.options.duplicates <= 1)) throw new RangeError('duplicates must be in [0, 1]');
    if (!(this.options.stepMs >= 0)) throw new RangeError('stepMs must be ≥ 0');
    if (!(Number.isInteger(this.options.callbackAttempts) && this.options.callbackAttempts >= 1)) throw new RangeError('callbackAttempts must be an integer ≥ 1');
    this.work = new BackgroundWork('sms simulator', (message) => this.options.onError(message));
    this.server = new LoopbackServer('sms simulator', (req, res) => this.route(req, res), (message) => this.options.onError(message));
  }

  /** Listens on 127.0.0.1; answers the simulator's origin, e.g. `http://127.0.0.1:41234`. */
  start(): Promise<string> {
    return this.server.listen(this.options.port);
  }

  get url(): string {
    if (!this.server.url) throw new Error('the SMS simulator is not started');
    return this.server.url;
  }

  /** The Twilio auth token it checks and signs with. */
  get authToken(): string {
    return this.options.authToken;
  }

  /** Stops reporting (a report being sent is abandoned) and closes the server. */
  async stop(): Promise<void> {
    await this.work.stop();
    await this.server.close();
  }

  /** Resolves once every report planned so far was sent (or given up on). */
  async settled(): Promise<void> {
    await this.work.settled();
  }

  setFault(fault: SendFault): void {
    const { gateway, mode, count } = SendFault.parse(fault);
    this.faults.set(gateway, mode, count);
  }

  /** The outcome of the next messages to a number, or (no `to`) of every number nobody chose one for. */
  setOutcome(choice: OutcomeChoice): void {
    const { to, outcome } = OutcomeChoice.parse(choice);
    if (to === undefined) {
      this.defaultOutcome = outcome;
      return;
    }
    const e164 = toE164(to);
    if (!e164) throw new RangeError('not a phone number');
    this.outcomes.set(e164, outcome);
  }

  /** Every message sent, in order, with its reports; only those to `to` (any form of the number) when given. */
  list(to?: string): SimulatedSms[] {
    const only = to === undefined ? undefined : toE164(to);
    return this.messages
      .filter((message) => to === undefined || message.to === only)
      .map(({ seq, gateway, to, from, text, messageId, providerMessageId, outcome, acceptedAt, sendRequests, reports }) => ({
        seq, gateway, to, from, text, ...(messageId === undefined ? {} : { messageId }), providerMessageId, outcome, acceptedAt, sendRequests, reports: reports.map((report) => ({ ...report })),
      }));
  }

  /** The replies and reports posted on request, in order. */
  callbacks(): PostedCallback[] {
    return this.posted.map((callback) => ({ ...callback, answers: [...callback.answers] }));
  }

  /** Posts a citizen's reply to our inbound route, as the gateway would; resolves with our API's answers. */
  async reply(input: Reply): Promise<PostedCallback> {
    const { from, text, via, twice = false, forged = false, ...rest } = Reply.parse(input);
    const base = this.publicBase();
    const e164 = toE164(from);
    const last = e164 === null ? undefined : this.messages.findLast((message) => message.to === e164);
    const gateway = rest.gateway ?? last?.gateway ?? 'twilio';
    let callback: Callback;
    let providerMessageId: string;
    if (gateway === 'twilio') {
      providerMessageId = twilioSid();
      const to = last?.gateway === 'twilio' ? last.senderNumber : SIMULATED_SERVICE_NUMBER;
      const params = new URLSearchParams({
        ToCountry: 'VN', ToState: '', SmsMessageSid: providerMessageId, NumMedia: '0', ToCity: '', FromZip: '', SmsSid: providerMessageId, FromState: '',
        SmsStatus: 'received', FromCity: '', Body: text, FromCountry: e164?.startsWith('+84') ? 'VN' : '', To: to, ToZip: '', NumSegments: '1',
        MessageSid: providerMessageId, AccountSid: this.options.accountSid, From: e164 ?? from, ApiVersion: '2010-04-01',
        ...(last?.messagingServiceSid ? { MessagingServiceSid: last.messagingServiceSid } : {}),
      });
      callback = this.twilioCallback(`${base}/surveys/sms/twilio/inbound`, params, forged);
    } else {
      providerMessageId = `MO${randomBytes(6).toString('hex')}`;
      const fields = new URLSearchParams({ id: providerMessageId, phone: e164 ? e164.slice(1) : from, message: text });
      const url = `${base}/surveys/sms/vn-brandname/inbound/${forged ? FORGED_SECRET : this.options.callbackSecret}`;
      callback =
        via === 'POST'
          ? { method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() }
          : { method: 'GET', url: `${url}?${fields}`, headers: {} };
    }
    return this.postOnRequest({ gateway, kind: 'inbound', providerMessageId, forged }, callback, twice);
  }

  /** Posts a delivery report of one's choosing on a message it sent (404 RangeError when it sent none with that id). */
  async report(input: Report): Promise<PostedCallback> {
    const { providerMessageId, status, errorCode, twice = false, forged = false } = Report.parse(input);
    const message = this.messages.find((m) => m.providerMessageId === providerMessageId);
    if (!message) throw new RangeError('no message with this providerMessageId');
    const callback = this.reportCallback(message, { status, ...(errorCode === undefined ? {} : { errorCode }) }, forged);
    if (!callback) throw new Error('nowhere to send it: the message had no StatusCallback, or the simulator no public base URL');
    const posted = await this.postOnRequest({ gateway: message.gateway, kind: 'status', providerMessageId, forged }, callback, twice);
    posted.answers.forEach((answer, index) => {
      message.reports.push({ status, ...(errorCode === undefined ? {} : { errorCode }), resend: index > 0, manual: true, attempts: 1, outcome: answer >= 200 && answer < 300 ? 'accepted' : 'refused', lastStatus: answer });
    });
    return posted;
  }

  private publicBase(): string {
    if (!this.publicBaseUrl) throw new Error('the SMS simulator has no public base URL: it posts nowhere');
    return this.publicBaseUrl;
  }

  private async postOnRequest(what: Omit<PostedCallback, 'answers'>, callback: Callback, twice: boolean): Promise<PostedCallback> {
    const posted: PostedCallback = { ...what, answers: [] };
    this.posted.push(posted);
    for (let copy = 0; copy < (twice ? 2 : 1); copy++) posted.answers.push(await this.call(callback));
    return { ...posted, answers: [...posted.answers] };
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const [first, ...rest] = url.pathname.split('/').filter(Boolean);
    const path = `/${rest.join('/')}`;
    const method = req.method ?? 'GET';
    if (first === '_control') return this.control(method, path, url.searchParams, req, res);
    if (first === 'twilio' && method === 'POST' && TWILIO_API.test(path)) return this.twilioSend(TWILIO_API.exec(path)![1]!, req, res);
    if (first === 'vn-brandname' && method === 'POST' && path === '/sms/send') return this.brandnameSend(req, res);
    return json(res, 404, { error: 'not found' });
  }

  /** Twilio's Messages resource: Basic auth, a form, 201 with the message; a refusal is 4xx {code, message, more_info, status}. */
  private async twilioSend(account: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refuse = (status: number, code: number, message: string) => json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
    const { accountSid, authToken } = this.options;
    if (account !== accountSid || req.headers.authorization !== `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`) return refuse(401, 20003, 'Authenticate');
    const fault = this.faults.take('twilio');
    if (fault === 'down') return void req.socket.destroy();
    if (fault === '5xx-then-ok') return refuse(503, 20500, 'Service unavailable');
    const raw = await readBody(req, MAX_BODY);
    if (raw === null) return refuse(413, 21617, 'The concatenated message body exceeds the 1600 character limit');
    const form = TwilioSend.safeParse(Object.fromEntries(new URLSearchParams(raw.toString('utf8'))));
    if (!form.success) return refuse(400, 21602, `Invalid parameters: ${form.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
    const { To, From, MessagingServiceSid, Body, StatusCallback } = form.data;
    if (!From === !MessagingServiceSid) return refuse(400, 21603, "A 'From' phone number or a 'MessagingServiceSid' is required");
    if (fault === 'reject' || toE164(To) !== To) return refuse(400, 21211, `The 'To' number is not a valid phone number.`);

    const message = this.accept({
      gateway: 'twilio', to: To, from: (From ?? MessagingServiceSid)!, text: Body, providerMessageId: twilioSid(),
      ...(StatusCallback === undefined ? {} : { statusCallback: StatusCallback, ...messageIdOf(StatusCallback) }),
      senderNumber: From ?? SIMULATED_SERVICE_NUMBER,
      ...(MessagingServiceSid === undefined ? {} : { messagingServiceSid: MessagingServiceSid }),
    });
    json(res, 201, {
      sid: message.providerMessageId, account_sid: accountSid, to: To, from: From ?? null, messaging_service_sid: MessagingServiceSid ?? null, body: Body,
      status: MessagingServiceSid ? 'accepted' : 'queued', num_segments: '1', direction: 'outbound-api', api_version: '2010-04-01',
      date_created: new Date(message.acceptedAt).toUTCString(), error_code: null, error_message: null, price: null,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${message.providerMessageId}.json`,
    });
  }

  /** The brandname send: JSON with our requestId, answered 200 with a code; the same requestId again is `01` with the first id. */
  private async brandnameSend(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.authorization !== `Bearer ${this.options.apiKey}`) return json(res, 401, { code: '13', message: 'invalid API key' });
    const fault = this.faults.take('vn-brandname');
    if (fault === 'down') return void req.socket.destroy();
    if (fault === '5xx-then-ok') return json(res, 503, { code: '99', message: 'system busy' });
    const raw = await readBody(req, MAX_BODY);
    const body = BrandnameSend.safeParse(raw === null ? undefined : parseJson(raw.toString('utf8')));
    if (!body.success) return json(res, 400, { code: 'invalid_request', issues: body.error.issues.map((issue) => issue.path.join('.') || '(body)') });
    const { requestId, phone, message: text, brandname } = body.data;
    const known = this.byRequestId.get(requestId);
    if (known) {
      known.sendRequests += 1;
      return json(res, 200, { code: '01', messageId: known.providerMessageId });
    }
    const e164 = toE164(`+${phone}`);
    if (fault === 'reject' || !/^84\d{9}$/.test(phone) || !e164) return json(res, 200, { code: '10', message: 'invalid phone number' });
    const message = this.accept({ gateway: 'vn-brandname', to: e164, from: brandname, text, providerMessageId: `BN${String(this.messages.length + 1).padStart(10, '0')}`, messageId: requestId, senderNumber: brandname });
    this.byRequestId.set(requestId, message);
    json(res, 200, { code: '00', messageId: message.providerMessageId });
  }

  private accept(sent: Omit<MessageState, 'seq' | 'outcome' | 'acceptedAt' | 'sendRequests' | 'reports'>): MessageState {
    const message: MessageState = { ...sent, seq: this.messages.length + 1, outcome: this.outcomes.get(sent.to) ?? this.defaultOutcome, acceptedAt: new Date().toISOString(), sendRequests: 1, reports: [] };
    this.messages.push(message);
    if (this.options.echo) this.options.print(`sms → ${masked(message.to)} via ${message.gateway}: ${message.text}`);
    this.work.track(this.play(message));
    return message;
  }

  /** The message's story, a report every stepMs; some sent twice (duplicates). */
  private async play(message: MessageState): Promise<void> {
    for (const step of STORIES[message.gateway][message.outcome]) {
      if (!(await pause(this.options.stepMs, this.work.signal))) return;
      const callback = this.reportCallback(message, step, false);
      const copies = this.options.random() < this.options.duplicates ? 2 : 1;
      for (let copy = 0; copy < copies; copy++) {
        const report: SentReport = { ...step, resend: copy > 0, manual: false, attempts: 0 };
        message.reports.push(report);
        if (!callback) report.outcome = 'not-sent';
        else await this.deliver(message, report, callback);
        if (this.work.signal.aborted) return;
      }
    }
  }

  /** A report as the gateway sends it; undefined when it has nowhere to go. */
  private reportCallback(message: MessageState, { status, errorCode }: { status: string; errorCode?: string }, forged: boolean): Callback | undefined {
    if (message.gateway === 'twilio') {
      if (!message.statusCallback) return undefined;
      const params = new URLSearchParams({
        ...(errorCode === undefined ? {} : { ErrorCode: errorCode }),
        SmsSid: message.providerMessageId, SmsStatus: status, MessageStatus: status, To: message.to, MessageSid: message.providerMessageId,
        AccountSid: this.options.accountSid, From: message.senderNumber, ApiVersion: '2010-04-01',
        ...(message.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
      });
      return this.twilioCallback(message.statusCallback, params, forged);
    }
    if (!this.publicBaseUrl) return undefined;
    const query = new URLSearchParams({ requestId: message.messageId!, messageId: message.providerMessageId, status, ...(errorCode === undefined ? {} : { errorCode }) });
    return { method: 'GET', url: `${this.publicBaseUrl}/surveys/sms/vn-brandname/status/${forged ? FORGED_SECRET : this.options.callbackSecret}?${query}`, headers: {} };
  }

  /** Twilio's callbacks: a form POST signed over the exact URL and every parameter. */
  private twilioCallback(url: string, params: URLSearchParams, forged: boolean): Callback {
    return {
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'TwilioProxy/1.1',
        [TWILIO_SIGNATURE_HEADER]: twilioSignature(forged ? FORGED_TOKEN : this.options.authToken, url, params),
      },
      body: params.toString(),
    };
  }

  /** As a gateway does: the same request on every attempt (a Twilio signature does not depend on the time), backoff between. */
  private async deliver(message: MessageState, report: SentReport, callback: Callback): Promise<void> {
    const { callbackAttempts, retryDelayMs } = this.options;
    for (let attempt = 1; attempt <= callbackAttempts; attempt++) {
      report.attempts = attempt;
      report.lastStatus = await this.call(callback);
      if (report.lastStatus >= 200 && report.lastStatus < 300) {
        report.outcome = 'accepted';
        return;
      }
      if (this.work.signal.aborted) return;
      if (attempt < callbackAttempts && !(await pause(retryDelayMs * 2 ** (attempt - 1), this.work.signal))) return;
    }
    report.outcome = 'refused';
    this.options.onError(`sms simulator: report ${report.status} on ${message.providerMessageId} (${message.gateway}) was not accepted after ${callbackAttempts} attempts (last answer: ${report.lastStatus || 'none'})`);
  }

  /** One request; our API's HTTP status, 0 when there was no answer. */
  private async call({ method, url, headers, body }: Callback): Promise<number> {
    try {
      const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }), signal: AbortSignal.any([AbortSignal.timeout(15_000), this.work.signal]) });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    }
  }

  private async control(method: string, path: string, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (method === 'GET' && path === '/messages') return json(res, 200, { messages: this.list(query.get('to') ?? undefined) });
    if (method === 'GET' && path === '/callbacks') return json(res, 200, { callbacks: this.callbacks() });
    if (method !== 'POST' || !['/reply', '/report', '/outcomes', '/faults'].includes(path)) return json(res, 404, { error: 'not found' });
    const raw = await readBody(req, MAX_BODY);
    const body = raw === null ? undefined : parseJson(raw.toString('utf8'));
    const schema = { '/reply': Reply, '/report': Report, '/outcomes': OutcomeChoice, '/faults': SendFault }[path]!;
    const parsed = schema.safeParse(body);
    if (!parsed.success) return json(res, 400, { error: `invalid ${path.slice(1)}`, issues: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`) });
    try {
      if (path === '/reply') return json(res, 200, await this.reply(parsed.data as Reply));
      if (path === '/report') return json(res, 200, await this.report(parsed.data as Report));
      if (path === '/outcomes') this.setOutcome(parsed.data as OutcomeChoice);
      else this.setFault(parsed.data as SendFault);
      return json(res, 200, parsed.data);
    } catch (error) {
      if (error instanceof RangeError) return json(res, path === '/report' ? 404 : 400, { error: error.message });
      return json(res, 409, { error: (error as Error).message });
    }
  }
}

const twilioSid = () => `SM${randomBytes(16).toString('hex')}`;

/** Our message id, from the StatusCallback URL our Twilio adapter gives (`?messageId=`). */
function messageIdOf(statusCallback: string): { messageId?: string } {
  const messageId = new URL(statusCallback).searchParams.get('messageId');
  return messageId === null ? {} : { messageId };
}

/** `+84912345678` → `+8491****678`: enough for a person to tell numbers apart. */
const masked = (e164: string) => `${e164.slice(0, 5)}${'*'.repeat(Math.max(0, e164.length - 8))}${e164.slice(-3)}`;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The environment variables `npm start` reads for the simulator (docs/local-runtime.md). */
export const SMS_SIMULATOR_ENV = {
  port: 'MOTCUA_SMS_SIM_PORT',
  outcome: 'MOTCUA_SMS_SIM_OUTCOME',
  stepMs: 'MOTCUA_SMS_SIM_STEP_MS',
  duplicates: 'MOTCUA_SMS_SIM_DUPLICATES',
  echo: 'MOTCUA_SMS_SIM_ECHO',
} as const;

const FromEnv = z.strictObject({
  port: z.coerce.number().int().min(0).max(65_535).optional(),
  outcome: Outcome.optional(),
  stepMs: z.coerce.number().int().min(0).max(3_600_000).optional(),
  duplicates: z.coerce.number().min(0).max(1).optional(),
  echo: z.enum(['0', '1', 'true', 'false']).transform((value) => value === '1' || value === 'true').optional(),
});

/** The simulator's options from MOTCUA_SMS_SIM_* (unset: the default); a bad value throws, naming the variable. */
export function smsSimulatorOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): SmsSimulatorOptions {
  return optionsFromEnv(SMS_SIMULATOR_ENV, FromEnv, env);
}
