import { officerOf } from '../../../libs/platform/auth.ts';
import { httpHandler, json } from '../../../libs/platform/http.ts';
import { parseOrThrow } from '../../../libs/platform/validation.ts';
import { shipments } from '../adapters/context.ts';
import { ListShipmentsQuery, shipmentList } from '../domain/views.ts';

const repository = shipments();

/** GET /postal/shipments?dossierCode=<code> — a dossier's shipments (result out, dossier in), the officer's agency only. */
export const handler = httpHandler(async (event) => {
  const officer = officerOf(event);
  const { dossierCode } = parseOrThrow(ListShipmentsQuery, event.queryStringParameters ?? {}, 'query');
  return json(200, shipmentList(dossierCode, await repository.byDossier(dossierCode), officer.agency));
});
