import { describe, expect, it } from 'vitest';
import { alreadyAnsweredPage, CIRCULAR_01_QUESTIONS, closedPage, notFoundPage, SURVEY_PAGE_HEADERS, surveyFormPage, thankYouPage } from './survey-page.ts';

const heading = { agencyName: 'Bộ phận Một cửa UBND phường Hòa Lâm', dossierCode: 'H38.22.1-260302-0001' };
const HOSTILE = `UBND "xã" <b>A</b> & B's <script>alert(1)</script><img src=x onerror=alert(1)>`;
const ESCAPED = 'UBND &quot;xã&quot; &lt;b&gt;A&lt;/b&gt; &amp; B&#39;s &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;';

const radios = (html: string, name: string) => [...html.matchAll(new RegExp(`<input type="radio" name="${name}" value="([^"]+)"([^>]*)>`, 'g'))].map(([, value, rest]) => ({ value, checked: rest!.includes(' checked'), required: rest!.includes(' required') }));

describe('the web survey form', () => {
  const html = surveyFormPage(heading);

  it('names the agency and the dossier, in Vietnamese', () => {
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="vi">/);
    expect(html).toContain('<p class="agency">Bộ phận Một cửa UBND phường Hòa Lâm</p>');
    expect(html).toContain('Mã hồ sơ: <strong>H38.22.1-260302-0001</strong>');
  });

  it('asks the overall level (required) and the two Circular 01/2018 criteria in its words (optional)', () => {
    expect(html).toContain('<form method="post" accept-charset="utf-8">');
    for (const label of ['Rất hài lòng', 'Hài lòng', 'Không hài lòng']) expect(html).toContain(`<span>${label}</span>`);
    expect(html).toContain('Thái độ của cán bộ, công chức, viên chức khi hướng dẫn lập hồ sơ, tiếp nhận hồ sơ và giải quyết thủ tục hành chính');
    expect(html).toContain('Số lần phải liên hệ với nơi tiếp nhận hồ sơ để hoàn thiện hồ sơ thủ tục hành chính');
    expect(html).toContain(CIRCULAR_01_QUESTIONS.staffAttitude);
    expect(html).toContain('Thông tư số 01/2018/TT-VPCP');
    expect(radios(html, 'level')).toEqual(['very-satisfied', 'satisfied', 'not-satisfied'].map((value) => ({ value, checked: false, required: true })));
    expect(radios(html, 'staffAttitude')).toEqual(['courteous', 'acceptable', 'discourteous'].map((value) => ({ value, checked: false, required: false })));
    expect(radios(html, 'visits')).toEqual(['one', 'two', 'three-or-more'].map((value) => ({ value, checked: false, required: false })));
  });

  it('comes back with the problem said and what was chosen still ticked, unknown values ticking nothing', () => {
    const again = surveyFormPage(heading, { chosen: { level: '', staffAttitude: 'courteous', visits: '"><script>' }, problem: 'no-level' });
    expect(again).toContain('<p class="problem" role="alert">Xin ông/bà chọn mức độ hài lòng chung');
    expect(radios(again, 'staffAttitude').filter((radio) => radio.checked).map((radio) => radio.value)).toEqual(['courteous']);
    expect(radios(again, 'visits').some((radio) => radio.checked)).toBe(false);
    expect(again).not.toContain('<script');
  });
});

describe('every survey page', () => {
  const pages = {
    form: surveyFormPage({ ...heading, agencyName: HOSTILE, dossierCode: `${HOSTILE}-code` }),
    thanks: thankYouPage({ ...heading, agencyName: HOSTILE, dossierCode: `${HOSTILE}-code` }),
    answered: alreadyAnsweredPage({ ...heading, agencyName: HOSTILE, dossierCode: `${HOSTILE}-code` }),
    closed: closedPage({ ...heading, agencyName: HOSTILE, dossierCode: `${HOSTILE}-code` }),
  };

  it('shows a hostile agency name and code as text, and holds no script, no handler, nothing loaded', () => {
    for (const [name, html] of Object.entries(pages)) {
      expect(html, name).toContain(`<p class="agency">${ESCAPED}</p>`);
      expect(html, name).toContain(`<strong>${ESCAPED}-code</strong>`);
      // Tags only: the escaped text may say anything.
      expect(html, name).not.toMatch(/<(script|img|link|iframe|object)\b/i);
      expect(html, name).not.toMatch(/<[^>]*\s(on\w+|src|href)=/i);
    }
  });

  it('says in Vietnamese what happened', () => {
    expect(pages.thanks).toContain('Cảm ơn ông/bà đã đánh giá');
    expect(pages.answered).toContain('đã được trả lời trước đó');
    expect(pages.closed).toContain('đã hết thời hạn trả lời');
    expect(notFoundPage()).toContain('Không tìm thấy phiếu khảo sát');
  });

  it('leaves out the agency line when the link does not name one', () => {
    expect(thankYouPage({ agencyName: null, dossierCode: 'H38.22.1-260302-0001' })).not.toContain('class="agency"');
  });

  it('says nothing about a survey on the not-found page', () => {
    expect(notFoundPage()).not.toMatch(/Mã hồ sơ|hết hạn|đã được trả lời/);
  });

  it('is served under a policy that runs nothing and posts only to us', () => {
    expect(SURVEY_PAGE_HEADERS['content-security-policy']).toMatch(/^default-src 'none';/);
    expect(SURVEY_PAGE_HEADERS['content-security-policy']).toContain("form-action 'self'");
    expect(SURVEY_PAGE_HEADERS['content-security-policy']).not.toMatch(/script-src|unsafe-eval/);
  });
});
