import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RuntimeInfo } from '../../infra/local/runtime.ts';
import type { DomainEvent } from '../../libs/events/catalog.ts';
import { CONSUMERS, CONSUMES } from '../../infra/services/consumers.ts';
import { recordDeliveries } from '../support/deliveries.ts';
import { householdBusiness, startLocalSystem, type LocalSystem } from '../support/local-system.ts';
import { FORGED_TOKENS, devIssuerSigner, type TokenIssuer } from '../support/officer-tokens.ts';

let system: LocalSystem;
let info: RuntimeInfo;
let dataDir: string;
let officer: string;
let otherOfficer: string;
/** Everything the runtime and the functions printed: the runtime's status and error lines, the functions' logs. */
const printed: string[] = [];
const api: LocalSystem['api'] = (...args) => system.api(...args);
const birthRegistration = householdBusiness;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-e2e-'));
  const functionLogs = new PassThrough().on('data', (chunk: Buffer) => printed.push(chunk.toString('utf8')));
  const print = (line: string) => printed.push(line);
  system = await startLocalSystem({ assemblyDir: inject('assemblyDir'), dataDir, inMemory: true, functionLogs, onStatus: print, onError: print });
  info = system.info;
  officer = await system.issuer.mint({ agency: 'H38.22', sub: 'officer-a' });
  otherOfficer = await system.issuer.mint({ agency: 'H38.23', sub: 'officer-b' });
});

afterAll(async () => {
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local runtime', () => {
  it('serves every function, route, event source, table, queue, topic, subscription and secret of the synthesized template', () => {
    const { runtime } = system;
    const { assembly } = runtime;
    expect([...runtime.functionHosts.keys()].sort()).toEqual(assembly.functions.map((fn) => fn.key).sort());
    // …each also by its local name through the Lambda Invoke API (functions invoking functions).
    expect(Object.keys(info.functions).sort()).toEqual(assembly.functions.map((fn) => fn.key).sort());
    expect(info.lambdaEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // Every one polled, but reporting's, whose queue this file reads itself (tests/support/local-system.ts).
    expect(runtime.unpolledSources).toEqual([expect.stringContaining('ApplyReportingEvents')]);
    expect(runtime.servedEventSources).toBe(assembly.eventSources.length - 1);
    expect(assembly.schedules.length).toBeGreaterThan(0);
    expect(runtime.servedSchedules).toBe(assembly.schedules.length);
    expect(Object.keys(info.queues).sort()).toEqual(assembly.queues.map((queue) => queue.key).sort());
    expect(Object.keys(info.tables).sort()).toEqual(assembly.tables.map((table) => table.key).sort());
    expect(assembly.topics.length).toBeGreaterThan(0);
    expect(Object.keys(info.topics).sort()).toEqual(assembly.topics.map((topic) => topic.key).sort());
    expect(assembly.subscriptions.length).toBe(CONSUMERS.length);
    expect(Object.keys(info.subscriptions).sort()).toEqual(assembly.subscriptions.map((subscription) => subscription.key).sort());
    expect(Object.values(info.subscriptions).every((arn) => arn.startsWith('arn:aws:sns:'))).toBe(true);
    expect(Object.keys(info.secrets).sort()).toEqual(assembly.secrets.map((secret) => secret.key).sort());
  });

  it('answers an unknown route with 404 and a missing token with 401', async () => {
    expect((await api('GET', '/nothing-here')).status).toBe(404);
    expect((await api('POST', '/dossiers', birthRegistration(1))).status).toBe(401);
    expect((await api('POST', '/dossiers', birthRegistration(1), 'not-a-token')).status).toBe(401);
  });
});

describe('hostile requests', () => {
  it.each([
    ['POST', '/dossiers/%/actions'],
    ['GET', '/procedures/%E0%A4%A'],
    ['GET', '/dossiers/%zz?phone4=8642&note=query-marker'],
    ['GET', '/dossiers/H38.22-261122-0001%C3?phone4=8642&note=query-marker'],
    ['GET', '/nothing/%?phone4=8642&note=query-marker'],
  ])('%s %s: bad percent-encoding gets 400 MALFORMED_PATH, as from API Gateway, not a 500', async (method, route) => {
    const response = await api(method, route, method === 'POST' ? { type: 'accept' } : undefined, officer);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      code: 'MALFORMED_PATH',
      message: expect.stringMatching(/ \/ /),
      messages: { vi: expect.any(String), en: 'The path has malformed percent-encoding' },
      details: null,
    });
  });

  it('still decodes a well-encoded path parameter', async () => {
    expect((await api('GET', '/procedures/1%2E001612')).body.code).toBe('1.001612');
  });

  it.each(FORGED_TOKENS)('the officer routes refuse a token with %s (401)', async (_, make) => {
    const by: TokenIssuer = await devIssuerSigner(system.issuer);
    const response = await api('POST', '/dossiers', birthRegistration(1), await make(by));
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ message: 'Unauthorized' });
  });
});

