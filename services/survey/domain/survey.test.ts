import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../libs/platform/errors.ts';
import { answerOnWeb, markSent, openSurvey, receiveReply, suppress, type Reading, type Survey } from './survey.ts';

const t0 = new Date('2026-03-02T03:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
const fields = { dossierCode: 'H38.22.1-260302-0001', agencyCode: 'H38.22.1', procedureCode: '1.001612', agencyName: 'Ủy ban nhân dân phường Hòa Bình', surveyId: 'srv_abc', phoneHash: 'hash' };
const sent = (): Survey => markSent(openSurvey(fields, { now: t0, sendAfter: t0 }), t0, { expiresAfterDays: 7 });
const answer = (level: 'very-satisfied' | 'satisfied' | 'not-satisfied'): Reading => ({ kind: 'answer', level });
const unreadable: Reading = { kind: 'unparsed', reason: 'ambiguous' };

describe('a survey', () => {
  it('counts the first readable answer and announces it once', () => {
    const { survey, events, outcome } = receiveReply(sent(), { replyId: 'SM1', at: minutes(5), reading: answer('satisfied') });
    expect(outcome).toBe('counted');
    expect(survey).toMatchObject({ state: 'answered', answer: { level: 'satisfied', channel: 'sms' } });
    expect(events).toEqual([{ type: 'SurveyAnswered', occurredAt: minutes(5).toISOString(), data: { level: 'satisfied', channel: 'sms' } }]);
  });

  it('keeps a later answer in its history and changes nothing else', () => {
    const first = receiveReply(sent(), { replyId: 'SM1', at: minutes(5), reading: answer('satisfied') }).survey;
    const later = receiveReply(first, { replyId: 'SM2', at: minutes(6), reading: answer('not-satisfied') });
    expect(later.outcome).toBe('after-answer');
    expect(later.events).toEqual([]);
    expect(later.survey.answer).toEqual(first.answer);
    expect(later.survey.replies.map((reply) => reply.outcome)).toEqual(['counted', 'after-answer']);
  });

  it('changes nothing at all when the gateway delivers the same reply again', () => {
    const first = receiveReply(sent(), { replyId: 'SM1', at: minutes(5), reading: answer('satisfied') }).survey;
    expect(receiveReply(first, { replyId: 'SM1', at: minutes(9), reading: answer('satisfied') })).toEqual({ survey: first, events: [], clarify: false, outcome: 'duplicate' });
  });

  it('counts an unreadable reply as such, asks to clarify once, and still counts a readable answer after it', () => {
    const once = receiveReply(sent(), { replyId: 'SM1', at: minutes(5), reading: unreadable });
    expect(once).toMatchObject({ outcome: 'unparsed', clarify: true, events: [{ type: 'SurveyReplyUnparsed', data: { reason: 'ambiguous' } }] });
    const twice = receiveReply(once.survey, { replyId: 'SM2', at: minutes(6), reading: unreadable });
    expect(twice.clarify).toBe(false);
    const then = receiveReply(twice.survey, { replyId: 'SM3', at: minutes(7), reading: answer('very-satisfied') });
    expect(then.survey.answer?.level).toBe('very-satisfied');
  });

  it('keeps a reply after the survey expired and counts nothing', () => {
    const late = receiveReply(sent(), { replyId: 'SM1', at: minutes(7 * 24 * 60 + 1), reading: answer('satisfied') });
    expect(late).toMatchObject({ outcome: 'expired', events: [], survey: { state: 'expired', answer: null } });
  });

  it('announces an opt-out on the survey it answered, without counting it as an answer', () => {
    const { survey, events, outcome } = receiveReply(sent(), { replyId: 'SM1', at: minutes(5), reading: { kind: 'opt-out' } });
    expect(outcome).toBe('opt-out');
    expect(survey.answer).toBeNull();
    expect(events.map((event) => event.type)).toEqual(['SurveyOptedOut']);
  });

  it('counts nothing for a survey never sent (suppressed for an opted-out number)', () => {
    const suppressed = suppress(openSurvey(fields, { now: t0, sendAfter: t0 }), 'opted_out');
    expect(receiveReply(suppressed, { replyId: 'SM1', at: minutes(5), reading: answer('satisfied') })).toMatchObject({ outcome: 'not-sent', events: [] });
  });

  it('takes one web answer with the citizen-only criteria, and refuses a second or a late one', () => {
    const { survey, events } = answerOnWeb(sent(), { level: 'not-satisfied', criteria: { staffAttitude: 'acceptable', visits: 'two' } }, minutes(10));
    expect(events[0]).toMatchObject({ type: 'SurveyAnswered', data: { level: 'not-satisfied', channel: 'web', criteria: { staffAttitude: 'acceptable', visits: 'two' } } });
    expect(() => answerOnWeb(survey, { level: 'satisfied' }, minutes(11))).toThrow(DomainError);
    expect(() => answerOnWeb(sent(), { level: 'satisfied' }, minutes(7 * 24 * 60 + 1))).toThrow(/closed/);
    // An SMS answer after the web one is kept and not counted.
    expect(receiveReply(survey, { replyId: 'SM1', at: minutes(12), reading: answer('satisfied') }).outcome).toBe('after-answer');
  });

  it('counts exactly one answer whatever replies arrive, in any order, with any duplicates', () => {
    const readings = fc.constantFrom<Reading>(answer('very-satisfied'), answer('satisfied'), answer('not-satisfied'), unreadable, { kind: 'opt-in' });
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.integer({ min: 1, max: 8 }), at: fc.integer({ min: 1, max: 60 }), reading: readings }), { maxLength: 30 }), (replies) => {
        let survey = sent();
        let counted = 0;
        for (const reply of replies) {
          const result = receiveReply(survey, { replyId: `SM${reply.id}`, at: minutes(reply.at), reading: reply.reading });
          counted += result.events.filter((event) => event.type === 'SurveyAnswered').length;
          survey = result.survey;
        }
        const anyAnswer = replies.some((reply) => reply.reading.kind === 'answer');
        expect(counted).toBe(survey.answer ? 1 : 0);
        if (!anyAnswer) expect(survey.answer).toBeNull();
        expect(new Set(survey.replies.map((reply) => reply.replyId)).size).toBe(survey.replies.length);
      }),
    );
  });
});
