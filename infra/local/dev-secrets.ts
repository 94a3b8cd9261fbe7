import { devPartnerSecrets } from '../../services/postal/simulator/dev-credentials.ts';
import { devSurveySecrets } from '../../services/survey/simulator/dev-credentials.ts';
import type { CfnValue, ResourceKey } from './assembly.ts';
import { StartupError } from './errors.ts';

/**
 * The values the local runtime gives the templates' Secrets Manager secrets. In AWS a secret's
 * value is set by an operator (never in the template or the repo); locally each secret names the
 * development default it stands for with a tag, `motcua:local-default=<name>`, and gets the value
 * of that name below. A tag is used, not the logical id, because it survives refactoring of the
 * construct tree and says in the template itself what the local value is. A secret without the tag,
 * or naming a default not listed here, stops start-up: a function would otherwise fail later, at
 * its first call, with a less helpful error.
 */

export const LOCAL_DEFAULT_TAG = 'motcua:local-default';

/** Development values by name: public on purpose, valid nowhere but on this machine. */
export const DEV_SECRETS: Readonly<Record<string, () => string>> = {
  /** The postal partners' API keys and webhook secrets (PartnerSecrets), those the local partner simulator uses. */
  'postal-partners': () => JSON.stringify(devPartnerSecrets()),
  /** The survey secret (SurveySecrets): the phone-hash key and the gateways' credentials, those the local SMS gateway simulator uses. */
  survey: () => JSON.stringify(devSurveySecrets()),
};

/** The development value of a secret of the template. */
export function devSecretValue(key: ResourceKey, properties: Record<string, CfnValue>): string {
  const tags = (properties.Tags as { Key?: unknown; Value?: unknown }[] | undefined) ?? [];
  const name = tags.find((tag) => tag.Key === LOCAL_DEFAULT_TAG)?.Value;
  if (typeof name !== 'string') {
    throw new StartupError(`${key}: a Secrets Manager secret needs the tag ${LOCAL_DEFAULT_TAG}=<name> naming its development value (one of ${Object.keys(DEV_SECRETS).join(', ')}; see infra/local/dev-secrets.ts).`);
  }
  const value = Object.hasOwn(DEV_SECRETS, name) ? DEV_SECRETS[name] : undefined;
  if (!value) throw new StartupError(`${key}: no development value named ${name} (tag ${LOCAL_DEFAULT_TAG}); known: ${Object.keys(DEV_SECRETS).join(', ')} (infra/local/dev-secrets.ts).`);
  return value();
}
