import { officerOf } from '../../../libs/platform/auth.ts';
import { notFound } from '../../../libs/platform/errors.ts';
import { html, httpHandler, json } from '../../../libs/platform/http.ts';
import { parseOrThrow } from '../../../libs/platform/validation.ts';
import { shipments } from '../adapters/context.ts';
import { couldBeHandoverId, HandoverQuery } from '../domain/handover.ts';
import { handoverPage } from '../domain/handover-page.ts';
import { partnerNameOf } from '../domain/views.ts';

const repository = shipments();
const missing = (id: string) => notFound({ vi: 'biên bản bàn giao', en: 'Hand-over minutes' }, { id });

/**
 * GET /postal/handovers/{id}[?format=html] — the recorded minutes as JSON, or as the one-page
 * printable HTML both sides sign. Another agency's minutes are answered as missing.
 */
export const handler = httpHandler(async (event) => {
  const officer = officerOf(event);
  const id = event.pathParameters?.id ?? '';
  const { format } = parseOrThrow(HandoverQuery, event.queryStringParameters ?? {}, 'query');
  if (!couldBeHandoverId(id)) throw missing(id);
  const found = await repository.handover(id);
  if (!found || found.handover.agencyCode !== officer.agency) throw missing(id);
  if (format === 'json') return json(200, found.handover);
  return html(200, handoverPage(found.handover, { agencyName: found.centreName, partnerName: partnerNameOf(found.handover.partner) ?? found.handover.partner }));
});
