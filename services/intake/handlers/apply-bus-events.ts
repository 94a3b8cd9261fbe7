import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { eventsOf } from '../../../libs/events/catalog.ts';
import type { PostalEvent } from '../../../libs/events/postal.ts';
import { queueHandler } from '../../../libs/platform/batch.ts';
import { documentClient, requiredEnv } from '../../../libs/platform/dynamodb.ts';
import { applyOnce } from '../../../libs/platform/exactly-once.ts';
import { logger, metrics } from '../../../libs/platform/powertools.ts';
import { dossiers } from '../adapters/context.ts';
import { INTAKE_ENV } from '../adapters/environment.ts';
import { INTAKE_CONSUMES } from '../consumes.ts';
import { ACTIONS, decide, type ActionInput } from '../domain/actions/index.ts';
import type { Dossier } from '../domain/dossier.ts';

const repository = dossiers();
/** Markers of applied events live beside the dossiers, in intake's own table. */
const markers = { table: requiredEnv(INTAKE_ENV.dossiersTable), consumer: 'intake' };

/**
 * The bus events intake acts on (services/intake/consumes.ts), each applied once: a result
 * the postal service delivered returns the dossier, as of the delivery; one it could not
 * deliver is redirected to the counter. A redelivery or a replay finds the event's marker,
 * saved with the change, and changes nothing.
 */
export const handler = queueHandler(eventsOf(INTAKE_CONSUMES), async (event) => {
  switch (event.type) {
    case 'ShipmentDelivered':
      return applyDelivery(event);
    case 'ShipmentDeliveryFailed':
      return applyFailure(event);
  }
});

async function applyDelivery(event: Extract<PostalEvent, { type: 'ShipmentDelivered' }>): Promise<void> {
  const dossier = await postalDossier(event);
  // Already returned (this event redelivered or replayed after it was applied): nothing to do.
  // Two deliveries of it at once both get past here; the marker lets only one apply.
  if (dossier.status === 'returned') return;
  const input = ACTIONS.deliverByPost.input.parse({ type: 'deliverByPost', occurredAt: event.occurredAt, recipientName: event.data.recipientName });
  const outcome = await applyPostal(event, dossier, input);
  logger.info('postal delivery applied', { outcome });
  if (outcome === 'applied') metrics.addMetric('ResultsDeliveredByPost', MetricUnit.Count, 1);
}

async function applyFailure(event: Extract<PostalEvent, { type: 'ShipmentDeliveryFailed' }>): Promise<void> {
  const dossier = await postalDossier(event);
  // Returned (delivered after all, or handed over at the counter), or already redirected (this
  // event redelivered or replayed after it was applied): nothing to do. As for deliveries, the
  // marker lets only one of two simultaneous deliveries of the event apply.
  if (dossier.status === 'returned' || dossier.resultDelivery.redirection) return;
  const { reason, failedAttempts } = event.data;
  const input = ACTIONS.redirectToCounter.input.parse({ type: 'redirectToCounter', reason, failedAttempts, occurredAt: event.occurredAt });
  const outcome = await applyPostal(event, dossier, input);
  logger.info('postal delivery failure applied', { outcome, reason });
  if (outcome === 'applied') metrics.addMetric('ResultsRedirectedToCounter', MetricUnit.Count, 1);
}

/** The dossier a postal event is about. */
async function postalDossier(event: PostalEvent): Promise<Dossier> {
  const dossier = await repository.get(event.dossierCode);
  // Postal ships results of our own dossiers only: an unknown code is a bug to look at, so the
  // message goes back to the queue and, after its retries, parks in the DLQ (alarmed).
  if (!dossier) throw new Error(`a ${event.type} for a dossier intake does not hold`);
  return dossier;
}

/** Decides the postal service's action and saves it with the event's marker, in one transaction. */
async function applyPostal(event: PostalEvent, dossier: Dossier, input: Extract<ActionInput, { type: 'deliverByPost' | 'redirectToCounter' }>) {
  const now = new Date();
  const decision = decide(dossier, input, { now });
  const change = repository.change(dossier, decision.dossier, decision.event, ACTIONS[input.type].performedBy, now);
  return applyOnce(documentClient, markers, event, change.writes, now);
}
