import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DomainError } from '../../../libs/platform/errors.ts';
import { httpHandler, logger, metrics, rawBodyOf, type HttpEvent } from '../../../libs/platform/http.ts';
import { surveys } from '../adapters/context.ts';
import { pageResponse } from '../adapters/pages.ts';
import { ConcurrentChange } from '../adapters/survey-repository.ts';
import { isSurveyToken } from '../domain/survey-form.ts';
import { notFound, submitSurvey } from '../domain/web-survey.ts';

const repository = surveys();
/** Another answer saved between our read and our write (an SMS reply, the form posted twice): read again. */
const ATTEMPTS = 3;
const FORM_MEDIA_TYPE = /^application\/x-www-form-urlencoded\s*(;.*)?$/i;

/**
 * POST /s/{token} — the web survey's form. The first answer counts (SurveyAnswered, channel web)
 * and the browser is sent back to the survey's address (303), which thanks; the form again with
 * what is missing (400); already answered (409), expired or not sent (410), unknown (404) — each
 * an HTML page, never JSON: it is the citizen's browser that shows it.
 */
export const handler = httpHandler(async (event) => {
  const token = event.pathParameters?.token;
  if (!isSurveyToken(token)) return pageResponse(notFound());
  const body = formBodyOf(event);
  for (let attempt = 1; ; attempt++) {
    const { page, answered } = submitSurvey(await repository.surveyByToken(token), body, new Date(), token);
    if (!answered) {
      logger.info('web survey not counted', { status: page.statusCode });
      return pageResponse(page);
    }
    try {
      await repository.save({ survey: { previous: answered.previous, next: answered.next }, events: answered.events });
      metrics.addMetric('WebSurveyAnswered', MetricUnit.Count, 1);
      return pageResponse(page);
    } catch (error) {
      if (!(error instanceof ConcurrentChange) || attempt >= ATTEMPTS) throw error;
    }
  }
});

/** The posted form, or nothing (the form comes back asking for an answer) when it is not a form or is far too large to be ours. */
function formBodyOf(event: HttpEvent): string {
  if (!FORM_MEDIA_TYPE.test(event.headers?.['content-type']?.trim() ?? '')) return '';
  try {
    return rawBodyOf(event).toString('utf8');
  } catch (error) {
    if (error instanceof DomainError) return '';
    throw error;
  }
}