describe('receiving dossiers end to end', () => {
  // Each test receives the dossiers it works on: none depends on what another created.
  const received = async (i: number): Promise<string> => {
    const response = await api('POST', '/dossiers', birthRegistration(i), officer);
    expect(response.status).toBe(201);
    return response.body.code;
  };
  const WALK = [
    { type: 'requestSupplement', missing: ['Bản sao giấy tờ pháp lý của chủ hộ'] },
    { type: 'receiveSupplement' },
    { type: 'startProcessing' },
    { type: 'resolve' },
    { type: 'returnResult' },
  ];
  const walked = async (i: number) => {
    const code = await received(i);
    let last;
    for (const step of WALK) {
      last = await api('POST', `/dossiers/${code}/actions`, step, officer);
      expect(last.status, `${step.type} on ${code}`).toBe(200);
    }
    return { code, last: last! };
  };

  it('receives 50 dossiers submitted concurrently, with unique codes and appointments', async () => {
    const codes: string[] = [];
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => api('POST', '/dossiers', birthRegistration(i), officer)));
    for (const response of responses) {
      expect(response.status).toBe(201);
      expect(response.body.code).toMatch(/^H38\.22-\d{6}-\d{4}$/);
      expect(response.body.status).toBe('accepted');
      expect(new Date(response.body.dueAt).getTime()).toBeGreaterThan(new Date(response.body.receivedAt).getTime());
      codes.push(response.body.code);
    }
    expect(new Set(codes).size).toBe(50);
    // Running numbers restart each local day: per day, 1..n with no gap (a run may straddle midnight).
    const byDay = Map.groupBy(codes, (code) => code.split('-')[1]!);
    for (const dayCodes of byDay.values()) {
      const numbers = dayCodes.map((code) => Number(code.split('-')[2])).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: dayCodes.length }, (_, i) => i + 1));
    }
  });

  it('hands a dossier to another agency with an allotted time, and apologises with a new appointment', async () => {
    const { body: receipt } = await api('POST', '/dossiers', birthRegistration(91), officer);
    expect((await api('POST', `/dossiers/${receipt.code}/actions`, { type: 'startProcessing' }, officer)).status).toBe(200);
    const transferred = await api('POST', `/dossiers/${receipt.code}/actions`, { type: 'transfer', toAgency: 'H38.1', allottedWorkingDays: 2 }, officer);
    expect(transferred.status).toBe(200);
    expect(transferred.body.transfers).toEqual([expect.objectContaining({ leg: 1, fromAgency: 'H38.22', toAgency: 'H38.1', allottedWorkingDays: 2, closedAt: null })]);
    // The sending agency may still act on its own dossier; a year-2300 appointment is a client mistake, not a crash.
    const tooFar = await api('POST', `/dossiers/${receipt.code}/actions`, { type: 'extend', reason: 'Chờ ý kiến cơ quan phối hợp', newDueAt: '2300-01-02T17:00:00+07:00' }, officer);
    expect(tooFar.status).toBe(422);
    expect(tooFar.body.code).toBe('NEW_DUE_TOO_FAR');
  });

  it('answers a code it could never have issued with 404, however long', async () => {
    for (const code of ['x'.repeat(3000), 'H38.22-261122-0001%27%20OR%201=1']) {
      expect((await api('GET', `/dossiers/${code}`, undefined, officer)).status).toBe(404);
      expect((await api('GET', `/dossiers/${code}?phone4=1234`)).status).toBe(404);
      expect((await api('POST', `/dossiers/${code}/actions`, { type: 'accept' }, officer)).status).toBe(404);
    }
    expect((await api('GET', `/procedures/${'9'.repeat(3000)}`)).status).toBe(404);
  });

  it('gives the appointment the calendar quotes for the same receipt (holidays, office hours and all)', async () => {
    const receipt = await api('POST', '/dossiers', birthRegistration(90), officer);
    const query = new URLSearchParams({ procedure: '1.001612', agency: 'H38.22', receivedAt: receipt.body.receivedAt });
    const quote = await api('GET', `/calendar/deadline?${query}`);
    expect(quote.status).toBe(200);
    expect(receipt.body.dueAt).toBe(quote.body.dueAt);
  });

  it('walks dossiers through supplement, processing, resolution and return', async () => {
    for (let i = 100; i < 105; i++) {
      const { last } = await walked(i);
      expect(last.body.status).toBe('returned');
      expect(last.body.verdict).toMatch(/^(early|on-time)$/);
      expect(last.body.history.map((entry: { type: string }) => entry.type)).toEqual([
        'DossierReceived',
        'DossierSupplementRequested',
        'DossierSupplementReceived',
        'DossierProcessingStarted',
        'DossierResolved',
        'DossierResultReturned',
      ]);
    }
  });

  it('refuses an action the status does not allow with 409 naming the allowed ones', async () => {
    const { code: returned } = await walked(110);
    const response = await api('POST', `/dossiers/${returned}/actions`, { type: 'resolve' }, officer);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('ACTION_NOT_ALLOWED');
    expect(response.body.details.allowedActions).toEqual([]);
    const second = await api('POST', `/dossiers/${await received(111)}/actions`, { type: 'returnResult' }, officer);
    expect(second.body.details.allowedActions).toContain('startProcessing');
  });

  it('lets a citizen look up with the phone digits, without personal data', async () => {
    const { code } = await walked(120);
    const officerView = await api('GET', `/dossiers/${code}`, undefined, officer);
    expect(officerView.status).toBe(200);
    const phone: string = officerView.body.applicant.phone;
    const citizen = await api('GET', `/dossiers/${code}?phone4=${phone.slice(-4)}`);
    expect(citizen.status).toBe(200);
    expect(citizen.body.status).toBe('returned');
    expect(JSON.stringify(citizen.body)).not.toContain(officerView.body.applicant.idNumber);
    expect(JSON.stringify(citizen.body)).not.toContain(officerView.body.applicant.fullName);
    expect(JSON.stringify(citizen.body)).not.toContain(phone);
    const wrongDigits = String((Number(phone.slice(-4)) + 1) % 10000).padStart(4, '0');
    expect((await api('GET', `/dossiers/${code}?phone4=${wrongDigits}`)).status).toBe(404);
    expect((await api('GET', `/dossiers/${code}`)).status).toBe(401);
  });

  it('locks a code for the day after ten wrong phone digits, issued or not, so guessing gets nowhere', async () => {
    const [code, neighbour, target] = [await received(130), await received(131), await received(132)];
    const { body } = await api('GET', `/dossiers/${code}`, undefined, officer);
    const right = body.applicant.phone.slice(-4) as string;
    const wrong = String((Number(right) + 1) % 10000).padStart(4, '0');
    const never = code.replace(/-\d+$/, '-9999');
    for (let i = 0; i < 10; i++) {
      expect((await api('GET', `/dossiers/${code}?phone4=${wrong}`)).status).toBe(404);
      expect((await api('GET', `/dossiers/${never}?phone4=${wrong}`)).status).toBe(404);
    }
    const locked = await api('GET', `/dossiers/${code}?phone4=${right}`);
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('TOO_MANY_ATTEMPTS');
    // A code never issued locks the same way: the lock says nothing about whether it exists.
    expect((await api('GET', `/dossiers/${never}?phone4=${wrong}`)).status).toBe(429);
    // Other dossiers, and the officer's view of this one, are unaffected.
    const other = await api('GET', `/dossiers/${neighbour}`, undefined, officer);
    expect((await api('GET', `/dossiers/${neighbour}?phone4=${other.body.applicant.phone.slice(-4)}`)).status).toBe(200);
    expect((await api('GET', `/dossiers/${code}`, undefined, officer)).status).toBe(200);
    // Parallel guesses cannot slip past the limit: each takes its attempt before the digits are compared.
    const guesses = await Promise.all(Array.from({ length: 30 }, (_, i) => api('GET', `/dossiers/${target}?phone4=${String(9000 + i)}`)));
    expect(guesses.filter((guess) => guess.status === 404).length).toBeLessThanOrEqual(10);
    expect(guesses.filter((guess) => guess.status === 429).length).toBeGreaterThanOrEqual(20);
  });

  it('keeps officers to their own agency', async () => {
    const code = await received(140);
    expect((await api('GET', `/dossiers/${code}`, undefined, otherOfficer)).status).toBe(403);
    expect((await api('POST', `/dossiers/${code}/actions`, { type: 'startProcessing' }, otherOfficer)).status).toBe(403);
    expect((await api('POST', '/dossiers', birthRegistration(99), otherOfficer)).status).toBe(403);
  });

  it('answers a retry with the same Idempotency-Key with the same receipt, creating nothing', async () => {
    const headers = { 'idempotency-key': 'retry-test-1' };
    const first = await api('POST', '/dossiers', birthRegistration(77), officer, headers);
    const retry = await api('POST', '/dossiers', birthRegistration(77), officer, headers);
    expect(first.status).toBe(201);
    expect(retry).toEqual(first);
    // The same request once validated: the phone written the international way is the same phone.
    const applicant = birthRegistration(77).applicant;
    expect(await api('POST', '/dossiers', birthRegistration(77, { applicant: { ...applicant, phone: `+84${applicant.phone.slice(1)}` } }), officer, headers)).toEqual(first);
    const reused = await api('POST', '/dossiers', birthRegistration(78), officer, headers);
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // The refused reuse must not wipe the stored response: the original's retry still replays it.
    expect(await api('POST', '/dossiers', birthRegistration(77), officer, headers)).toEqual(first);
    const otherAgency = await api('POST', '/dossiers', birthRegistration(77, { agencyCode: 'H38.23' }), otherOfficer, headers);
    expect(otherAgency.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await api('POST', '/dossiers', birthRegistration(77), officer, headers)).toEqual(first);
    // An empty key is no key shared by everyone: refused before anything is read or taken.
    const empty = await api('POST', '/dossiers', birthRegistration(79), officer, { 'idempotency-key': '' });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'idempotency-key' }] });
    const next = await api('POST', '/dossiers', birthRegistration(79), officer);
    expect(Number(next.body.code.split('-')[2])).toBe(Number(first.body.code.split('-')[2]) + 1);
  });

  it('answers concurrent requests under one key with one dossier and one receipt', async () => {
    const headers = { 'idempotency-key': 'concurrent-1' };
    const responses = await Promise.all(Array.from({ length: 6 }, () => api('POST', '/dossiers', birthRegistration(80), officer, headers)));
    // Whichever saved the key first, the others get its receipt (201, the same body); the
    // event count below proves a single dossier.
    expect(responses.map((response) => response.status)).toEqual(Array(6).fill(201));
    expect(new Set(responses.map((response) => JSON.stringify(response.body))).size).toBe(1);
  });

  it('delivers every event, through the bus, to exactly the consumers that declared its type', async () => {
    // A consumer that runs (intake, postal) empties its queue: what it is handed is recorded at its
    // function; what waits on the queue of one that does not run yet is drained.
    const handed = Object.fromEntries(CONSUMERS.map((consumer) => [consumer, recordDeliveries(system, consumer)]));
    // Its own dossiers: one received, one walked to the end, one transferred and apologised for.
    const codes = [await received(150), (await walked(151)).code, await received(152)];
    for (const action of [{ type: 'startProcessing' }, { type: 'transfer', toAgency: 'H38.1' }]) {
      expect((await api('POST', `/dossiers/${codes[2]}/actions`, action, officer)).status).toBe(200);
    }
    const expected = 1 + 6 + 3;
    const ours = (events: DomainEvent[]) => [...new Map(events.filter((e) => codes.includes(e.dossierCode)).map((e) => [e.eventId, e])).values()];
    const drain = async (consumer: (typeof CONSUMERS)[number], count: number, timeoutMs?: number) => {
      const seen: DomainEvent[] = [];
      await system.drainEvents(
        consumer,
        (events) => {
          seen.splice(0, seen.length, ...ours([...events, ...handed[consumer]!.events]));
          return seen.length >= count;
        },
        timeoutMs,
      );
      return seen;
    };
    // Reporting declared every type: it sees the whole log.
    const all = await drain('reporting', expected);
    expect(all.map((event) => event.type).sort()).toEqual(
      ['DossierReceived', 'DossierReceived', 'DossierReceived', 'DossierSupplementRequested', 'DossierSupplementReceived', 'DossierProcessingStarted', 'DossierProcessingStarted', 'DossierResolved', 'DossierResultReturned', 'DossierTransferred'].sort(),
    );
    for (const consumer of CONSUMERS.filter((name) => name !== 'reporting')) {
      const wanted = all.filter((event) => CONSUMES[consumer].includes(event.type));
      const got = await drain(consumer, wanted.length);
      expect({ consumer, ids: got.map((event) => event.eventId).sort() }).toEqual({ consumer, ids: wanted.map((event) => event.eventId).sort() });
      // …and nothing of these dossiers it did not declare arrives after them.
      const later = await drain(consumer, Infinity, 1_500);
      expect(later.filter((event) => !got.some((seen) => seen.eventId === event.eventId))).toEqual([]);
    }
    for (const recorder of Object.values(handed)) recorder.stop();
  });
});

