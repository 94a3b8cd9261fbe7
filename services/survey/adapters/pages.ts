import { html, type HttpResult } from '../../../libs/platform/http.ts';
import { SURVEY_PAGE_HEADERS } from '../domain/survey-page.ts';
import type { PageAnswer } from '../domain/web-survey.ts';

/** A web-survey page as API Gateway answers it: HTML, not cached, under the survey's page policy. */
export const pageResponse = (page: PageAnswer): HttpResult => html(page.statusCode, page.body, { ...SURVEY_PAGE_HEADERS, ...(page.location ? { location: page.location } : {}) });
