import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import { BackgroundWork, FaultSwitch, LoopbackServer, optionsFromEnv, pause, sendJson as json } from '../../../infra/local/simulator-server.ts';
import { sign } from '../../../libs/platform/standard-webhooks.ts';
import type { ShipmentUpdated } from '../domain/webhook-payload.ts';
import { DEV_API_KEYS, DEV_WEBHOOK_SECRET } from './dev-credentials.ts';
import { CANCELLED, planScenario, ScenarioName, vietnamTime, type Emission, type PlannedUpdate, type SimulatedPartner } from './scenarios.ts';

/**
 * The local postal partner (npm start, tests): one loopback HTTP server playing both reference
 * partners our adapters call, under `/demo-webhook/…` and `/vnpost/…` (the shapes in
 * adapters/demo-webhook-partner.ts and adapters/vnpost-polled-partner.ts), plus `/_control/…`
 * for tests and people. After a create it plays a scenario for the shipment: the webhook partner
 * POSTs each update to `webhookUrl` as a signed Standard Webhook, retrying like a real sender;
 * the VNPost partner appends rows to the tracking pages the poller reads.
 *
 * Not a test double of our code: it knows nothing of our tables, only the partner APIs, so what
 * passes against it passes against a partner that keeps to the same contract.
 */

export interface PartnerSimulatorOptions {
  /** Loopback port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Where the webhook partner posts its updates (`<API URL>/postal/webhooks/demo-webhook`). None: updates are recorded, not sent. */
  readonly webhookUrl?: string;
  /** What it signs with. Default: the documented development secret. */
  readonly webhookSecret?: string;
  /** The API keys it accepts (`Authorization: Bearer`). Default: DEV_API_KEYS. */
  readonly apiKeys?: Partial<Record<SimulatedPartner, string>>;
  /** The scenario of a shipment nobody chose one for. Default `delivered`. */
  readonly scenario?: ScenarioName;
  /** Time between two steps of a scenario (VNPost: at least 1 s). Default 300. */
  readonly stepMs?: number;
  /** Share of updates sent twice (same webhook id, same VNPost row), in [0, 1]. Default 0. */
  readonly duplicates?: number;
  /** Send each shipment's updates in a random order after its story is over. Default false. */
  readonly reorder?: boolean;
  /** Send one stale `in_transit` (older occurredAt) after each shipment's last update. Default false. */
  readonly stale?: boolean;
  /** Attempts per webhook before giving up, the first included. Default 5. */
  readonly webhookAttempts?: number;
  /** The first wait between webhook attempts, doubled each time (with jitter). Default 250. */
  readonly retryDelayMs?: number;
  /** How long the `slow` fault holds an answer. Default 30 000 (longer than our client's timeout). */
  readonly slowMs?: number;
  /** In [0, 1): duplicates, shuffles, jitter. */
  readonly random?: () => number;
  /** A webhook that was never accepted, a scenario that broke. Default: console.error. */
  readonly onError?: (message: string) => void;
}

export const SIMULATOR_DEFAULTS = { scenario: 'delivered', stepMs: 300, duplicates: 0, reorder: false, stale: false, webhookAttempts: 5, retryDelayMs: 250, slowMs: 30_000 } as const;

export const FAULT_MODES = ['down', 'slow', '5xx-then-ok', 'reject', 'none'] as const;
export const Fault = z.strictObject({
  partner: z.enum(['demo-webhook', 'vnpost']),
  /**
   * down: connections cut without an answer; slow: the request is done but answered after slowMs;
   * 5xx-then-ok: answered 503 without doing anything; reject: answered 422 without doing anything
   * (a refusal our client does not retry); none: clears.
   */
  mode: z.enum(FAULT_MODES),
  /** How many requests it affects; absent: every request until cleared (5xx-then-ok: 1). */
  count: z.number().int().positive().optional(),
});
export type Fault = z.infer<typeof Fault>;

export const ScenarioChoice = z.union([
  z.strictObject({ shipmentId: z.string().min(1).max(80), scenario: ScenarioName }),
  z.strictObject({ dossierCode: z.string().min(1).max(64), scenario: ScenarioName }),
]);
export type ScenarioChoice = z.infer<typeof ScenarioChoice>;

