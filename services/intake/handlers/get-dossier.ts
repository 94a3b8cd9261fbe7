import { assertActsFor, verifiedOfficer } from '../../../libs/platform/auth.ts';
import { DomainError, notFound } from '../../../libs/platform/errors.ts';
import { httpHandler, json } from '../../../libs/platform/http.ts';
import { parseOrThrow } from '../../../libs/platform/validation.ts';
import { dossiers } from '../adapters/context.ts';
import { couldBeIssued } from '../domain/dossier-code.ts';
import { LookupQuery } from '../domain/dossier.ts';
import { citizenView, officerView } from '../domain/views.ts';

const repository = dossiers();
const notFoundError = (code: string) => notFound({ vi: 'hồ sơ', en: 'Dossier' }, { code });
const LOOKUP_ATTEMPTS_PER_DAY = 10;
const tooManyAttempts = () =>
  new DomainError(
    'TOO_MANY_ATTEMPTS',
    'Tra cứu sai quá nhiều lần trong ngày; vui lòng thử lại vào ngày mai hoặc hỏi tại bộ phận một cửa',
    'Too many failed lookups of this code today; try again tomorrow or ask at the counter',
    { attemptsPerDay: LOOKUP_ATTEMPTS_PER_DAY },
  );

/**
 * GET /dossiers/{code} — a citizen with ?phone4= sees progress without personal data;
 * an officer of the agency with a bearer token sees everything.
 */
export const handler = httpHandler(async (event) => {
  const code = event.pathParameters?.code ?? '';
  const { phone4 } = parseOrThrow(LookupQuery, event.queryStringParameters ?? {}, 'query');
  if (phone4 !== undefined) {
    const now = new Date();
    if (!couldBeIssued(code)) throw notFoundError(code);
    // Four digits are only 10,000 guesses: after a few wrong ones the code is locked for the day.
    if (!(await repository.takeLookupAttempt(code, now, LOOKUP_ATTEMPTS_PER_DAY))) throw tooManyAttempts();
    const dossier = await repository.get(code);
    // The same answer for a wrong code and wrong digits, so neither can be probed.
    if (!dossier || !dossier.applicant.phone.endsWith(phone4)) throw notFoundError(code);
    await repository.giveBackLookupAttempt(code, now);
    return json(200, citizenView(dossier, await repository.history(code), now));
  }
  const officer = await verifiedOfficer(event.headers.authorization);
  const dossier = await repository.get(code);
  if (!dossier) throw notFoundError(code);
  assertActsFor(officer, dossier);
  return json(200, officerView(dossier, await repository.history(code), new Date()));
});
