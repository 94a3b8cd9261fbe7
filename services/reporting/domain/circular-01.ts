import type { Verdict } from '../../../libs/calendar/verdicts.ts';
import type { SurveyCriteria } from '../../../libs/events/survey.ts';

/**
 * The score of one handled dossier on the nine indicators of Circular 01/2018/TT-VPCP (guiding
 * Decree 61/2018/NĐ-CP, art. 33), 2, 1 or 0 points each. An indicator the data cannot decide has
 * no points and says what would decide it; the total and its maximum count decided ones only,
 * so a dossier is never marked down for what motcua does not know.
 *
 * Scoring tables. Confirmed: indicators 1–3, from the scoring form a province publishes with the
 * Circular's indicator names (dichvucong.tuyenquang.gov.vn, "Mẫu số 01 phiếu đánh giá"). The
 * other tables follow the indicator's wording and what provincial forms are reported to use;
 * what could not be confirmed is marked ASSUMED.
 *
 * 1. time — total time vs the statutory limit: shorter (early) 2, equal (on time) 1, longer
 *    (late) 0. Undecided until the dossier is resolved.
 * 2. legs — each agency's time vs its share of the limit (including co-operating agencies):
 *    shorter 2, equal 1, longer 0. One score per dossier: ASSUMED the worst agency decides it
 *    (the Circular scores "each agency" and a dossier has one line on the form). A dossier never
 *    transferred was handled by one agency whose share is the whole limit: scored as indicator 1
 *    (ASSUMED). A leg intake could not judge (no leg deadline) leaves the indicator undecided,
 *    unless another leg is already late.
 * 3. contacts — times the citizen had to contact the receiving unit to complete the dossier
 *    (online contacts included): none 2, once 1, more than once 0 "unless the applicant caused
 *    it". Each supplement request is one such contact. motcua cannot tell whose fault a second
 *    request was; a supplement must be requested once listing everything (DOMAIN.md), so a
 *    second one is ASSUMED the agency's doing (0 points). The web survey asks the citizen how
 *    many times they had to come (one, two, three or more: read as no, one, several returns);
 *    when they answered, the worse of their answer and the supplement count decides (ASSUMED:
 *    the log misses contacts it did not ask for, the citizen's answer is a floor on the burden).
 * 4. agencies — number of agencies the citizen had to contact to complete the dossier: the form's
 *    top line is "no agency other than the receiving one" (2 points, confirmed); ASSUMED one more
 *    agency 1, more 0. The input counts the receiving unit plus every distinct agency the dossier
 *    was transferred to; under inter-agency one-stop (liên thông) the citizen does not meet them
 *    in person, so this is the strict reading.
 * 5. one-stop — received, resolved and returned at the one-stop unit: ASSUMED end to end there 2,
 *    received and returned there but resolved elsewhere 1, not through the unit 0.
 * 6. published — procedure publicity: ASSUMED fully and correctly published 2, partly 1, not 0.
 *    motcua knows its own catalogue, not the national database: undecided when not given.
 * 7. attitude — staff attitude, only the citizen can judge it (web survey): courteous 2,
 *    acceptable 1, discourteous 0 (the survey's own scale, libs/events/survey.ts).
 * 8. complaints — feedback and complaints received and answered on time: motcua records no
 *    complaints (phản ánh, kiến nghị), so always undecided.
 * 9. online — progress and quality of the online service the competent agency provides: ASSUMED
 *    by the procedure's level (Decree 42/2022), fully online (toàn trình, the old level 4) 2,
 *    partly online (một phần, the old level 3) 1, not offered online 0. The channel this dossier
 *    came in by does not change it: the indicator judges what the agency provides.
 */

export const C01_INDICATOR_KEYS = ['time', 'legs', 'contacts', 'agencies', 'one-stop', 'published', 'attitude', 'complaints', 'online'] as const;
export type C01Indicator = (typeof C01_INDICATOR_KEYS)[number];

type Text = { vi: string; en: string };

/** The indicators' names as the dashboard shows them (Decree 61/2018 art. 33, Circular 01/2018). */
export const C01_INDICATOR_LABELS: Readonly<Record<C01Indicator, Text>> = {
  time: { vi: 'Tổng thời gian giải quyết thủ tục hành chính so với thời gian quy định', en: 'Total processing time vs the statutory limit' },
  legs: { vi: 'Thời gian thực hiện của từng cơ quan, đơn vị tham gia giải quyết', en: "Each agency's time vs its share of the limit" },
  contacts: { vi: 'Số lần phải liên hệ với nơi tiếp nhận hồ sơ để hoàn thiện hồ sơ', en: 'Times the citizen had to come back to complete the dossier' },
  agencies: { vi: 'Số lượng cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ', en: 'Agencies the citizen had to contact' },
  'one-stop': { vi: 'Thực hiện tiếp nhận hồ sơ, giải quyết, trả kết quả tại Bộ phận Một cửa', en: 'Received, resolved and returned at the one-stop unit' },
  published: { vi: 'Mức độ công khai thủ tục hành chính', en: 'Procedure published' },
  attitude: { vi: 'Thái độ của cán bộ, công chức, viên chức', en: 'Staff attitude' },
  complaints: { vi: 'Tiếp thu, giải trình đối với ý kiến phản ánh, kiến nghị', en: 'Feedback and complaints handled on time' },
  online: { vi: 'Tiến độ và chất lượng cung cấp dịch vụ công trực tuyến', en: 'Online public service provided' },
};

