import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyReport, DEFAULT_POLICY, DELIVERY_STATUSES, decideSend, handedOver, newMessage, sendFailed, timeOut, type DeliveryStatus, type OutgoingMessage } from './message.ts';

const at = (local: string) => new Date(`${local}+07:00`);
const fields = { messageId: 'MSG-H38.22.1-260302-0001-survey', dossierCode: 'H38.22.1-260302-0001', agencyCode: 'H38.22.1', procedureCode: '1.001612', kind: 'survey' as const, phoneHash: 'h', text: 'UBND phuong Hoa Binh: …', segments: 1 };
const queued = (earliest = at('2026-03-02T10:00:00')) => newMessage(fields, { now: earliest, earliest, window: DEFAULT_POLICY.window });
const sent = (): OutgoingMessage => handedOver(queued(), { gateway: 'twilio', providerMessageId: 'SM1', status: 'queued', rawStatus: 'queued' }, at('2026-03-02T10:00:00')).message;

describe('deciding to send', () => {
  it('sends inside the window to a number under its cap that did not opt out', () => {
    expect(decideSend(queued(), { now: at('2026-03-02T10:00:00'), optedOut: false, sentToday: 2 }, DEFAULT_POLICY)).toEqual({ action: 'send' });
  });

  it('never sends to a number that opted out, even one that opted out after the message was decided', () => {
    expect(decideSend(queued(), { now: at('2026-03-02T10:00:00'), optedOut: true, sentToday: 0 }, DEFAULT_POLICY)).toEqual({ action: 'suppress' });
  });

  it('still sends the confirmation of the opt-out itself', () => {
    const confirmation = newMessage({ ...fields, messageId: 'MSG-x-opted-out', kind: 'opted-out' }, { now: at('2026-03-02T10:00:00'), earliest: at('2026-03-02T10:00:00'), window: DEFAULT_POLICY.window });
    expect(decideSend(confirmation, { now: at('2026-03-02T10:00:00'), optedOut: true, sentToday: 0 }, DEFAULT_POLICY)).toEqual({ action: 'send' });
  });

  it("waits for the window, and a capped number waits for the next day's opening", () => {
    expect(decideSend(queued(), { now: at('2026-03-02T22:00:00'), optedOut: false, sentToday: 0 }, DEFAULT_POLICY)).toEqual({ action: 'wait', until: at('2026-03-03T07:00:00'), why: 'window' });
    expect(decideSend(queued(), { now: at('2026-03-02T10:00:00'), optedOut: false, sentToday: 3 }, DEFAULT_POLICY)).toEqual({ action: 'wait', until: at('2026-03-03T07:00:00'), why: 'daily_cap' });
  });

  it("answers the citizen's own SMS past the cap (the clarification, the opt-out and opt-in confirmations), never outside the window", () => {
    for (const kind of ['survey-clarify', 'opted-out', 'opted-in'] as const) {
      const answer = newMessage({ ...fields, messageId: `MSG-x-${kind}`, kind }, { now: at('2026-03-02T10:00:00'), earliest: at('2026-03-02T10:00:00'), window: DEFAULT_POLICY.window });
      expect(decideSend(answer, { now: at('2026-03-02T10:00:00'), optedOut: false, sentToday: 3 }, DEFAULT_POLICY)).toEqual({ action: 'send' });
      expect(decideSend(answer, { now: at('2026-03-02T22:00:00'), optedOut: false, sentToday: 3 }, DEFAULT_POLICY)).toMatchObject({ action: 'wait', why: 'window' });
    }
    for (const kind of ['received', 'result-ready', 'supplement-requested', 'refused', 'apology'] as const) {
      const unasked = newMessage({ ...fields, messageId: `MSG-x-${kind}`, kind }, { now: at('2026-03-02T10:00:00'), earliest: at('2026-03-02T10:00:00'), window: DEFAULT_POLICY.window });
      expect(decideSend(unasked, { now: at('2026-03-02T10:00:00'), optedOut: false, sentToday: 3 }, DEFAULT_POLICY)).toMatchObject({ action: 'wait', why: 'daily_cap' });
    }
  });

  it('schedules a message decided at night for the next morning', () => {
    expect(queued(at('2026-03-02T23:10:00')).sendAfter).toBe(at('2026-03-03T07:00:00').toISOString());
  });
});

