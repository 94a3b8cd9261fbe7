import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isoDateOf, localDateOf } from '../../libs/calendar/working-days.ts';
import { busMessage } from '../../libs/events/bus.ts';
import { eventOfOutboxItem } from '../../libs/events/outbox.ts';
import { ReportingRepository } from '../../services/reporting/adapters/reporting-repository.ts';
import { Circular01View, Index766View, OverdueView, SummaryView } from '../../services/reporting/domain/views.ts';
import { demoTree, foldedSource, lifeOf, vn } from '../../services/reporting/domain/fixtures.ts';
import { eventsOfLines, publishedExampleLines } from '../../services/reporting/domain/published-example.fixtures.ts';
import { summaryOf } from '../../services/reporting/domain/summary.ts';
import { procedureInfo as procedureInfoOf } from '../../services/reporting/adapters/context.ts';
import { ConcurrentChange } from '../../libs/platform/concurrency.ts';
import type { DomainEvent } from '../../libs/events/catalog.ts';
import { householdBusiness, startLocalSystem, type LocalSystem } from '../support/local-system.ts';

/**
 * Reporting on the local runtime, its consumer polling its queue: dossiers through intake's API
 * → counters → the summary, the index and the scores; the same events again change nothing; a
 * rebuild from the outboxes equals what the consumer built live; only an agency's subtree.
 */

let system: LocalSystem;
let dataDir: string;
let documents: DynamoDBDocumentClient;
let district: string;
let lambda: LambdaClient;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const run = promisify(execFile);
const procedureInfo = procedureInfoOf();
const today = isoDateOf(localDateOf(new Date()));
const month = today.slice(0, 7);
const codes: Record<'returned' | 'waiting' | 'refused', string> = { returned: '', waiting: '', refused: '' };

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-e2e-reporting-'));
  system = await startLocalSystem({ assemblyDir: inject('assemblyDir'), dataDir, inMemory: true, unpolledQueues: [], smsSimulator: { stepMs: 50 } });
  lambda = new LambdaClient({ endpoint: system.info.lambdaEndpoint, region: system.info.region, credentials });
  documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: system.info.dynamodbEndpoint, region: system.info.region, credentials }));
  district = await system.issuer.mint({ agency: 'H38.22' });
  const act = async (code: string, action: object) => expect((await system.api('POST', `/dossiers/${code}/actions`, action, district)).status).toBe(200);
  for (const [i, name] of (['returned', 'waiting', 'refused'] as const).entries()) {
    const received = await system.api('POST', '/dossiers', householdBusiness(900 + i), district);
    expect(received.status).toBe(201);
    codes[name] = received.body.code;
  }
  await act(codes.returned, { type: 'startProcessing' });
  await act(codes.returned, { type: 'resolve' });
  await act(codes.returned, { type: 'returnResult' });
  await act(codes.waiting, { type: 'requestSupplement', missing: ['Bản sao giấy chứng nhận quyền sử dụng đất'] });
  await act(codes.refused, { type: 'refuse', reason: 'Ngành nghề kinh doanh không được phép' });
}, 120_000);

afterAll(async () => {
  documents?.destroy();
  lambda?.destroy();
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const summary = async (query: string, token = district) => system.api('GET', `/reports/summary?${query}`, undefined, token);

/** Waits for the reporting queue to be empty (every message handled and deleted). */
async function settled(): Promise<void> {
  const sqs = new SQSClient({ endpoint: system.info.sqsEndpoint, region: system.info.region, credentials });
  const queueUrl = system.info.outputs['Motcua-Data.ReportingEventsQueueUrl']!;
  try {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
      if (Attributes.ApproximateNumberOfMessages === '0' && Attributes.ApproximateNumberOfMessagesNotVisible === '0') return;
    }
    throw new Error('the reporting queue did not drain');
  } finally {
    sqs.destroy();
  }
}

async function counted(until: (body: any) => boolean): Promise<any> {
  for (const deadline = Date.now() + 90_000; ; await new Promise((r) => setTimeout(r, 300))) {
    const { status, body } = await summary(`period=${month}`);
    expect(status).toBe(200);
    if (until(body) || Date.now() > deadline) return body;
  }
}

/** The reporting table's items of one generation, keys without it, zero counters left out. */
async function generationItems(generation: number): Promise<Record<string, unknown>> {
  const items: Record<string, unknown> = {};
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: system.info.outputs['Motcua-Data.ReportingTableName'], ExclusiveStartKey: start }));
    for (const { pk, sk, ...rest } of page.Items ?? []) {
      if (!String(pk).startsWith(`${generation}#`)) continue;
      const kept = String(pk).includes('#t#') ? { tally: { ...(rest.tally as object), parked: [] } } : Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== 0));
      items[`${String(pk).slice(String(generation).length)} ${sk}`] = kept;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** A few dossiers' lives, shuffled, some events twice: what SQS may deliver. */