/** One update as the simulator sent or served it. */
export interface SentUpdate {
  readonly seq: number;
  readonly status: string;
  /** What the partner calls it: our vocabulary (webhook) or VNPost's numeric code. */
  readonly code: string;
  readonly occurredAt: string;
  readonly resend: boolean;
  readonly stale: boolean;
  /** The webhook partner: the update's id (the same on a resend) and how its delivery went. */
  readonly webhookId?: string;
  attempts?: number;
  /** `accepted` (a 2xx), `refused` (no 2xx after every attempt), `not-sent` (no webhookUrl), `served` (a VNPost row). */
  outcome?: 'accepted' | 'refused' | 'not-sent' | 'served';
  lastStatus?: number;
}

/** A request a fault answered (or cut): what the partner's logs would show of a retry that never reached a shipment. */
export interface FaultedRequest {
  readonly partner: SimulatedPartner;
  readonly mode: Exclude<Fault['mode'], 'none'>;
  readonly method: string;
  readonly path: string;
  readonly at: string;
}

/** A shipment as the partner knows it: no names, no phones, no addresses. */
export interface SimulatedShipment {
  readonly partner: SimulatedPartner;
  readonly shipmentId: string;
  readonly dossierCode: string;
  readonly trackingNumber: string;
  readonly scenario: ScenarioName;
  readonly createdAt: string;
  /** Create requests received for this shipment id (retries and redeliveries included); the shipment itself exists once. */
  createRequests: number;
  cancelled: boolean;
  readonly updates: SentUpdate[];
}

interface ShipmentState extends SimulatedShipment {
  readonly recipientName: string;
  readonly webhookIds: Map<number, string>;
  readonly bodies: Map<number, string>;
  /** Aborted by a cancel: the scenario stops waiting for its next step. */
  readonly halt: AbortController;
  finished: boolean;
}

interface VnpostRow {
  readonly itemCode: string;
  readonly status: number;
  readonly time: string;
  readonly location?: string;
  readonly note?: string;
  readonly receiver?: string;
}

const PAGE_SIZE = 100;
const text = (max: number) => z.string().trim().min(1).max(max);
const Address = z.object({ line: text(300), commune: text(200), province: text(200) });
const DemoCreate = z.object({
  clientReference: text(80),
  service: z.literal('HCC'),
  recipient: z.object({ name: text(200), phone: z.string().max(20).optional() }),
  address: Address,
  contents: text(1000),
  codAmountVnd: z.number().int().positive().optional(),
});
const VnpostCreate = z.object({
  orderNumber: text(80),
  serviceCode: z.literal('HCC'),
  receiverName: text(200),
  receiverPhone: z.string().max(20).optional(),
  receiverAddress: text(300),
  receiverCommune: text(200),
  receiverProvince: text(200),
  content: text(1000),
  codAmount: z.number().int().nonnegative(),
});

export class PartnerSimulator {
  private readonly options: Required<Omit<PartnerSimulatorOptions, 'webhookUrl' | 'apiKeys'>> & Pick<PartnerSimulatorOptions, 'webhookUrl'>;
  private readonly apiKeys: Record<SimulatedPartner, string>;
  private readonly server: LoopbackServer;
  private readonly shipments = new Map<string, ShipmentState>();
  private readonly chosen = new Map<string, ScenarioName>();
  private readonly faults = new FaultSwitch<SimulatedPartner, Exclude<Fault['mode'], 'none'>>();
  private readonly rows: VnpostRow[] = [];
  private readonly faulted: FaultedRequest[] = [];
  private readonly work: BackgroundWork;
  private trackingCounter = 0;

  constructor(options: PartnerSimulatorOptions = {}) {
    const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    this.options = { port: 0, webhookSecret: DEV_WEBHOOK_SECRET, random: Math.random, onError: (message) => console.error(message), ...SIMULATOR_DEFAULTS, ...defined };
    if (!(this.options.duplicates >= 0 && this.options.duplicates <= 1)) throw new RangeError('duplicates must be in [0, 1]');
    if (!(this.options.stepMs >= 0)) throw new RangeError('stepMs must be ≥ 0');
    if (!(Number.isInteger(this.options.webhookAttempts) && this.options.webhookAttempts >= 1)) throw new RangeError('webhookAttempts must be an integer ≥ 1');
    this.apiKeys = { ...DEV_API_KEYS, ...options.apiKeys };
    this.work = new BackgroundWork('postal simulator', (message) => this.options.onError(message));
    this.server = new LoopbackServer('postal simulator', (req, res) => this.route(req, res), (message) => this.options.onError(message));
  }

  /** Listens on 127.0.0.1; answers the simulator's origin, e.g. `http://127.0.0.1:41234`. */
  start(): Promise<string> {
    return this.server.listen(this.options.port);
  }

