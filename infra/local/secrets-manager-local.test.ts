import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PartnerSecrets } from '../../services/postal/adapters/config.ts';
import { DEV_WEBHOOK_SECRET } from '../../services/postal/simulator/dev-credentials.ts';
import { devSecretValue, LOCAL_DEFAULT_TAG } from './dev-secrets.ts';
import { StartupError } from './errors.ts';
import { secretArn, SecretsManagerLocal } from './secrets-manager-local.ts';

const REGION = 'ap-southeast-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const arn = secretArn(REGION, '000000000000', 'Motcua-Api-PartnerSecrets');
const value = devSecretValue('Motcua-Api/PartnerSecrets', { Tags: [{ Key: LOCAL_DEFAULT_TAG, Value: 'postal-partners' }] });

let server: SecretsManagerLocal;
let endpoint: string;
let client: SecretsManagerClient;

beforeAll(async () => {
  server = new SecretsManagerLocal();
  server.put({ arn, name: 'Motcua-Api-PartnerSecrets', value });
  endpoint = await server.listen();
  client = new SecretsManagerClient({ endpoint, region: REGION, credentials });
});
afterAll(async () => {
  client.destroy();
  await server.close();
});

describe('the local Secrets Manager', () => {
  it('answers GetSecretValue by ARN, by name and by partial ARN, as the AWS SDK reads it', async () => {
    for (const id of [arn, 'Motcua-Api-PartnerSecrets', arn.slice(0, -7)]) {
      const answer = await client.send(new GetSecretValueCommand({ SecretId: id }));
      expect(answer).toMatchObject({ ARN: arn, Name: 'Motcua-Api-PartnerSecrets', SecretString: value, VersionStages: ['AWSCURRENT'] });
      expect(answer.VersionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.CreatedDate).toBeInstanceOf(Date);
    }
    expect(arn).toMatch(/^arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:Motcua-Api-PartnerSecrets-[0-9a-f]{6}$/);
  });

  it('answers an unknown secret with ResourceNotFoundException, as AWS does', async () => {
    const error = await client.send(new GetSecretValueCommand({ SecretId: 'nothing' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(400);
    const other = await fetch(endpoint, { method: 'POST', headers: { 'x-amz-target': 'secretsmanager.PutSecretValue' }, body: '{}' });
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('is what Powertools getSecret reads when AWS_ENDPOINT_URL_SECRETS_MANAGER points to it (as the runtime sets it)', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', endpoint);
    vi.stubEnv('AWS_REGION', REGION);
    vi.stubEnv('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
    try {
      const secrets = PartnerSecrets.parse(await getSecret(arn, { transform: 'json' }));
      expect(secrets['demo-webhook']!.webhookSecrets).toEqual([DEV_WEBHOOK_SECRET]);
      expect(secrets.vnpost!.apiKey).toMatch(/^motcua-dev-/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('the development values of secrets', () => {
  it('gives the postal partners the development credentials of the simulator, in the shape the handlers read', () => {
    expect(PartnerSecrets.parse(JSON.parse(value))).toEqual({
      'demo-webhook': { apiKey: 'motcua-dev-demo-webhook-api-key', webhookSecrets: [DEV_WEBHOOK_SECRET] },
      vnpost: { apiKey: 'motcua-dev-vnpost-api-key', webhookSecrets: [] },
    });
  });

  it('stops start-up for a secret without the tag, or naming no known value', () => {
    expect(() => devSecretValue('S/A', {})).toThrow(StartupError);
    expect(() => devSecretValue('S/A', { Tags: [{ Key: LOCAL_DEFAULT_TAG, Value: 'constructor' }] })).toThrow(/no development value named constructor/);
  });
});
