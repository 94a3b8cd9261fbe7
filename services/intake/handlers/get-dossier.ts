import { z } from 'zod';
import { assertActsFor, verifiedOfficer } from '../../../libs/platform/auth.ts';
import { notFound } from '../../../libs/platform/errors.ts';
import { httpHandler, json } from '../../../libs/platform/http.ts';
import { parseOrThrow } from '../../../libs/platform/validation.ts';
import { dossiers } from '../adapters/context.ts';
import { citizenView, officerView } from '../domain/views.ts';

const repository = dossiers();
const Query = z.object({ phone4: z.string().regex(/^\d{4}$/, 'the last 4 digits of the phone number').optional() });
const notFoundError = (code: string) => notFound({ vi: 'hồ sơ', en: 'Dossier' }, { code });

/**
 * GET /dossiers/{code} — a citizen with ?phone4= sees progress without personal data;
 * an officer of the agency with a bearer token sees everything.
 */
export const handler = httpHandler(async (event) => {
  const code = event.pathParameters?.code ?? '';
  const { phone4 } = parseOrThrow(Query, event.queryStringParameters ?? {}, 'query');
  if (phone4 !== undefined) {
    const dossier = await repository.get(code);
    // The same answer for a wrong code and wrong digits, so neither can be probed.
    if (!dossier || !dossier.applicant.phone.endsWith(phone4)) throw notFoundError(code);
    return json(200, citizenView(dossier, await repository.history(code), new Date()), { 'cache-control': 'no-store' });
  }
  const officer = await verifiedOfficer(event.headers.authorization);
  const dossier = await repository.get(code);
  if (!dossier) throw notFoundError(code);
  assertActsFor(officer, dossier);
  return json(200, officerView(dossier, await repository.history(code), new Date()), { 'cache-control': 'no-store' });
});