  get url(): string {
    if (!this.server.url) throw new Error('the partner simulator is not started');
    return this.server.url;
  }

  /** Stops playing scenarios (an update being sent is abandoned) and closes the server. */
  async stop(): Promise<void> {
    await this.work.stop();
    await this.server.close();
  }

  /** Resolves once every scenario started so far has sent (or given up on) all its updates. */
  async settled(): Promise<void> {
    await this.work.settled();
  }

  /** The scenario of the next shipment created with this shipment id or dossier code. */
  chooseScenario(choice: ScenarioChoice): void {
    const { scenario } = ScenarioChoice.parse(choice);
    this.chosen.set('shipmentId' in choice ? `shipment:${choice.shipmentId}` : `dossier:${choice.dossierCode}`, scenario);
  }

  setFault(fault: Fault): void {
    const { partner, mode, count } = Fault.parse(fault);
    this.faults.set(partner, mode, count);
  }

  /** Every shipment created, in creation order, with what was sent for it. */
  list(): SimulatedShipment[] {
    return [...this.shipments.values()].map(({ partner, shipmentId, dossierCode, trackingNumber, scenario, createdAt, createRequests, cancelled, updates }) => ({
      partner, shipmentId, dossierCode, trackingNumber, scenario, createdAt, createRequests, cancelled, updates: updates.map((update) => ({ ...update })),
    }));
  }

  /** Every request a fault answered or cut, in arrival order (`slow` ones included: they did the work). */
  faultLog(): FaultedRequest[] {
    return this.faulted.map((request) => ({ ...request }));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const [first, ...rest] = url.pathname.split('/').filter(Boolean);
    const method = req.method ?? 'GET';
    if (first === '_control') return this.control(method, rest.join('/'), req, res);
    if (first !== 'demo-webhook' && first !== 'vnpost') return json(res, 404, { error: 'not found' });
    const partner: SimulatedPartner = first;

    if (req.headers.authorization !== `Bearer ${this.apiKeys[partner]}`) return json(res, 401, { error: 'invalid API key' });
    const fault = this.faults.take(partner);
    if (fault) this.faulted.push({ partner, mode: fault, method, path: url.pathname, at: new Date().toISOString() });
    if (fault === 'down') {
      req.socket.destroy();
      return;
    }
    if (fault === '5xx-then-ok') return json(res, 503, { error: 'temporarily unavailable' }, { 'retry-after': '0' });
    if (fault === 'reject') return json(res, 422, { error: 'refused', reason: 'simulated refusal' });
    const answer = fault === 'slow' ? slowly(res, this.options.slowMs, this.work.signal) : res;

    const path = rest.map(decodeURIComponent);
    if (partner === 'demo-webhook') {
      if (method === 'POST' && path.length === 1 && path[0] === 'shipments') {
        const order = DemoCreate.safeParse(await readJson(req));
        if (!order.success) return json(answer, 400, { error: 'invalid shipment', issues: order.error.issues.map((issue) => issue.path.join('.')) });
        const { shipment, created } = this.create(partner, order.data.clientReference, order.data.recipient.name);
        return json(answer, created ? 201 : 200, { trackingNumber: shipment.trackingNumber });
      }
      if (method === 'DELETE' && path.length === 2 && path[0] === 'shipments') return this.cancel(partner, path[1]!, answer);
    } else {
      if (method === 'POST' && path.length === 1 && path[0] === 'orders') {
        const order = VnpostCreate.safeParse(await readJson(req));
        if (!order.success) return json(answer, 400, { error: 'invalid order', issues: order.error.issues.map((issue) => issue.path.join('.')) });
        const { shipment, created } = this.create(partner, order.data.orderNumber, order.data.receiverName);
        return json(answer, created ? 201 : 200, { itemCode: shipment.trackingNumber });
      }
      if (method === 'POST' && path.length === 3 && path[0] === 'orders' && path[2] === 'cancel') return this.cancel(partner, path[1]!, answer);
      if (method === 'GET' && path.length === 1 && path[0] === 'tracking') return this.tracking(url.searchParams.get('since'), answer);
    }
    return json(answer, 404, { error: 'not found' });
  }

