import { writeFileSync } from 'node:fs';
import { shipmentUpdatedJsonSchema } from '../domain/webhook-payload.ts';

/**
 * Writes the published JSON Schema of the partners' `shipment.updated` payload from its zod
 * schema: `node services/postal/scripts/webhook-schema.ts`. The contract test fails until the
 * committed file is what this writes.
 */
export const SHIPMENT_UPDATED_SCHEMA_FILE = new URL('../../../tests/contracts/postal/shipment.updated.v1.schema.json', import.meta.url);

if (import.meta.main) {
  writeFileSync(SHIPMENT_UPDATED_SCHEMA_FILE, shipmentUpdatedJsonSchema());
  console.log(`wrote ${SHIPMENT_UPDATED_SCHEMA_FILE.pathname}`);
}
