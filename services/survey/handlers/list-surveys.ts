import { officerOf } from '../../../libs/platform/auth.ts';
import { httpHandler, json } from '../../../libs/platform/http.ts';
import { parseOrThrow } from '../../../libs/platform/validation.ts';
import { surveys } from '../adapters/context.ts';
import { ListSurveysQuery, surveyView } from '../domain/views.ts';

const repository = surveys();

/**
 * GET /surveys?dossierCode=<code> — a dossier's survey (state, replies as read, the answer) and the
 * messages sent about it, for the officers of the agency that received it; another agency's
 * dossier is answered as one with nothing (as if unknown).
 */
export const handler = httpHandler(async (event) => {
  const officer = officerOf(event);
  const { dossierCode } = parseOrThrow(ListSurveysQuery, event.queryStringParameters ?? {}, 'query');
  const [survey, messages] = await Promise.all([repository.survey(dossierCode), repository.messagesOf(dossierCode)]);
  const own = messages.filter((message) => message.agencyCode === officer.agency);
  return json(200, surveyView(dossierCode, survey?.agencyCode === officer.agency ? survey : null, own));
});
