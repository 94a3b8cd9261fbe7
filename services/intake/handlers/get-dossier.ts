import { assertActsFor, verifiedOfficer } from '../../../libs/platform/auth.ts';
import { DomainError, notFound } from '../../../libs/platform/errors.ts';
import { httpHandler, json } from '../../../libs/platform/http.ts';
import { parseOrThrow } from '../../../libs/platform/validation.ts';
import { dossiers } from '../adapters/context.ts';
import { couldBeIssued } from '../domain/dossier-code.ts';
import { LookupQuery } from '../domain/dossier.ts';
import { importedView } from '../domain/history-import.ts';
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
 * an officer of the agency with a bearer token sees everything (of an imported dossier: what
 * the export said, see docs/operations.md "Importing history").
 */
export const handler = httpHandler(async (event) => {
  const code = event.pathParameters?.code ?? '';
  const { phone4 } = parseOrThrow(LookupQuery, event.queryStringParameters ?? {}, 'query');
  if (phone4 !== undefined) {
    const now = new Date();
    if (!couldBeIssued(code)) throw notFoundError(code);
    // Four digits are only 10,000 guesses: after a few wrong ones the code is locked for the day.
    if (!(await repository.takeLookupAttempt(code, now, LOOKUP_ATTEMPTS_PER_DAY))) throw tooManyAttempts();
    const found = await repository.find(code);
    // The same answer for a wrong code and wrong digits, so neither can be probed. An imported
    // dossier has no phone to check the digits against: it is answered the same way.
    if (found?.kind !== 'live' || !found.dossier.applicant.phone.endsWith(phone4)) throw notFoundError(code);
    await repository.giveBackLookupAttempt(code, now);
    return json(200, citizenView(found.dossier, await repository.history(code), now));
  }
  const officer = await verifiedOfficer(event.headers.authorization);
  const found = await repository.find(code);
  if (!found) throw notFoundError(code);
  assertActsFor(officer, found.dossier);
  const history = await repository.history(code);
  if (found.kind === 'imported') return json(200, importedView(found.dossier, history));
  return json(200, officerView(found.dossier, history, new Date()));
});
