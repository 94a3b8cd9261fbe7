import { DeliveryFacts, DeliveryFactsRequest, type DeliveryFactsAnswer } from '../../../libs/contracts/intake-delivery.ts';
import { invokedHandler } from '../../../libs/platform/batch.ts';
import { logger } from '../../../libs/platform/powertools.ts';
import { catalog, dossiers } from '../adapters/context.ts';
import { deliveryFactsOf } from '../domain/delivery-facts.ts';

const procedures = catalog();
const repository = dossiers();

/**
 * ReadDeliveryFacts — invoked directly (IAM only, no route) by the services that must reach the
 * citizen: postal for a shipment or a pickup, the survey for its SMS. Intake's events carry no
 * personal data, so this is where a delivery's name, phone and addresses are read, each read
 * logged with its purpose and dossier code (never the facts). See libs/contracts/intake-delivery.ts.
 */
export const handler = invokedHandler(DeliveryFactsRequest, async ({ dossierCode, purpose }): Promise<DeliveryFactsAnswer> => {
  const dossier = await repository.get(dossierCode);
  logger.info('delivery facts read', { purpose, dossierCode, found: !!dossier });
  if (!dossier) return { found: false, dossierCode };
  const agency = await procedures.getAgency(dossier.agencyCode);
  // Our data disagreeing with itself: the caller's message is retried, then parked, until it is put right.
  if (!agency) throw new Error(`the receiving agency ${dossier.agencyCode} of ${dossierCode} is not in the catalog`);
  // Exactly the contract: what a stored dossier holds that the contract refuses fails here, not at the partner.
  return DeliveryFacts.parse(deliveryFactsOf(dossier, agency));
});