export type C01Points = 0 | 1 | 2;
export type IndicatorScore = { points: C01Points } | { points: null; missing: Text };

/** What the scores are computed from: facts reporting gathers from the events of one dossier. */
export type ScoringFacts = {
  /** Frozen at resolution; null while the dossier is not resolved. */
  verdict: Verdict | null;
  /** Each inter-agency transfer leg, judged on its own deadline (null: intake could not judge it). */
  legVerdicts: readonly (Verdict | null)[];
  supplementRequests: number;
  /** The receiving unit plus each distinct agency the dossier was transferred to. */
  agenciesContacted: number;
  oneStop: 'end-to-end' | 'received-and-returned' | 'elsewhere';
  /** The procedure's online level; null: not offered online. */
  onlineLevel: 'toan-trinh' | 'mot-phan' | null;
  /** Null: not known to motcua. */
  procedurePublished: 'full' | 'partial' | 'none' | null;
  /** The citizen's answers on the web survey; null: no web survey answered. */
  survey: SurveyCriteria | null;
};

export type Circular01Score = {
  indicators: Record<C01Indicator, IndicatorScore>;
  /** Sum of the decided indicators' points. */
  total: number;
  /** 2 × the number of decided indicators. */
  maxDecided: number;
};

const VERDICT_POINTS: Record<Verdict, C01Points> = { early: 2, 'on-time': 1, late: 0 };
const VISITS_POINTS: Record<NonNullable<SurveyCriteria['visits']>, C01Points> = { one: 2, two: 1, 'three-or-more': 0 };
const ATTITUDE_POINTS: Record<NonNullable<SurveyCriteria['staffAttitude']>, C01Points> = { courteous: 2, acceptable: 1, discourteous: 0 };
const ONE_STOP_POINTS: Record<ScoringFacts['oneStop'], C01Points> = { 'end-to-end': 2, 'received-and-returned': 1, elsewhere: 0 };
const PUBLISHED_POINTS: Record<NonNullable<ScoringFacts['procedurePublished']>, C01Points> = { full: 2, partial: 1, none: 0 };

const decided = (points: C01Points): IndicatorScore => ({ points });
const undecided = (vi: string, en: string): IndicatorScore => ({ points: null, missing: { vi, en } });
/** 0 or more occurrences as 2 / 1 / 0 points: none, one, more than one. */
const byOccurrences = (n: number): C01Points => (n <= 0 ? 2 : n === 1 ? 1 : 0);
const worst = (...points: C01Points[]): C01Points => Math.min(...points) as C01Points;

const NOT_RESOLVED = undecided('Hồ sơ chưa được giải quyết', 'the dossier is not resolved yet');

function legsScore(facts: ScoringFacts): IndicatorScore {
  if (facts.legVerdicts.length === 0) return facts.verdict === null ? NOT_RESOLVED : decided(VERDICT_POINTS[facts.verdict]);
  const judged = facts.legVerdicts.filter((v): v is Verdict => v !== null).map((v) => VERDICT_POINTS[v]);
  if (judged.includes(0)) return decided(0);
  if (judged.length < facts.legVerdicts.length) {
    return undecided('Hạn xử lý của từng bước liên thông (có bước chưa có hạn để đánh giá)', "each transfer leg's own deadline (a leg could not be judged)");
  }
  return decided(worst(...judged));
}

function contactsScore(facts: ScoringFacts): C01Points {
  const fromLog = byOccurrences(facts.supplementRequests);
  const visits = facts.survey?.visits ?? null;
  return visits === null ? fromLog : worst(fromLog, VISITS_POINTS[visits]);
}

/** The Circular 01/2018 score of one dossier. */
export function scoreDossier(facts: ScoringFacts): Circular01Score {
  const attitude = facts.survey?.staffAttitude ?? null;
  const indicators: Record<C01Indicator, IndicatorScore> = {
    time: facts.verdict === null ? NOT_RESOLVED : decided(VERDICT_POINTS[facts.verdict]),
    legs: legsScore(facts),
    contacts: decided(contactsScore(facts)),
    agencies: decided(byOccurrences(facts.agenciesContacted - 1)),
    'one-stop': decided(ONE_STOP_POINTS[facts.oneStop]),
    published:
      facts.procedurePublished === null
        ? undecided('Thủ tục được công khai đầy đủ, đúng quy định hay không', 'whether the procedure is published fully and correctly')
        : decided(PUBLISHED_POINTS[facts.procedurePublished]),
    attitude:
      attitude === null
        ? undecided('Đánh giá của người dân về thái độ cán bộ (khảo sát trên web)', "the citizen's rating of staff attitude (web survey)")
        : decided(ATTITUDE_POINTS[attitude]),
    complaints: undecided(
      'Phản ánh, kiến nghị về hồ sơ và thời hạn trả lời: motcua chưa ghi nhận phản ánh, kiến nghị',
      'complaints about the dossier and when they were answered: motcua records no complaints',
    ),
    online: decided(facts.onlineLevel === 'toan-trinh' ? 2 : facts.onlineLevel === 'mot-phan' ? 1 : 0),
  };
  return { indicators, ...totalsOf(indicators) };
}

function totalsOf(indicators: Record<C01Indicator, IndicatorScore>): { total: number; maxDecided: number } {
  let total = 0;
  let maxDecided = 0;
  for (const key of C01_INDICATOR_KEYS) {
    const { points } = indicators[key];
    if (points === null) continue;
    total += points;
    maxDecided += 2;
  }
  return { total, maxDecided };
}