  private create(partner: SimulatedPartner, shipmentId: string, recipientName: string): { shipment: ShipmentState; created: boolean } {
    const key = `${partner}:${shipmentId}`;
    const known = this.shipments.get(key);
    if (known) {
      known.createRequests += 1;
      return { shipment: known, created: false };
    }
    const dossierCode = dossierCodeOfShipmentId(shipmentId) ?? shipmentId.toUpperCase().replace(/[^A-Z0-9.-]/g, '-');
    const scenario = this.chosen.get(`shipment:${shipmentId}`) ?? this.chosen.get(`dossier:${dossierCode}`) ?? this.options.scenario;
    const number = String(++this.trackingCounter).padStart(9, '0');
    const shipment: ShipmentState = {
      partner,
      shipmentId,
      dossierCode,
      trackingNumber: partner === 'vnpost' ? `EB${number}VN` : `DW${number}SIM`,
      scenario,
      createdAt: new Date().toISOString(),
      createRequests: 1,
      cancelled: false,
      updates: [],
      recipientName,
      webhookIds: new Map(),
      bodies: new Map(),
      halt: new AbortController(),
      finished: false,
    };
    this.shipments.set(key, shipment);
    const plan = planScenario({ ...this.options, scenario, partner, start: new Date(), random: this.options.random });
    this.work.track(this.play(shipment, plan));
    return { shipment, created: true };
  }

  private cancel(partner: SimulatedPartner, trackingNumber: string, res: ServerResponse): void {
    const shipment = [...this.shipments.values()].find((s) => s.partner === partner && s.trackingNumber === trackingNumber);
    if (!shipment) return json(res, 404, { error: 'no such shipment' });
    if (shipment.cancelled) return json(res, 200, { trackingNumber, cancelled: true });
    if (shipment.finished) return json(res, 409, { error: 'the shipment has already reached its end' });
    shipment.cancelled = true;
    shipment.halt.abort();
    const update: PlannedUpdate = { ...CANCELLED, seq: shipment.updates.length + 1, occurredAt: new Date(), stale: false };
    this.work.track(this.emit(shipment, { update, atMs: 0, resend: false }));
    json(res, 200, { trackingNumber, cancelled: true });
  }

  private tracking(since: string | null, res: ServerResponse): void {
    const match = since === null ? ['', '0'] : /^c(\d{1,9})$/.exec(since);
    const from = match ? Number(match[1]) : NaN;
    if (!(from <= this.rows.length)) return json(res, 400, { error: 'unknown cursor' });
    const items = this.rows.slice(from, from + PAGE_SIZE);
    // A page with rows names the next cursor (the poller asks again at once); an empty one does not: caught up.
    json(res, 200, { items, ...(items.length ? { next: `c${from + items.length}` } : {}) });
  }

  private async play(shipment: ShipmentState, plan: readonly Emission[]): Promise<void> {
    const start = Date.now();
    const signal = AbortSignal.any([this.work.signal, shipment.halt.signal]);
    for (const emission of plan) {
      const wait = start + emission.atMs - Date.now();
      if (wait > 0 && !(await pause(wait, signal))) return;
      if (shipment.cancelled || this.work.signal.aborted) return;
      await this.emit(shipment, emission);
    }
    shipment.finished = true;
  }

  private async emit(shipment: ShipmentState, { update, resend }: Emission): Promise<void> {
    const code = shipment.partner === 'vnpost' ? update.vnpostCode : update.status;
    const record: SentUpdate = { seq: update.seq, status: update.status, code, occurredAt: update.occurredAt.toISOString(), resend, stale: update.stale };
    shipment.updates.push(record);
    if (shipment.partner === 'vnpost') {
      this.rows.push({
        itemCode: shipment.trackingNumber,
        status: Number(update.vnpostCode),
        time: vietnamTime(update.occurredAt),
        ...(update.location ? { location: update.location } : {}),
        ...(update.note ? { note: update.note } : {}),
        ...(update.signed ? { receiver: shipment.recipientName } : {}),
      });
      record.outcome = 'served';
      return;
    }
    const id = getOrSet(shipment.webhookIds, update.seq, () => `msg_sim_${randomBytes(10).toString('hex')}`);
    const body = getOrSet(shipment.bodies, update.seq, () => JSON.stringify(this.payload(shipment, update)));
    Object.assign(record, { webhookId: id });
    if (!this.options.webhookUrl) {
      record.outcome = 'not-sent';
      return;
    }
    await this.deliver(shipment, record, id, body);
  }

  private payload(shipment: ShipmentState, update: PlannedUpdate): ShipmentUpdated {
    return {
      type: 'shipment.updated',
      timestamp: new Date().toISOString(),
      data: {
        shipmentId: shipment.shipmentId,
        dossierCode: shipment.dossierCode,
        status: update.status,
        occurredAt: update.occurredAt.toISOString(),
        ...(update.location ? { location: update.location } : {}),
        ...(update.note ? { note: update.note } : {}),
        ...(update.signed ? { recipientName: shipment.recipientName } : {}),
        ...(update.attempt ? { attempt: update.attempt } : {}),
      },
    };
  }

