import * as z from 'zod';
import { SatisfactionLevel, SurveyCriteria } from '../../../libs/events/survey.ts';

/**
 * The web survey's form as the browser posts it (`application/x-www-form-urlencoded`): the
 * overall level, required, and the two Circular 01/2018 criteria only the citizen can judge,
 * optional. Field values are the event's own words, so what is posted is what is counted.
 */

/**
 * A link's token: the survey's id, 12 random bytes in base64url (settings.ts SURVEY_TOKEN_LENGTH).
 * Checked before anything is read: anything else is "not found" at no cost.
 */
const TOKEN = /^[A-Za-z0-9_-]{16}$/;
export const isSurveyToken = (token: string | undefined): token is string => token !== undefined && TOKEN.test(token);

/** The form's fields, by name. */
export const SURVEY_FIELDS = ['level', 'staffAttitude', 'visits'] as const;
export type SurveyField = (typeof SURVEY_FIELDS)[number];

// An optional question left blank may come as an empty value; it is the same as not answering.
const blankIsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const SurveyForm = z.strictObject({
  level: SatisfactionLevel,
  staffAttitude: blankIsAbsent(SurveyCriteria.shape.staffAttitude.unwrap()),
  visits: blankIsAbsent(SurveyCriteria.shape.visits.unwrap()),
});

/** What `answerOnWeb` takes. */
export interface WebAnswer {
  readonly level: SatisfactionLevel;
  readonly criteria?: SurveyCriteria;
}

/** What the citizen chose, as posted (to tick the same boxes again when the form comes back). */
export type Chosen = Partial<Record<SurveyField, string>>;

export type FormReading = { readonly ok: true; readonly answer: WebAnswer } | { readonly ok: false; readonly problem: 'no-level' | 'invalid'; readonly chosen: Chosen };

/**
 * Reads a posted body. A field given twice, a field the form does not have, or a value none of
 * its boxes carries is not this form's doing: the whole submission is refused, nothing counted.
 */
export function readSurveyForm(body: string): FormReading {
  const params = new URLSearchParams(body);
  const chosen: Chosen = {};
  for (const name of SURVEY_FIELDS) {
    const value = params.get(name);
    if (value !== null) chosen[name] = value;
  }
  const repeated = [...new Set(params.keys())].some((name) => params.getAll(name).length > 1);
  const parsed = repeated ? null : SurveyForm.safeParse(Object.fromEntries(params));
  if (!parsed?.success) return { ok: false, problem: chosen.level ? 'invalid' : 'no-level', chosen };
  const { level, staffAttitude, visits } = parsed.data;
  const criteria = staffAttitude || visits ? { staffAttitude: staffAttitude ?? null, visits: visits ?? null } : undefined;
  return { ok: true, answer: criteria ? { level, criteria } : { level } };
}
