import { httpHandler } from '../../../libs/platform/http.ts';
import { surveys } from '../adapters/context.ts';
import { pageResponse } from '../adapters/pages.ts';
import { isSurveyToken } from '../domain/survey-form.ts';
import { notFound, surveyPage } from '../domain/web-survey.ts';

const repository = surveys();

/**
 * GET /s/{token} — the web survey the SMS links to (public: the token is the capability). The
 * form while the survey takes answers (200), thanks once it was answered (200), closed when it
 * expired or was never sent (410), "not found" for any other token (404), as HTML pages.
 */
export const handler = httpHandler(async (event) => {
  const token = event.pathParameters?.token;
  // Not a token's shape: nothing is read.
  if (!isSurveyToken(token)) return pageResponse(notFound());
  return pageResponse(surveyPage(await repository.surveyByToken(token), new Date()));
});