describe('sending', () => {
  it('announces SmsSent when the gateway takes it', () => {
    const { message, events } = handedOver(queued(), { gateway: 'twilio', providerMessageId: 'SM1', status: 'queued', rawStatus: 'queued' }, at('2026-03-02T10:00:00'));
    expect(message).toMatchObject({ status: 'sending', providerMessageId: 'SM1', attempts: 1, sendAfter: null });
    expect(events).toEqual([{ type: 'SmsSent', occurredAt: at('2026-03-02T10:00:00').toISOString(), data: { messageId: fields.messageId, kind: 'survey', gateway: 'twilio', segments: 1 } }]);
  });

  it('retries a gateway failure with growing waits, then gives up and says so once', () => {
    let message = queued();
    const waits: number[] = [];
    let now = at('2026-03-02T10:00:00');
    for (let attempt = 1; attempt < DEFAULT_POLICY.maxAttempts; attempt += 1) {
      const result = sendFailed(message, { retryable: true }, now, DEFAULT_POLICY);
      expect(result.events).toEqual([]);
      waits.push((new Date(result.message.sendAfter!).getTime() - now.getTime()) / 60_000);
      message = result.message;
      now = new Date(message.sendAfter!);
    }
    expect(waits).toEqual([1, 2, 4, 8]);
    const last = sendFailed(message, { retryable: true }, now, DEFAULT_POLICY);
    expect(last.message).toMatchObject({ status: 'failed', sendAfter: null, attempts: DEFAULT_POLICY.maxAttempts });
    expect(last.events).toMatchObject([{ type: 'SmsDeliveryFailed', data: { status: 'failed', reason: 'retries_exhausted' } }]);
  });

  it('fails a refused message at once', () => {
    expect(sendFailed(queued(), { retryable: false }, at('2026-03-02T10:00:00'), DEFAULT_POLICY).events).toMatchObject([{ data: { reason: 'gateway_refused' } }]);
  });
});

describe('delivery reports', () => {
  const report = (status: DeliveryStatus, minute: number) => ({ status, rawStatus: status, at: at(`2026-03-02T10:${String(minute).padStart(2, '0')}:00`).toISOString() });

  it('moves forward only, and keeps every report', () => {
    let { message } = applyReport(sent(), report('delivered', 5));
    message = applyReport(message, report('sent', 3)).message;
    expect(message.status).toBe('delivered');
    expect(message.reports.map((r) => r.status)).toEqual(['queued', 'delivered', 'sent']);
  });

  it('announces a failed delivery once, however often it is reported', () => {
    const first = applyReport(sent(), report('undelivered', 5));
    expect(first.events).toMatchObject([{ type: 'SmsDeliveryFailed', data: { status: 'undelivered', reason: 'reported' } }]);
    expect(applyReport(first.message, report('undelivered', 5))).toEqual({ message: first.message, events: [] });
    expect(applyReport(first.message, report('failed', 6)).events).toEqual([]);
  });

  it('ends in the same status whatever order the reports arrive in', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...DELIVERY_STATUSES), { maxLength: 8 }), (statuses) => {
        const reports = statuses.map((status, i) => report(status, i));
        const forward = reports.reduce((m, r) => applyReport(m, r).message, sent());
        const backward = [...reports].reverse().reduce((m, r) => applyReport(m, r).message, sent());
        expect(backward.status).toBe(forward.status);
      }),
    );
  });

  it('times out a message with no final report after 72 hours, once', () => {
    const message = sent();
    expect(timeOut(message, at('2026-03-05T09:59:00'), DEFAULT_POLICY).events).toEqual([]);
    const timed = timeOut(message, at('2026-03-05T10:00:00'), DEFAULT_POLICY);
    expect(timed.events).toMatchObject([{ type: 'SmsDeliveryFailed', data: { reason: 'timed_out' } }]);
    expect(timeOut(timed.message, at('2026-03-06T10:00:00'), DEFAULT_POLICY).events).toEqual([]);
  });
});
