import { httpHandler, json } from '../../../libs/platform/http.ts';
import { catalog } from '../adapters/context.ts';

const agencies = catalog();

/** GET /agencies — the province, its centre, districts and communes, with their codes. */
export const handler = httpHandler(async () => {
  const items = await agencies.listAgencies();
  return json(200, { items, count: items.length }, { 'cache-control': 'public, max-age=300' });
});