  /** As a real sender does: the same id and body on every attempt, each signed with its own time; backoff with jitter between. */
  private async deliver(shipment: ShipmentState, record: SentUpdate, id: string, body: string): Promise<void> {
    const { webhookAttempts, retryDelayMs, random, webhookSecret } = this.options;
    for (let attempt = 1; attempt <= webhookAttempts; attempt++) {
      record.attempts = attempt;
      const timestamp = Math.floor(Date.now() / 1000);
      try {
        const response = await fetch(this.options.webhookUrl!, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(webhookSecret, id, timestamp, body) },
          body,
          signal: AbortSignal.any([AbortSignal.timeout(15_000), this.work.signal]),
        });
        await response.arrayBuffer();
        record.lastStatus = response.status;
        if (response.ok) {
          record.outcome = 'accepted';
          return;
        }
      } catch {
        if (this.work.signal.aborted) return;
        record.lastStatus = 0;
      }
      if (attempt < webhookAttempts && !(await pause(retryDelayMs * 2 ** (attempt - 1) * (0.5 + random() / 2), this.work.signal))) return;
    }
    record.outcome = 'refused';
    this.options.onError(`postal simulator: update ${id} (${record.status}) of ${shipment.shipmentId} was not accepted after ${webhookAttempts} attempts (last answer: ${record.lastStatus || 'none'})`);
  }

  private async control(method: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (method === 'GET' && path === 'shipments') return json(res, 200, { shipments: this.list() });
    if (method === 'POST' && (path === 'scenario' || path === 'faults')) {
      const body = await readJson(req);
      const parsed = path === 'scenario' ? ScenarioChoice.safeParse(body) : Fault.safeParse(body);
      if (!parsed.success) return json(res, 400, { error: `invalid ${path}`, issues: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`) });
      if (path === 'scenario') this.chooseScenario(parsed.data as ScenarioChoice);
      else this.setFault(parsed.data as Fault);
      return json(res, 200, parsed.data);
    }
    return json(res, 404, { error: 'not found' });
  }
}

/** Our shipment ids are `SHP-<dossier code>-R|I` (domain/creation.ts): the partner learns the dossier code only from it. */
function dossierCodeOfShipmentId(shipmentId: string): string | undefined {
  return /^SHP-([A-Z0-9][A-Z0-9.-]{0,63})-[RI]$/.exec(shipmentId)?.[1];
}

function getOrSet<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  if (!map.has(key)) map.set(key, make());
  return map.get(key)!;
}

/** A response that is written only after `ms` (the `slow` fault: the work is done, the answer is late). */
function slowly(res: ServerResponse, ms: number, signal: AbortSignal): ServerResponse {
  const end = res.end.bind(res);
  res.end = ((...args: Parameters<ServerResponse['end']>) => {
    void pause(ms, signal).then((waited) => (waited ? end(...args) : res.destroy()));
    return res;
  }) as ServerResponse['end'];
  return res;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new Error('body over 1 MB');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The environment variables `npm start` reads for the simulator (docs/local-runtime.md). */
export const SIMULATOR_ENV = {
  port: 'MOTCUA_POSTAL_SIM_PORT',
  scenario: 'MOTCUA_POSTAL_SIM_SCENARIO',
  stepMs: 'MOTCUA_POSTAL_SIM_STEP_MS',
  duplicates: 'MOTCUA_POSTAL_SIM_DUPLICATES',
  reorder: 'MOTCUA_POSTAL_SIM_REORDER',
  stale: 'MOTCUA_POSTAL_SIM_STALE',
} as const;

const flag = z.enum(['0', '1', 'true', 'false']).transform((value) => value === '1' || value === 'true');
const FromEnv = z.strictObject({
  port: z.coerce.number().int().min(0).max(65_535).optional(),
  scenario: ScenarioName.optional(),
  stepMs: z.coerce.number().int().min(0).max(3_600_000).optional(),
  duplicates: z.coerce.number().min(0).max(1).optional(),
  reorder: flag.optional(),
  stale: flag.optional(),
});

/** The simulator's options from MOTCUA_POSTAL_SIM_* (unset: the default); a bad value throws, naming the variable. */
export function simulatorOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): PartnerSimulatorOptions {
  return optionsFromEnv(SIMULATOR_ENV, FromEnv, env);
}
