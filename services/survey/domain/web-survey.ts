/**
 * What the web survey answers, case by case, as pages (never JSON: a citizen's browser shows it).
 * Pure: the survey the link found (or none), the posted body and the clock come in; the page, its
 * status, and the change to save when an answer counts go out. The handlers read and save;
 * the browser test serves these same answers from a small local server.
 */
import { readSurveyForm } from './survey-form.ts';
import { alreadyAnsweredPage, closedPage, notFoundPage, surveyFormPage, thankYouPage, type SurveyHeading } from './survey-page.ts';
import { answerOnWeb, isOpen, type Survey } from './survey.ts';

/** The survey a link names, with the agency name the SMS gave (null for a link made without it). */
export interface LinkedSurvey {
  readonly survey: Survey;
  readonly agencyName: string | null;
}

export interface PageAnswer {
  readonly statusCode: number;
  readonly body: string;
  /** Where a browser goes next (303): relative to the survey's own address. */
  readonly location?: string;
}

const headingOf = ({ survey, agencyName }: LinkedSurvey): SurveyHeading => ({ agencyName, dossierCode: survey.dossierCode });

/** Whether the survey takes an answer now, in answerOnWeb's order: answered first, then open. */
const standing = (survey: Survey, now: Date): 'answered' | 'open' | 'closed' => (survey.state === 'answered' ? 'answered' : isOpen(survey, now) ? 'open' : 'closed');

export const notFound = (): PageAnswer => ({ statusCode: 404, body: notFoundPage() });

/** GET: the form while it takes answers; thanks once answered (by web or SMS); closed otherwise. */
export function surveyPage(found: LinkedSurvey | null, now: Date): PageAnswer {
  if (!found) return notFound();
  const heading = headingOf(found);
  const answers = {
    answered: () => ({ statusCode: 200, body: thankYouPage(heading) }),
    closed: () => ({ statusCode: 410, body: closedPage(heading) }),
    open: () => ({ statusCode: 200, body: surveyFormPage(heading) }),
  };
  return answers[standing(found.survey, now)]();
}

export interface Submission {
  readonly page: PageAnswer;
  /** The counted answer, to save with its events (repository.save). */
  readonly answered?: { readonly previous: Survey; readonly next: Survey; readonly events: ReturnType<typeof answerOnWeb>['events'] };
}

/**
 * POST: the answer counts once. Counted → 303 back to the survey's address, which now thanks
 * (a refresh does not post again). Already answered → 409; expired or not sent → 410, whatever
 * was posted; a form that cannot be read → the form again, 400, nothing counted; unknown → 404.
 */
export function submitSurvey(found: LinkedSurvey | null, body: string, now: Date, token: string): Submission {
  if (!found) return { page: notFound() };
  const heading = headingOf(found);
  const state = standing(found.survey, now);
  if (state === 'answered') return { page: { statusCode: 409, body: alreadyAnsweredPage(heading) } };
  if (state === 'closed') return { page: { statusCode: 410, body: closedPage(heading) } };
  const reading = readSurveyForm(body);
  if (!reading.ok) return { page: { statusCode: 400, body: surveyFormPage(heading, { chosen: reading.chosen, problem: reading.problem }) } };
  const { survey: next, events } = answerOnWeb(found.survey, reading.answer, now);
  return { page: { statusCode: 303, body: thankYouPage(heading), location: encodeURIComponent(token) }, answered: { previous: found.survey, next, events } };
}
