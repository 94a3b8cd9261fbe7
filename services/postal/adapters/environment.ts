/**
 * The environment variables postal's handlers read, named once: the CDK construct binds
 * resources under these names (infra/services/postal.ts) and the adapters read them.
 */
export const POSTAL_ENV = {
  shipmentsTable: 'SHIPMENTS_TABLE',
  outboxTable: 'POSTAL_OUTBOX_TABLE',
  updatesQueue: 'PARTNER_UPDATES_QUEUE_URL',
  eventsQueue: 'POSTAL_EVENTS_QUEUE_URL',
  /** The Secrets Manager secret holding every partner's webhook secrets and API key (see PartnerSecrets). */
  partnerSecrets: 'PARTNER_SECRETS_ARN',
  /** JSON: the partners this deployment uses and where their APIs are (see PartnersConfig). */
  partners: 'POSTAL_PARTNERS',
  /** Hours without an update before a shipment is flagged stuck. */
  stuckAfterHours: 'STUCK_AFTER_HOURS',
} as const;
