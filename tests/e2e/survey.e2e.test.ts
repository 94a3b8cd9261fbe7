import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DomainEvent } from '../../libs/events/catalog.ts';
import { eventOfOutboxItem } from '../../libs/events/outbox.ts';
import { twilioSignature } from '../../libs/platform/twilio-signature.ts';
import { isGsm7 } from '../../services/survey/domain/gsm7.ts';
import { DEV_TWILIO_ACCOUNT_SID, DEV_TWILIO_AUTH_TOKEN } from '../../services/survey/simulator/dev-credentials.ts';
import { householdBusiness, startLocalSystem, type LocalSystem } from '../support/local-system.ts';

/**
 * The survey service on the local runtime, with the SMS simulator playing the gateway and the
 * citizen: a dossier returned at the counter gets one survey SMS, the citizen's reply (posted twice,
 * as a gateway retrying) is counted once, citizen messages follow the dossier's life, an opt-out
 * stops the next message, forged callbacks are refused, the web survey answers once, and bad input
 * (malformed bodies, unknown numbers, a thousand replies from one number) changes nothing it should
 * not. The scheduled sender is invoked directly, as EventBridge would, rather than waited for.
 */

let system: LocalSystem;
let dataDir: string;
let token: string;
let lambda: LambdaClient;
let documents: DynamoDBDocumentClient;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The dossiers of this file, by the applicant's `i` (their numbers are distinct: a reply goes to its number's latest survey). */
const ANSWERED = 1;
const SUPPLEMENT = 2;
const REFUSED = 3;
const UNPARSED = 4;
const OPTED_OUT = 5;
const SAME_NUMBER = 6;
const WEB = 7;
const FLOOD = 8;
const FORGED = 9;
const EXPIRED = 10;
const RETURNED = [ANSWERED, UNPARSED, OPTED_OUT, WEB, FLOOD, FORGED, EXPIRED];
const code: Record<number, string> = {};

const phoneOf = (i: number) => `09123${String(i).padStart(5, '0')}`;
const e164Of = (i: number) => `+84${phoneOf(i).slice(1)}`;

/** Deadlines, not durations: generous, because the machine running the tests may be busy. */
const SLOW = { timeout: 180_000 };

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-e2e-survey-'));
  system = await startLocalSystem({ assemblyDir: inject('assemblyDir'), dataDir, inMemory: true, smsSimulator: { stepMs: 50 } });
  token = await system.issuer.mint({ agency: 'H38.22' });
  lambda = new LambdaClient({ endpoint: system.info.lambdaEndpoint, region: system.info.region, credentials });
  documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: system.info.dynamodbEndpoint, region: system.info.region, credentials }));
  await Promise.all(RETURNED.map(async (i) => (code[i] = await returned(i))));
}, 180_000);

afterAll(async () => {
  lambda?.destroy();
  documents?.destroy();
  await system?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function received(i: number, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await system.api('POST', '/dossiers', householdBusiness(i, overrides), token);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.code;
}

async function act(dossierCode: string, action: Record<string, unknown>): Promise<void> {
  const acted = await system.api('POST', `/dossiers/${dossierCode}/actions`, action, token);
  expect(acted.status, JSON.stringify(acted.body)).toBe(200);
}

/** Received, processed, resolved and handed over at the counter. */
async function returned(i: number, overrides: Record<string, unknown> = {}): Promise<string> {
  const dossierCode = await received(i, overrides);
  for (const type of ['startProcessing', 'resolve', 'returnResult']) await act(dossierCode, { type });
  return dossierCode;
}

async function eventually<T>(read: () => Promise<T>, until: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (until(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Runs the scheduled sender now, through the runtime's Lambda Invoke endpoint, as EventBridge would. */
async function sendDue(): Promise<void> {
  const functionName = Object.entries(system.info.functions).find(([key]) => key.includes('SendDueMessages'))![1];
  const event = { 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), detail: {} };
  const response = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(JSON.stringify(event)) }));
  expect(response.FunctionError, new TextDecoder().decode(response.Payload)).toBeUndefined();
}

/** The officers' view of a dossier's survey and messages. */
async function viewOf(dossierCode: string): Promise<any> {
  const response = await system.api('GET', `/surveys?dossierCode=${encodeURIComponent(dossierCode)}`, undefined, token);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** The view once `until` holds, sending what is due between reads (plans arrive from the bus when they do). */
async function viewWhen(dossierCode: string, until: (view: any) => boolean): Promise<any> {
  const view = await eventually(async () => (await sendDue(), viewOf(dossierCode)), until);
  expect(until(view), JSON.stringify(view, null, 1)).toBe(true);
  return view;
}

const kinds = (view: any): string[] => view.messages.map((message: any) => message.kind);

/** Survey's outbox entries for a dossier's survey. */
async function surveyOutbox(dossierCode: string): Promise<DomainEvent[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({ TableName: system.info.outputs['Motcua-Data.SurveyOutboxTableName']!, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `survey#${dossierCode}` }, ConsistentRead: true }),
  );
  return Items.map(eventOfOutboxItem);
}

