import * as z from 'zod';

/**
 * Which postal partners a deployment uses and where their APIs are (not secret: set at synth from
 * MOTCUA_POSTAL_PARTNERS, see docs/operations.md), and the secrets that go with them (kept in
 * Secrets Manager, never in the template or the repo). One province may use two carriers: new
 * shipments go to the agency's partner, else to the default.
 */
export const PartnersConfig = z.strictObject({
  /** The partner new shipments go to unless the agency has its own. */
  default: z.string().min(1),
  /** Agency code → partner id, for agencies served by another carrier. */
  byAgency: z.record(z.string(), z.string().min(1)).default({}),
  /** Partner id (as in services/postal/data/partners.json) → its API. */
  partners: z.record(z.string(), z.strictObject({ baseUrl: z.url() })),
}).refine((config) => config.default in config.partners && Object.values(config.byAgency).every((id) => id in config.partners), {
  message: 'every partner named (default, byAgency) must be listed under partners',
});
export type PartnersConfig = z.infer<typeof PartnersConfig>;

/**
 * The secret's JSON: per partner, the API key we call it with and the webhook secrets its updates
 * may be signed with (several at once while a secret is rotated).
 */
export const PartnerSecrets = z.record(
  z.string(),
  z.strictObject({
    apiKey: z.string().min(1),
    webhookSecrets: z.array(z.string().startsWith('whsec_')).default([]),
  }),
);
export type PartnerSecrets = z.infer<typeof PartnerSecrets>;

/** The partner a new shipment of this agency goes to. */
export function partnerForAgency(config: PartnersConfig, agencyCode: string): string {
  return config.byAgency[agencyCode] ?? config.default;
}

/**
 * Where the local partner simulator answers (npm start): the local runtime replaces this origin in
 * the functions' environment with the simulator's address. A deployment to AWS must configure its
 * partners; synth refuses this default there.
 */
export const SIMULATOR_ORIGIN = 'http://postal-simulator.localhost';

/** Locally, both reference partners: the Standard Webhooks one by default, the polled one for phường Tân An (H38.22.2). */
export const LOCAL_PARTNERS: PartnersConfig = {
  default: 'demo-webhook',
  byAgency: { 'H38.22.2': 'vnpost' },
  partners: {
    'demo-webhook': { baseUrl: `${SIMULATOR_ORIGIN}/demo-webhook` },
    vnpost: { baseUrl: `${SIMULATOR_ORIGIN}/vnpost` },
  },
};
