import { describe, expect, it } from 'vitest';
import { markSent, openSurvey, receiveReply, suppress, type Survey } from './survey.ts';
import { submitSurvey, surveyPage, type LinkedSurvey } from './web-survey.ts';

const TOKEN = 'AbCd-_0123456789';
const t0 = new Date('2026-03-02T03:00:00Z');
const later = (days: number) => new Date(t0.getTime() + days * 86_400_000);
const scheduled = openSurvey({ dossierCode: 'H38.22.1-260302-0001', agencyCode: 'H38.22.1', procedureCode: '1.001612', agencyName: 'Ủy ban nhân dân phường Hòa Bình', surveyId: TOKEN, phoneHash: 'hash' }, { now: t0, sendAfter: t0 });
const sent = markSent(scheduled, t0, { expiresAfterDays: 7 });
const linked = (survey: Survey): LinkedSurvey => ({ survey, agencyName: 'UBND phường Hòa Lâm' });

describe('GET /s/{token}', () => {
  it('shows the form while the survey is open', () => {
    const page = surveyPage(linked(sent), later(1));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post"');
  });

  it('thanks once answered, by web or by SMS', () => {
    const bySms = receiveReply(sent, { replyId: 'SM1', at: later(1), reading: { kind: 'answer', level: 'satisfied' } }).survey;
    const page = surveyPage(linked(bySms), later(2));
    expect(page).toMatchObject({ statusCode: 200 });
    expect(page.body).toContain('Cảm ơn ông/bà đã đánh giá');
    expect(page.body).not.toContain('<form');
  });

  it('is closed (410) after expiry, before it was sent, and when it will never be sent', () => {
    for (const [survey, at] of [[sent, later(7)], [scheduled, later(1)], [suppress(scheduled, 'opted_out'), later(1)]] as const) {
      const page = surveyPage(linked(survey), at);
      expect(page.statusCode).toBe(410);
      expect(page.body).toContain('Phiếu đã hết hạn');
    }
  });

  it('is not found (404) for a link that names nothing', () => {
    expect(surveyPage(null, t0).statusCode).toBe(404);
  });
});

describe('POST /s/{token}', () => {
  it('counts the answer with its criteria, announces it once, and sends the browser back to the survey (303)', () => {
    const { page, answered } = submitSurvey(linked(sent), 'level=very-satisfied&staffAttitude=courteous&visits=one', later(1), TOKEN);
    expect(page).toMatchObject({ statusCode: 303, location: TOKEN });
    expect(answered?.previous).toBe(sent);
    expect(answered?.next).toMatchObject({ state: 'answered', answer: { level: 'very-satisfied', channel: 'web', criteria: { staffAttitude: 'courteous', visits: 'one' } } });
    expect(answered?.events).toEqual([{ type: 'SurveyAnswered', occurredAt: later(1).toISOString(), data: { level: 'very-satisfied', channel: 'web', criteria: { staffAttitude: 'courteous', visits: 'one' } } }]);
  });

  it('gives the form back (400) when the level is missing, counting nothing', () => {
    const { page, answered } = submitSurvey(linked(sent), 'visits=two', later(1), TOKEN);
    expect(answered).toBeUndefined();
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('role="alert"');
    expect(page.body).toContain('name="visits" value="two" checked');
  });

  it('refuses a second submission (409) and keeps the first answer', () => {
    const first = submitSurvey(linked(sent), 'level=satisfied', later(1), TOKEN).answered!.next;
    const second = submitSurvey(linked(first), 'level=not-satisfied', later(1), TOKEN);
    expect(second.answered).toBeUndefined();
    expect(second.page.statusCode).toBe(409);
    expect(second.page.body).toContain('đã được trả lời trước đó');
  });

  it('says a late submission is closed (410), whatever it holds', () => {
    for (const body of ['level=satisfied', 'level=garbage', '']) {
      const { page, answered } = submitSurvey(linked(sent), body, later(8), TOKEN);
      expect(answered).toBeUndefined();
      expect(page.statusCode).toBe(410);
    }
  });

  it('is not found (404) for a link that names nothing', () => {
    expect(submitSurvey(null, 'level=satisfied', t0, TOKEN)).toEqual({ page: { statusCode: 404, body: expect.stringContaining('Không tìm thấy phiếu') } });
  });
});
