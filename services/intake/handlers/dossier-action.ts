import { assertActsFor, officerOf } from '../../../libs/platform/auth.ts';
import { catalogInconsistent, notFound } from '../../../libs/platform/errors.ts';
import { httpHandler, json, jsonBody, logger } from '../../../libs/platform/http.ts';
import { catalog, clockOf, dossiers } from '../adapters/context.ts';
import { decide, OfficerAction } from '../domain/actions/index.ts';
import { officerView } from '../domain/views.ts';

const procedures = catalog();
const repository = dossiers();

/** POST /dossiers/{code}/actions — move a dossier along the status vocabulary. */
export const handler = httpHandler(async (event) => {
  const officer = officerOf(event);
  const code = event.pathParameters?.code ?? '';
  const action = jsonBody(event, OfficerAction);
  const dossier = await repository.get(code);
  if (!dossier) throw notFound({ vi: 'hồ sơ', en: 'Dossier' }, { code });
  assertActsFor(officer, dossier);
  const procedure = await procedures.getProcedure(dossier.procedureCode);
  if (!procedure) throw catalogInconsistent({ vi: 'thủ tục', en: 'procedure' });
  const [toAgency, handlingAgency] = await Promise.all([
    action.type === 'transfer' ? procedures.getAgency(action.toAgency) : null,
    procedures.getAgency(dossier.handlingAgency),
  ]);
  if (!handlingAgency) throw catalogInconsistent({ vi: 'cơ quan', en: 'agency' });

  const now = new Date();
  const decision = decide(dossier, action, {
    now,
    clock: clockOf(handlingAgency),
    receivingClock: toAgency ? clockOf(toAgency) : undefined,
    procedure,
    agencyExists: (agencyCode) => toAgency?.code === agencyCode,
  });
  const saved = await repository.update(dossier, decision.dossier, decision.event, { kind: 'officer', id: officer.id, agency: officer.agency }, now);
  logger.info('dossier action', { code, action: action.type, status: saved.dossier.status });
  return json(200, officerView(saved.dossier, await repository.history(code), now));
});
