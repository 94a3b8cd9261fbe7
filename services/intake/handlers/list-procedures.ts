import { httpHandler, json } from '../../../libs/platform/http.ts';
import { catalog } from '../adapters/context.ts';

const procedures = catalog();

/** GET /procedures — the public catalog, optionally filtered by field or level. */
export const handler = httpHandler(async (event) => {
  const { field, level } = event.queryStringParameters ?? {};
  const all = await procedures.listProcedures();
  const items = all.filter((procedure) => (!field || procedure.field === field) && (!level || procedure.level === level));
  return json(200, { items, count: items.length }, { 'cache-control': 'public, max-age=300' });
});
