import { notFound } from '../../../libs/platform/errors.ts';
import { httpHandler, json } from '../../../libs/platform/http.ts';
import { catalog } from '../adapters/context.ts';

const procedures = catalog();

/** GET /procedures/{code} — one procedure with its checklist, limit and fees. */
export const handler = httpHandler(async (event) => {
  const code = event.pathParameters?.code ?? '';
  const procedure = await procedures.getProcedure(code);
  if (!procedure) throw notFound({ vi: 'thủ tục', en: 'Procedure' }, { procedureCode: code });
  return json(200, procedure, { 'cache-control': 'public, max-age=300' });
});
