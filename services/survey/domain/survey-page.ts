/**
 * The web survey the SMS links to, and the pages around it: short, in Vietnamese, readable on a
 * phone and usable with a finger on the counter's tablet. A plain form (radio buttons, one
 * button), no script at all: it works on any browser the citizen has, and under a CSP that
 * allows inline style and posting to ourselves only. Pure: values in, an HTML string out; every
 * value from storage (the agency's name, the dossier code) is escaped.
 */
import type { SatisfactionLevel, SurveyCriteria } from '../../../libs/events/survey.ts';
import { escapeHtml, htmlPage } from '../../../libs/platform/html.ts';
import type { Chosen, SurveyField } from './survey-form.ts';

/**
 * The page policy of libs/platform/http.ts `html()` with one difference: the form may post, to
 * this origin only (and follow our 303 back to the survey).
 */
export const SURVEY_PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
} as const;

/** The three levels, as citizens say them (DOMAIN.md "Satisfaction"). */
export const LEVEL_LABELS: Readonly<Record<SatisfactionLevel, string>> = {
  'very-satisfied': 'Rất hài lòng',
  satisfied: 'Hài lòng',
  'not-satisfied': 'Không hài lòng',
};

type Attitude = NonNullable<SurveyCriteria['staffAttitude']>;
type Visits = NonNullable<SurveyCriteria['visits']>;

/**
 * The two indicators of Circular 01/2018/TT-VPCP's set (Bộ chỉ số đánh giá việc giải quyết thủ
 * tục hành chính) that only the citizen can judge, named in its words: indicator 7 (staff
 * attitude) and indicator 3 (how many times they had to contact the receiving desk). The answers
 * are the indicator's three marks (2, 1, 0 points), in plain words.
 */
export const CIRCULAR_01_QUESTIONS = {
  staffAttitude: 'Thái độ của cán bộ, công chức, viên chức khi hướng dẫn lập hồ sơ, tiếp nhận hồ sơ và giải quyết thủ tục hành chính',
  visits: 'Số lần phải liên hệ với nơi tiếp nhận hồ sơ để hoàn thiện hồ sơ thủ tục hành chính (kể cả liên hệ theo hình thức trực tuyến)',
} as const;

export const STAFF_ATTITUDE_LABELS: Readonly<Record<Attitude, string>> = {
  courteous: 'Lịch sự, tận tình, chu đáo',
  acceptable: 'Bình thường',
  discourteous: 'Thiếu lịch sự, gây phiền hà',
};

export const VISITS_LABELS: Readonly<Record<Visits, string>> = {
  one: 'Một lần, không phải đi lại bổ sung',
  two: 'Hai lần',
  'three-or-more': 'Từ ba lần trở lên',
};

/** What every page of a survey names: the agency (as the SMS named it) and the dossier. */
export interface SurveyHeading {
  readonly agencyName: string | null;
  readonly dossierCode: string;
}

const PROBLEMS = {
  'no-level': 'Xin ông/bà chọn mức độ hài lòng chung (câu 1) rồi bấm “Gửi đánh giá”.',
  invalid: 'Câu trả lời gửi lên không hợp lệ. Xin ông/bà chọn lại và bấm “Gửi đánh giá”.',
} as const;

const STYLE = `* { box-sizing: border-box; }
html { font-family: system-ui, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; font-size: 18px; line-height: 1.45; color: #1a1a1a; background: #eef1f5; -webkit-text-size-adjust: 100%; }
body { margin: 0; }
main { max-width: 40rem; min-height: 100vh; margin: 0 auto; padding: 1rem; background: #fff; }
@media (min-width: 700px) { html { font-size: 20px; } main { padding: 2rem 2.5rem; } }
h1 { font-size: 1.3rem; line-height: 1.3; margin: 0.25rem 0 0.75rem; }
.agency { font-weight: 600; margin: 0; overflow-wrap: anywhere; }
.dossier { margin: 0.25rem 0 1.25rem; overflow-wrap: anywhere; }
fieldset { border: 0; padding: 0; margin: 0 0 1.5rem; min-width: 0; }
legend { font-weight: 600; padding: 0; margin-bottom: 0.25rem; }
.optional { font-weight: 400; color: #4a4f57; }
.choice { display: flex; align-items: center; gap: 0.75rem; min-height: 3.25rem; padding: 0.5rem 0.9rem; margin: 0.5rem 0; border: 2px solid #8a94a6; border-radius: 0.6rem; cursor: pointer; }
.choice input { width: 1.6rem; height: 1.6rem; margin: 0; flex: none; accent-color: #0b5cad; }
.choice:has(input:checked) { border-color: #0b5cad; background: #e8f1fb; }
button { display: block; width: 100%; min-height: 3.5rem; font: inherit; font-weight: 600; color: #fff; background: #0b5cad; border: 0; border-radius: 0.6rem; cursor: pointer; }
.problem { border-left: 0.3rem solid #b00020; background: #fdecee; padding: 0.75rem 1rem; margin: 0 0 1.25rem; }
.note { font-size: 0.85rem; color: #4a4f57; }`;

