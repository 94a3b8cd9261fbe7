import type { PartnerSecrets } from '../adapters/config.ts';

/**
 * The development credentials of the local partner simulator: public on purpose (printed by
 * `npm start`, written in docs/postal-partners.md), so that an outside tool can sign updates
 * for the local system. Never valid in test or production: a deployment reads its own from
 * Secrets Manager, and the local runtime serves exactly these as that secret's value
 * (infra/local/dev-secrets.ts).
 */

/** The key is the ASCII text `motcua-postal-partner-development-key` (the guide's worked example). */
export const DEV_WEBHOOK_SECRET = 'whsec_bW90Y3VhLXBvc3RhbC1wYXJ0bmVyLWRldmVsb3BtZW50LWtleQ==';

/** The API keys our adapters call the simulator with (`Authorization: Bearer …`). */
export const DEV_API_KEYS: Readonly<Record<'demo-webhook' | 'vnpost', string>> = {
  'demo-webhook': 'motcua-dev-demo-webhook-api-key',
  vnpost: 'motcua-dev-vnpost-api-key',
};

/** The value of the partner secret locally, in the shape the handlers read (PartnerSecrets). */
export function devPartnerSecrets(): PartnerSecrets {
  return {
    'demo-webhook': { apiKey: DEV_API_KEYS['demo-webhook'], webhookSecrets: [DEV_WEBHOOK_SECRET] },
    vnpost: { apiKey: DEV_API_KEYS.vnpost, webhookSecrets: [] },
  };
}