const INBOUND = () => `${system.info.url}/surveys/sms/twilio/inbound`;

/** A Twilio reply callback, as Twilio posts it, signed with the development token unless told otherwise. */
async function postReply(fields: Record<string, string>, authToken = DEV_TWILIO_AUTH_TOKEN): Promise<number> {
  const params = new URLSearchParams(fields);
  const response = await fetch(INBOUND(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(authToken, INBOUND(), params) },
    body: params.toString(),
  });
  await response.arrayBuffer();
  return response.status;
}

const replyFields = (from: string, body: string) => {
  const sid = `SM${randomBytes(16).toString('hex')}`;
  return { MessageSid: sid, SmsSid: sid, SmsMessageSid: sid, AccountSid: DEV_TWILIO_ACCOUNT_SID, From: from, To: '+84899999999', Body: body, NumMedia: '0', NumSegments: '1', ApiVersion: '2010-04-01' };
};

describe('the survey service end to end', () => {
  it('a dossier returned at the counter gets one survey SMS; its received and result-ready messages went too; a supplement request and a refusal have theirs', SLOW, async () => {
    code[SUPPLEMENT] = await received(SUPPLEMENT);
    await act(code[SUPPLEMENT], { type: 'requestSupplement', missing: ['Bản sao giấy tờ pháp lý của chủ hộ'] });
    code[REFUSED] = await received(REFUSED);
    await act(code[REFUSED], { type: 'refuse', reason: 'Ngành nghề kinh doanh không được phép' });

    for (const i of RETURNED) await viewWhen(code[i]!, (view) => view.survey?.state === 'sent' && view.messages.every((m: any) => m.sentAt !== null));

    const view = await viewOf(code[ANSWERED]!);
    expect(kinds(view).sort()).toEqual(['received', 'result-ready', 'survey']);
    const sms = system.runtime.smsSimulator.list(phoneOf(ANSWERED));
    expect(sms.every((message) => message.to === e164Of(ANSWERED))).toBe(true);
    const surveys = sms.filter((message) => message.text.includes('/s/'));
    expect(surveys, JSON.stringify(sms)).toHaveLength(1);
    const [survey] = surveys;
    expect(survey!.text).toContain(code[ANSWERED]);
    expect(survey!.text.length).toBeLessThanOrEqual(160);
    expect(isGsm7(survey!.text)).toBe(true);
    expect(survey!.text).toMatch(/\/s\/[A-Za-z0-9_-]{16}\b/);
    // Each message the view lists was recorded by the gateway once, under its own id.
    expect(sms.map((message) => message.messageId).sort()).toEqual(view.messages.map((m: any) => m.messageId).sort());
    expect(view.messages.find((m: any) => m.kind === 'survey').text).toBe(survey!.text);

    const supplement = await viewWhen(code[SUPPLEMENT]!, (v) => v.messages.some((m: any) => m.kind === 'supplement-requested' && m.sentAt));
    expect(supplement.survey).toBeNull();
    expect(kinds(supplement).sort()).toEqual(['received', 'supplement-requested']);
    const refused = await viewWhen(code[REFUSED]!, (v) => v.messages.some((m: any) => m.kind === 'refused' && m.sentAt));
    expect(refused.survey).toBeNull();
    expect(kinds(refused).sort()).toEqual(['received', 'refused']);
    for (const [i, v] of [[SUPPLEMENT, supplement], [REFUSED, refused]] as const) {
      expect(system.runtime.smsSimulator.list(phoneOf(i)).map((m) => m.text).sort()).toEqual(v.messages.map((m: any) => m.text).sort());
    }
  });

  it("the citizen's reply, posted twice by the gateway, is counted once: one SurveyAnswered in the outbox and on reporting's queue", SLOW, async () => {
    const posted = await system.runtime.smsSimulator.reply({ from: phoneOf(ANSWERED), text: 'rat hai long', twice: true });
    expect(posted.answers).toEqual([200, 200]);
    const view = await viewWhen(code[ANSWERED]!, (v) => v.survey.state === 'answered');
    expect(view.survey.answer).toMatchObject({ level: 'very-satisfied', channel: 'sms' });
    expect(view.survey.replies.map((r: any) => r.outcome)).toEqual(['counted']);

    const answered = (events: DomainEvent[]) => events.filter((event) => event.type === 'SurveyAnswered' && event.dossierCode === code[ANSWERED]);
    expect(answered(await surveyOutbox(code[ANSWERED]!))).toHaveLength(1);
    const seen = await system.drainEvents('reporting', (events) => answered(events).length >= 1, 60_000);
    expect(answered(seen)).toHaveLength(1);
    expect(answered(seen)[0]!.data).toMatchObject({ level: 'very-satisfied', channel: 'sms' });
  });

  it('a later reply is kept as after-answer and changes neither the answer nor the events', SLOW, async () => {
    expect((await system.runtime.smsSimulator.reply({ from: phoneOf(ANSWERED), text: '3' })).answers).toEqual([200]);
    const view = await viewWhen(code[ANSWERED]!, (v) => v.survey.replies.length >= 2);
    // Both copies of the first reply were applied by now (the later reply came after them): still one counted.
    expect(view.survey.replies.map((r: any) => r.outcome)).toEqual(['counted', 'after-answer']);
    expect(view.survey.answer).toMatchObject({ level: 'very-satisfied', channel: 'sms' });
    expect((await surveyOutbox(code[ANSWERED]!)).filter((event) => event.type === 'SurveyAnswered')).toHaveLength(1);
    const seen = await system.drainEvents('reporting', () => false, 3_000);
    expect(seen.filter((event) => event.type === 'SurveyAnswered' && event.dossierCode === code[ANSWERED])).toHaveLength(0);
  });

  it('an unreadable reply is counted as such and gets one clarifying SMS; a second gets none', SLOW, async () => {
    expect((await system.runtime.smsSimulator.reply({ from: phoneOf(UNPARSED), text: '1 2' })).answers).toEqual([200]);
    const first = await viewWhen(code[UNPARSED]!, (v) => v.survey.replies.length === 1 && v.messages.some((m: any) => m.kind === 'survey-clarify' && m.sentAt));
    expect(first.survey).toMatchObject({ state: 'sent', answer: null });
    expect(first.survey.replies).toEqual([expect.objectContaining({ outcome: 'unparsed', reading: 'unparsed:ambiguous' })]);
    expect((await surveyOutbox(code[UNPARSED]!)).filter((event) => event.type === 'SurveyReplyUnparsed')).toHaveLength(1);
    const clarifying = () => system.runtime.smsSimulator.list(phoneOf(UNPARSED)).filter((m) => m.messageId === `MSG-${code[UNPARSED]}-survey-clarify`);
    expect(clarifying()).toHaveLength(1);

    expect((await system.runtime.smsSimulator.reply({ from: phoneOf(UNPARSED), text: '1 2' })).answers).toEqual([200]);
    const second = await viewWhen(code[UNPARSED]!, (v) => v.survey.replies.length === 2);
    await sendDue();
    expect(second.survey.replies.map((r: any) => r.outcome)).toEqual(['unparsed', 'unparsed']);
    expect(kinds(await viewOf(code[UNPARSED]!)).filter((kind) => kind === 'survey-clarify')).toHaveLength(1);
    expect(clarifying()).toHaveLength(1);
    expect((await surveyOutbox(code[UNPARSED]!)).filter((event) => event.type === 'SurveyReplyUnparsed')).toHaveLength(2);
  });

  it('an opt-out is confirmed and stops the next message to the number; an opt-in lets messages go again', SLOW, async () => {
    expect((await system.runtime.smsSimulator.reply({ from: phoneOf(OPTED_OUT), text: 'TC' })).answers).toEqual([200]);
    const view = await viewWhen(code[OPTED_OUT]!, (v) => v.messages.some((m: any) => m.kind === 'opted-out' && m.sentAt));
    expect(view.survey.replies.map((r: any) => r.outcome)).toEqual(['opt-out']);
    const confirmation = view.messages.find((m: any) => m.kind === 'opted-out');
    expect(system.runtime.smsSimulator.list(phoneOf(OPTED_OUT)).filter((m) => m.messageId === confirmation.messageId)).toHaveLength(1);
    expect((await surveyOutbox(code[OPTED_OUT]!)).filter((event) => event.type === 'SurveyOptedOut')).toHaveLength(1);

    // Another dossier of the same applicant number: its received message is not sent.
    const before = system.runtime.smsSimulator.list(phoneOf(OPTED_OUT)).length;
    code[SAME_NUMBER] = await received(SAME_NUMBER, { applicant: { ...householdBusiness(SAME_NUMBER).applicant, phone: phoneOf(OPTED_OUT) } });
    const suppressed = await viewWhen(code[SAME_NUMBER]!, (v) => v.messages.some((m: any) => m.kind === 'received' && m.suppressed));
    expect(suppressed.messages).toEqual([expect.objectContaining({ kind: 'received', suppressed: true, sentAt: null, gateway: null })]);
    expect(system.runtime.smsSimulator.list(phoneOf(OPTED_OUT))).toHaveLength(before);

    // DK: opted back in (confirmed), and the next message on the dossier goes again.
    expect((await system.runtime.smsSimulator.reply({ from: phoneOf(OPTED_OUT), text: 'DK' })).answers).toEqual([200]);
    const optedIn = await viewWhen(code[OPTED_OUT]!, (v) => v.messages.some((m: any) => m.kind === 'opted-in' && m.sentAt));
    expect(optedIn.survey.replies.map((r: any) => r.outcome)).toEqual(['opt-out', 'opt-in']);
    await act(code[SAME_NUMBER]!, { type: 'startProcessing' });
    await act(code[SAME_NUMBER]!, { type: 'resolve' });
    const ready = await viewWhen(code[SAME_NUMBER]!, (v) => v.messages.some((m: any) => m.kind === 'result-ready' && m.sentAt));
    const resultReady = ready.messages.find((m: any) => m.kind === 'result-ready');
    expect(resultReady).toMatchObject({ suppressed: false });
    expect(system.runtime.smsSimulator.list(phoneOf(OPTED_OUT)).filter((m) => m.messageId === resultReady.messageId)).toHaveLength(1);
  });

  it('forged callbacks are refused (401) and change nothing', SLOW, async () => {
    const before = await viewOf(code[FORGED]!);
    expect(before.survey).toMatchObject({ state: 'sent', replies: [] });
    expect((await system.runtime.smsSimulator.reply({ from: phoneOf(FORGED), text: '1', forged: true, twice: true })).answers).toEqual([401, 401]);
    expect(await postReply(replyFields(e164Of(FORGED), '1'), 'not-the-auth-token-of-this-account')).toBe(401);
    // Signed over other parameters than those posted (a tampered body).
    const fields = replyFields(e164Of(FORGED), '1');
    const signature = twilioSignature(DEV_TWILIO_AUTH_TOKEN, INBOUND(), new URLSearchParams({ ...fields, Body: '3' }));
    const tampered = await fetch(INBOUND(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(fields).toString() });
    expect(tampered.status).toBe(401);
    const unsigned = await fetch(INBOUND(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    expect(unsigned.status).toBe(401);

    // A genuine reply afterwards is the first and only one the survey holds.
    expect((await system.runtime.smsSimulator.reply({ from: phoneOf(FORGED), text: '2' })).answers).toEqual([200]);
    const after = await viewWhen(code[FORGED]!, (v) => v.survey.replies.length > 0);
    expect(after.survey.replies.map((r: any) => r.reading)).toEqual(['answer:satisfied']);
    expect(after.survey.answer).toMatchObject({ level: 'satisfied', channel: 'sms' });
  });

  it('the web survey from the SMS link: the form, one answer (303, then thanks), a second refused (409)', SLOW, async () => {
    const sms = system.runtime.smsSimulator.list(phoneOf(WEB)).find((m) => m.text.includes('/s/'))!;
    const surveyToken = /\/s\/([A-Za-z0-9_-]{16})/.exec(sms.text)![1]!;
    const url = `${system.info.url}/s/${surveyToken}`;
    const form = await fetch(url);
    expect(form.status).toBe(200);
    expect(form.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await form.text()).toContain('<form');

    const submit = () => fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'level=satisfied&staffAttitude=courteous&visits=one' });
    const first = await submit();
    await first.arrayBuffer();
    expect(first.status).toBe(303);
    const thanks = await fetch(url);
    expect(thanks.status).toBe(200);
    const thanksPage = await thanks.text();
    expect(thanksPage).not.toContain('<form');
    const second = await submit();
    await second.arrayBuffer();
    expect(second.status).toBe(409);

    const view = await viewOf(code[WEB]!);
    expect(view.survey.state).toBe('answered');
    expect(view.survey.answer).toMatchObject({ level: 'satisfied', channel: 'web', criteria: { staffAttitude: 'courteous', visits: 'one' } });
    expect((await surveyOutbox(code[WEB]!)).filter((event) => event.type === 'SurveyAnswered')).toHaveLength(1);
  });

  it('bad input: a malformed signed body is 400, an unknown number changes nothing, a flood of replies from one number counts once and keeps each', { timeout: 600_000 }, async () => {
    // Signed, but not a reply: no MessageSid, no From.
    expect(await postReply({ AccountSid: DEV_TWILIO_ACCOUNT_SID, Body: '1' })).toBe(400);
    expect(await postReply({ ...replyFields(e164Of(FLOOD), '1'), From: '' })).toBe(400);

    // A number with no survey: accepted (the gateway must not retry) and nothing counted anywhere.
    const unknown = '+84987000111';
    expect(await postReply(replyFields(unknown, '1'))).toBe(200);

    await viewWhen(code[FLOOD]!, (v) => v.survey?.state === 'sent');
    // 300 by default, to keep the file near two minutes on a shared machine; MOTCUA_SURVEY_FLOOD=1000 runs the thousand.
    const flood = Number(process.env.MOTCUA_SURVEY_FLOOD ?? 300);
    const statuses: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < flood) {
          const n = next++;
          statuses.push(await postReply(replyFields(e164Of(FLOOD), String((n % 3) + 1))));
        }
      }),
    );
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const view = await viewWhen(code[FLOOD]!, (v) => v.survey.replies.length >= flood);
    expect(view.survey.replies).toHaveLength(flood);
    expect(view.survey.replies.filter((r: any) => r.outcome === 'counted')).toHaveLength(1);
    expect(view.survey.replies.filter((r: any) => r.outcome === 'after-answer')).toHaveLength(flood - 1);
    expect(view.survey.state).toBe('answered');
    expect((await surveyOutbox(code[FLOOD]!)).filter((event) => event.type === 'SurveyAnswered')).toHaveLength(1);
    // Nothing was sent to the flooding number because of it, nor to the unknown one.
    expect(kinds(view).sort()).toEqual(['received', 'result-ready', 'survey']);
    expect(system.runtime.smsSimulator.list(unknown)).toEqual([]);
    // Every callback was applied: none parked in the dead-letter queue.
    const sqs = new SQSClient({ endpoint: system.info.sqsEndpoint, region: system.info.region, credentials });
    const dlq = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: system.info.outputs['Motcua-Data.SurveySmsCallbacksDeadLetterQueueUrl']!, AttributeNames: ['ApproximateNumberOfMessages'] }));
    sqs.destroy();
    expect(dlq.Attributes?.ApproximateNumberOfMessages).toBe('0');
    // The service still answers.
    expect((await system.api('GET', `/surveys?dossierCode=${code[ANSWERED]}`, undefined, token)).status).toBe(200);
  });

  it('a reply to an expired survey is kept as such and counts nothing; its web link is gone (410)', SLOW, async () => {
    const sent = await viewWhen(code[EXPIRED]!, (v) => v.survey?.state === 'sent');
    // Seven days later, as far as the survey is concerned: its end moved into the past in the table.
    await documents.send(
      new UpdateCommand({ TableName: system.info.outputs['Motcua-Data.SurveysTableName']!, Key: { pk: `survey#${code[EXPIRED]}` }, UpdateExpression: 'SET expiresAt = :past', ExpressionAttributeValues: { ':past': new Date(Date.now() - 60_000).toISOString() } }),
    );
    expect((await system.runtime.smsSimulator.reply({ from: phoneOf(EXPIRED), text: '1' })).answers).toEqual([200]);
    const view = await viewWhen(code[EXPIRED]!, (v) => v.survey.replies.length === 1);
    expect(view.survey).toMatchObject({ state: 'expired', answer: null, replies: [expect.objectContaining({ outcome: 'expired', reading: 'answer:very-satisfied' })] });
    expect((await surveyOutbox(code[EXPIRED]!)).filter((event) => event.type === 'SurveyAnswered')).toEqual([]);
    expect(kinds(view)).toEqual(kinds(sent));
    const surveyToken = /\/s\/([A-Za-z0-9_-]{16})/.exec(sent.messages.find((m: any) => m.kind === 'survey').text)![1]!;
    const page = await fetch(`${system.info.url}/s/${surveyToken}`);
    await page.arrayBuffer();
    expect(page.status).toBe(410);
  });
});