const page = (title: string, main: string): string => htmlPage({ title, style: STYLE, main });

function heading({ agencyName, dossierCode }: SurveyHeading, title: string): string {
  return `<header>
${agencyName ? `<p class="agency">${escapeHtml(agencyName)}</p>\n` : ''}<h1>${escapeHtml(title)}</h1>
<p class="dossier">Mã hồ sơ: <strong>${escapeHtml(dossierCode)}</strong></p>
</header>`;
}

function question(name: SurveyField, legend: string, labels: Readonly<Record<string, string>>, { chosen, required }: { chosen: string | undefined; required: boolean }): string {
  const choices = Object.entries(labels).map(
    ([value, label]) =>
      `<label class="choice"><input type="radio" name="${name}" value="${escapeHtml(value)}"${value === chosen ? ' checked' : ''}${required ? ' required' : ''}><span>${escapeHtml(label)}</span></label>`,
  );
  const note = required ? '' : ' <span class="optional">(không bắt buộc)</span>';
  return `<fieldset id="${name}">
<legend>${legend}${note}</legend>
${choices.join('\n')}
</fieldset>`;
}

const FORM_TITLE = 'Phiếu đánh giá sự hài lòng';

/**
 * The survey: the overall level (required; the browser asks for it before posting, the server
 * checks again) and the two criteria (optional). Posts to its own address. With `problem`,
 * the form again after a submission that could not be counted, with what was chosen still ticked.
 */
export function surveyFormPage(survey: SurveyHeading, again: { chosen?: Chosen; problem?: keyof typeof PROBLEMS } = {}): string {
  const chosen = again.chosen ?? {};
  return page(
    `${FORM_TITLE} – ${survey.dossierCode}`,
    `${heading(survey, FORM_TITLE)}
${again.problem ? `<p class="problem" role="alert">${PROBLEMS[again.problem]}</p>\n` : ''}<p>Xin ông/bà cho biết ý kiến về việc giải quyết hồ sơ này. Chỉ mất chưa đến một phút.</p>
<form method="post" accept-charset="utf-8">
${question('level', '1. Mức độ hài lòng chung của ông/bà', LEVEL_LABELS, { chosen: chosen.level, required: true })}
${question('staffAttitude', `2. ${CIRCULAR_01_QUESTIONS.staffAttitude}`, STAFF_ATTITUDE_LABELS, { chosen: chosen.staffAttitude, required: false })}
${question('visits', `3. ${CIRCULAR_01_QUESTIONS.visits}`, VISITS_LABELS, { chosen: chosen.visits, required: false })}
<button type="submit">Gửi đánh giá</button>
</form>
<p class="note">Mỗi phiếu chỉ được gửi một lần. Câu 2 và câu 3 là hai chỉ số trong Bộ chỉ số đánh giá việc giải quyết thủ tục hành chính (Thông tư số 01/2018/TT-VPCP).</p>`,
  );
}

/** After the answer was counted (the survey's address, once answered). */
export function thankYouPage(survey: SurveyHeading): string {
  return page(
    'Cảm ơn ông/bà đã đánh giá',
    `${heading(survey, 'Cảm ơn ông/bà đã đánh giá')}
<p>Ý kiến của ông/bà về việc giải quyết hồ sơ này đã được ghi nhận.</p>`,
  );
}

/** A second submission: the first answer stands. */
export function alreadyAnsweredPage(survey: SurveyHeading): string {
  return page(
    'Phiếu đã được trả lời',
    `${heading(survey, 'Phiếu đã được trả lời')}
<p>Phiếu khảo sát này đã được trả lời trước đó. Mỗi phiếu chỉ được trả lời một lần; ý kiến đã gửi được giữ nguyên.</p>
<p>Cảm ơn ông/bà.</p>`,
  );
}

/** Expired, or not (or never to be) sent. */
export function closedPage(survey: SurveyHeading): string {
  return page(
    'Phiếu đã hết hạn',
    `${heading(survey, 'Phiếu đã hết hạn')}
<p>Phiếu khảo sát này đã hết thời hạn trả lời hoặc không còn nhận ý kiến.</p>
<p>Nếu cần góp ý, xin ông/bà liên hệ Bộ phận Một cửa nơi đã nộp hồ sơ.</p>`,
  );
}

/** An unknown or malformed token: says nothing else, whatever the reason. */
export function notFoundPage(): string {
  return page(
    'Không tìm thấy phiếu khảo sát',
    `<h1>Không tìm thấy phiếu khảo sát</h1>
<p>Xin ông/bà kiểm tra lại đường dẫn trong tin nhắn.</p>`,
  );
}