function shuffledHistory(): DomainEvent[] {
  const events = [0, 1, 2, 3, 4, 5].flatMap((i) => {
    const life = lifeOf({ code: `CRASH-${i}`, agency: i % 2 ? 'H38.22.1' : 'H38.23.2', channel: i % 3 ? 'online' : 'counter', receivedAt: vn('2025-06-30T09:00'), dueAt: vn('2025-07-04T17:00') }).received();
    if (i % 3 === 0) life.supplementRequested(vn('2025-07-01T09:00')).supplementReceived(vn('2025-07-02T09:00'), vn('2025-07-08T17:00'));
    if (i % 2 === 0) life.overdue(vn('2025-07-09T00:05'));
    return life.resolved(vn('2025-07-10T10:00'), i % 2 ? 'early' : 'late').returned(vn('2025-07-11T10:00')).answered(vn('2025-07-11T12:00'), i % 3 ? 'satisfied' : 'very-satisfied').events;
  });
  const delivered = [...events, ...events.filter((_, i) => i % 4 === 0)];
  // A fixed shuffle: the same run every time, still far from the order of the lives.
  return delivered.map((event, i) => ({ event, key: (i * 7919) % delivered.length })).sort((a, b) => a.key - b.key).map(({ event }) => event);
}

describe('reporting on the local runtime', () => {
  let live: any;

  it('counts the dossiers as intake announced them: received, resolved early, waiting for a supplement, refused', async () => {
    // Reports are not a transactional read: wait until every change is in every item read.
    live = await counted(
      ({ totals }) => totals.received === 3 && totals.cohort['refused'] === 1 && totals.cohort['resolved-early'] === 1 && totals.openAtAsOf.within === 0 && totals.activity['returned.counter'] === 1,
    );
    expect(system.runtime.unpolledSources).toEqual([]);
    expect(SummaryView.parse(live)).toBeTruthy();
    expect(live.agency).toEqual({ code: 'H38.22', name: 'Ủy ban nhân dân thành phố Lâm Giang' });
    expect(live.totals.cohort).toMatchObject({ 'resolved-early': 1, 'open-supplement': 1, refused: 1, 'open-within': 0, 'open-overdue': 0 });
    expect(live.totals.published.earlyOrOnTime).toEqual({ count: 1, percent: 33.34 });
    expect(live.totals.openAtAsOf).toEqual({ within: 0, supplement: 1, overdue: 0 });
    expect(live.totals.activity).toMatchObject({ 'returned.counter': 1, refused: 1, 'supplement.requested': 1 });
    expect(live.narrative).toMatch(/^Tiếp nhận 3 hồ sơ; giải quyết trước hạn và đúng hạn 1 hồ sơ \(33,34%\)/);
  });

  it('the same events delivered again change nothing', async () => {
    const sns = new SNSClient({ endpoint: system.info.sqsEndpoint, region: system.info.region, credentials });
    const { Items = [] } = await documents.send(new ScanCommand({ TableName: system.info.outputs['Motcua-Data.HistoryTableName'] }));
    const events = Items.map(eventOfOutboxItem).filter((event) => Object.values(codes).includes(event.dossierCode));
    expect(events.length).toBeGreaterThanOrEqual(8);
    for (const event of events.reverse()) {
      const message = busMessage(event);
      await sns.send(new PublishCommand({ TopicArn: system.info.outputs['Motcua-Data.EventBusTopicArn'], Message: message.body, MessageAttributes: message.attributes }));
    }
    sns.destroy();
    await settled();
    expect((await summary(`period=${month}`)).body).toEqual(live);
  });

  it('npm run reporting:rebuild from the outboxes equals what the consumer built live, and reports read it', async () => {
    await settled();
    const { stdout } = await run(process.execPath, ['services/reporting/scripts/rebuild.ts', '--data-dir', dataDir], { cwd: path.resolve(import.meta.dirname, '../..') });
    expect(stdout).toMatch(/into generation 2 \(\d+ items, 0 caught up\)/);
    expect(await generationItems(2)).toEqual(await generationItems(1));
    expect((await summary(`period=${month}`)).body).toEqual(live);
  });

  it('CSV and XLSX carry the JSON figures', async () => {
    const download = async (format: string) => {
      const response = await fetch(`${system.info.url}/reports/summary?period=${month}&groupBy=channel&format=${format}`, { headers: { authorization: `Bearer ${district}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="bao-cao-H38\\.22-.*\\.${format}"$`));
      return Buffer.from(await response.arrayBuffer());
    };
    const csv = (await download('csv')).toString('utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = csv.slice(1).trimEnd().split('\r\n').map((line) => line.split(','));
    const totals = rows.find((row) => row.includes('Tổng cộng'))!;
    const column = (name: string) => totals[header!.indexOf(name)];
    expect([column('Tiếp nhận'), column('Giải quyết trước hạn và đúng hạn'), column('Trực tiếp')]).toEqual(['3', '1', '3']);

    const sheets = await readXlsxFile(await download('xlsx'));
    expect(sheets.map((sheet) => sheet.sheet)).toEqual(['Tổng hợp', 'Theo kênh']);
    const cells = sheets[0]!.data.flat();
    expect(cells).toContain(live.narrative);
    const headerRow = sheets[0]!.data.findIndex((row) => row.includes('Tiếp nhận'));
    const values = sheets[0]!.data[headerRow + 1]!;
    expect(values[sheets[0]!.data[headerRow]!.indexOf('Tiếp nhận')]).toBe(3);
    expect(values[sheets[0]!.data[headerRow]!.indexOf('Giải quyết trước hạn và đúng hạn (%)')]).toBeCloseTo(0.3334, 6);
  });

  it('the index and the scores read the same counters', async () => {
    const index = await system.api('GET', `/reports/index-766?period=${month}`, undefined, district);
    expect(index.status).toBe(200);
    expect(Index766View.parse(index.body)).toBeTruthy();
    const progress = index.body.groups.find((group: any) => group.group === 'progress');
    expect(progress.inputs).toEqual(expect.arrayContaining([expect.objectContaining({ value: 1 })]));
    const scores = await system.api('GET', `/reports/circular-01?period=${month}`, undefined, district);
    expect(scores.status).toBe(200);
    expect(Circular01View.parse(scores.body)).toBeTruthy();
    expect(scores.body.averages.dossiers).toBe(1);
    const overdue = await system.api('GET', '/reports/overdue', undefined, district);
    expect(overdue.status).toBe(200);
    expect(OverdueView.parse(overdue.body)).toMatchObject({ agency: 'H38.22', count: 0, dossiers: [] });
    const one = await system.api('GET', `/reports/circular-01?dossierCode=${codes.returned}`, undefined, district);
    expect(one.status).toBe(200);
    expect(one.body.score.indicators.time).toEqual({ points: 2 });
    expect((await system.api('GET', `/reports/circular-01?dossierCode=${codes.waiting}`, undefined, district)).body.score).toBeNull();
  });

  it("an agency's subtree only: the province sees the district, a neighbour district does not", async () => {
    const province = await system.issuer.mint({ agency: 'H38' });
    const byAgency = await summary(`agency=H38&period=${month}&groupBy=agency`, province);
    expect(byAgency.status).toBe(200);
    expect(byAgency.body.totals.received).toBe(3);
    expect(byAgency.body.groups.find((group: any) => group.key === 'H38.22').figures.received).toBe(3);
    const neighbour = await system.issuer.mint({ agency: 'H38.23' });
    expect((await summary(`agency=H38.22&period=${month}`, neighbour)).status).toBe(403);
    expect((await summary(`agency=H38&period=${month}`)).status).toBe(403);
    expect((await system.api('GET', `/reports/circular-01?dossierCode=${codes.returned}`, undefined, neighbour)).status).toBe(404);
  });

  it('a consumer that crashes in the middle of a batch, then gets the whole batch again, counts each event once', async () => {
    const repository = new ReportingRepository(documents, system.info.outputs['Motcua-Data.ReportingTableName']!);
    const events = shuffledHistory();
    const generation = 100;
    // The crash: the first 60 % applied (each event is its own transaction), then nothing.
    for (const event of events.slice(0, Math.floor(events.length * 0.6))) await repository.apply(event, demoTree, undefined, generation);
    // Redelivery of the whole batch, by two consumers at once, racing on the same dossiers.
    const applyRetrying = async (event: DomainEvent) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await repository.apply(event, demoTree, undefined, generation);
        } catch (error) {
          if (!(error instanceof ConcurrentChange) || attempt > 20) throw error;
        }
      }
    };
    await Promise.all([0, 1].map(async (half) => { for (const event of events.filter((_, i) => i % 2 === half)) await applyRetrying(event); }));
    const { folded } = foldedSource(events, generation);
    const expected = Object.fromEntries([...folded.counters.values()].map(({ pk, sk, attrs }) => [`${pk.slice(3)} ${sk}`, Object.fromEntries([...attrs].filter(([, n]) => n !== 0))]));
    const stored = Object.fromEntries(Object.entries(await generationItems(generation)).filter(([key]) => key.startsWith('#a#')));
    expect(stored).toEqual(expected);
  });

  it('through every service: returned by post, surveyed by SMS, answered — counted by reporting', { timeout: 300_000 }, async () => {
    // At its own district, so that nothing else this file does is in its figures.
    const officer = await system.issuer.mint({ agency: 'H38.23' });
    const address = { line: 'Thôn 3', commune: 'Xã Phú Lộc', province: 'Tỉnh Hòa Lâm' };
    const received = await system.api('POST', '/dossiers', householdBusiness(950, { agencyCode: 'H38.23', resultDelivery: { method: 'postal', address } }), officer);
    expect(received.status, JSON.stringify(received.body)).toBe(201);
    system.runtime.postalSimulator.chooseScenario({ dossierCode: received.body.code, scenario: 'delivered' });
    for (const type of ['startProcessing', 'resolve']) expect((await system.api('POST', `/dossiers/${received.body.code}/actions`, { type }, officer)).status).toBe(200);
    const phone = householdBusiness(950).applicant.phone;
    const sendDue = async () => {
      const functionName = Object.entries(system.info.functions).find(([key]) => key.includes('SendDueMessages'))![1];
      const event = { 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), detail: {} };
      await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(JSON.stringify(event)) }));
    };
    for (const deadline = Date.now() + 120_000; !system.runtime.smsSimulator.list(phone).some((sms) => sms.messageId?.endsWith('-survey')) && Date.now() < deadline; ) {
      await sendDue();
      await new Promise((r) => setTimeout(r, 500));
    }
    expect((await system.runtime.smsSimulator.reply({ from: phone, text: 'rat hai long' })).answers).toEqual([200]);
    let totals: any;
    // Generous: under load a consumer's failed try comes back only after its queue's visibility timeout.
    for (const deadline = Date.now() + 240_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
      const answer = await summary(`period=${month}`, officer);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      totals = answer.body.totals;
      if (totals.satisfaction.answers === 1 && totals.activity['postal.delivered'] === 1 && totals.activity['returned.postal'] === 1) break;
    }
    expect(totals.received).toBe(1);
    expect(totals.activity).toMatchObject({ 'postal.delivered': 1, 'returned.postal': 1, 'postal.created.outbound': 1 });
    expect(totals.activity['sms.sent']).toBeGreaterThanOrEqual(1);
    expect(totals.satisfaction).toMatchObject({ answers: 1, levels: { 'very-satisfied': 1, satisfied: 0, 'not-satisfied': 0 }, byChannel: { sms: 1 }, satisfiedPercent: 100 });
    expect(totals.cohort['resolved-early']).toBe(1);
  });

  it("history imported with npm run import is counted as the import and reporting's fold say (the published example, 1 line in 40)", { timeout: 300_000 }, async () => {
    const lines = publishedExampleLines(40);
    const file = path.join(dataDir, 'history.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const root = path.resolve(import.meta.dirname, '../..');
    await run(process.execPath, ['services/intake/scripts/import-history.ts', '--file', file, '--data-dir', dataDir], { cwd: root });
    const query = { agency: 'H38.22', from: '2022-01-01', to: '2023-04-01', asOf: '2023-03-31', today };
    const expected = await summaryOf(foldedSource(eventsOfLines(lines, new Date())).source, demoTree, procedureInfo, query);
    expect(expected.totals.received).toBe(lines.length);
    let answer: any;
    for (const deadline = Date.now() + 240_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 1_000))) {
      answer = (await summary('agency=H38.22&from=2022-01-01&to=2023-03-31&asOf=2023-03-31')).body;
      if (answer.totals.received === lines.length && answer.totals.published.overdue.count === expected.totals.published!.overdue.count) break;
    }
    expect(answer.totals).toEqual(expected.totals);
    expect(answer.narrative).toBe(expected.narrative);
  });

  it('bad input is a 400 with the reason, never a 5xx', async () => {
    for (const query of ['', `period=${month}&from=2025-01-01`, 'period=2025-13', 'from=2025-02-01&to=2025-01-01', `period=${month}&asOf=2999-01-01`, `period=${month}&groupBy=nope`, `period=${month}&x=1`, 'period=1900-01&asOf=1800-01-01']) {
      const { status, body } = await summary(query);
      expect([status, query]).toEqual([400, query]);
      expect(body.code).toBe('VALIDATION_FAILED');
    }
    expect((await summary(`agency=X99&period=${month}`)).body.code).toBe('UNKNOWN_AGENCY');
    expect((await system.api('GET', `/reports/summary?period=${month}`)).status).toBe(401);
  });
});