describe('bad input', () => {
  const cases: [string, unknown, number, string][] = [
    ['malformed JSON', '{"procedureCode": ', 400, 'MALFORMED_JSON'],
    ['wrong types', { ...birthRegistration(1), documents: 'all of them' }, 400, 'VALIDATION_FAILED'],
    ['an ID number that is not 12 digits', birthRegistration(1, { applicant: { fullName: 'Lê Thị B', idNumber: '12345', phone: '0912345678' } }), 400, 'VALIDATION_FAILED'],
    ['a phone that is not a Vietnamese mobile', birthRegistration(1, { applicant: { fullName: 'Lê Thị B', idNumber: '038201001234', phone: '0241234567' } }), 400, 'VALIDATION_FAILED'],
    ['an unknown procedure', birthRegistration(1, { procedureCode: '9.999999' }), 422, 'UNKNOWN_PROCEDURE'],
    ['an unknown agency', birthRegistration(1, { agencyCode: 'H99' }), 422, 'UNKNOWN_AGENCY'],
    ['a procedure only the provincial centre receives', birthRegistration(1, { procedureCode: '3.000333' }), 422, 'PROCEDURE_NOT_RECEIVED_HERE'],
    ['a missing required component', birthRegistration(1, { documents: [] }), 422, 'MISSING_COMPONENTS'],
    ['a component not on the checklist', birthRegistration(1, { documents: [{ code: 'GDN_HKD' }, { code: 'XYZ' }] }), 422, 'COMPONENTS_NOT_ON_CHECKLIST'],
    ['a postal return the procedure does not offer', birthRegistration(1, { procedureCode: '2.000815', documents: [{ code: 'BC' }], resultDelivery: { method: 'postal', address: { line: 'Thôn 3', commune: 'Xã Lâm Thượng', province: 'Tỉnh Hòa Lâm' } } }), 422, 'POSTAL_NOT_ALLOWED'],
    ['a postal return with the one-line address of earlier versions', birthRegistration(1, { resultDelivery: { method: 'postal', address: 'Thôn 3, xã Lâm Thượng' } }), 400, 'VALIDATION_FAILED'],
    ['a dossier filed by post without the address it is collected from', birthRegistration(1, { channel: 'postal' }), 400, 'VALIDATION_FAILED'],
    ['an oversize body', { ...birthRegistration(1), padding: 'x'.repeat(70_000) }, 413, 'PAYLOAD_TOO_LARGE'],
  ];

  it.each(cases)('%s gets a clear 4xx and writes nothing', async (_name, body, status, code) => {
    const before = await api('POST', '/dossiers', birthRegistration(500), officer);
    const response = await api('POST', '/dossiers', body, officer);
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(response.body.message).toMatch(/ \/ /); // Vietnamese / English
    expect(response.body).toHaveProperty('details');
    const after = await api('POST', '/dossiers', birthRegistration(501), officer);
    // No running number was consumed by the rejected request.
    expect(Number(after.body.code.split('-')[2])).toBe(Number(before.body.code.split('-')[2]) + 1);
  });

  it('a body not sent as JSON gets 415 and writes nothing: a form (curl -d alone), text, or no content-type', async () => {
    const before = await api('POST', '/dossiers', birthRegistration(502), officer);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    // Bytes, so that fetch sends no content-type at all.
    const untyped = await fetch(`${info.url}/dossiers`, { method: 'POST', headers: { authorization: `Bearer ${officer}` }, body: new TextEncoder().encode(JSON.stringify(birthRegistration(503))) });
    for (const response of [
      await api('POST', '/dossiers', birthRegistration(503), officer, form),
      await api('POST', `/dossiers/${before.body.code}/actions`, { type: 'startProcessing' }, officer, form),
      await api('POST', '/dossiers', birthRegistration(503), officer, { 'content-type': 'text/plain' }),
      { status: untyped.status, body: await untyped.json() },
    ]) {
      expect(response.status).toBe(415);
      expect(response.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', messages: { en: expect.stringContaining('application/json') } });
    }
    expect((await api('GET', `/dossiers/${before.body.code}`, undefined, officer)).body.status).toBe('accepted');
    const after = await api('POST', '/dossiers', birthRegistration(504), officer, { 'content-type': 'Application/JSON; charset=UTF-8' });
    expect(after.status).toBe(201);
    expect(Number(after.body.code.split('-')[2])).toBe(Number(before.body.code.split('-')[2]) + 1);
  });

  it('refuses a name with a right-to-left override with 400, naming the field and the rule, not the value', async () => {
    const response = await api('POST', '/dossiers', birthRegistration(1, { applicant: { fullName: 'Lê \u202EB ịhT', idNumber: '038201001234', phone: '0912345678' } }), officer);
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ path: 'applicant.fullName', issue: 'must not contain bidirectional control characters' }]);
  });

  it('names each missing component by code and name', async () => {
    const response = await api('POST', '/dossiers', birthRegistration(1, { documents: [] }), officer);
    expect(response.body.details.missing).toEqual([
      expect.objectContaining({ code: 'GDN_HKD', name: expect.stringContaining('Giấy đề nghị') }),
    ]);
  });
});

describe('logs', () => {
  it('never print a query string (it may hold phone4), from the runtime or the functions', () => {
    const all = printed.join('\n');
    expect(all).toContain('routes at'); // the capture works
    expect(all).not.toContain('phone4');
    expect(all).not.toContain('query-marker');
  });
});
