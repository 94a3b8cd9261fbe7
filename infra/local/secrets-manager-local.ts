import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Just enough of AWS Secrets Manager for the functions: `GetSecretValue` in the AWS JSON 1.1
 * protocol (POST /, `X-Amz-Target: secretsmanager.GetSecretValue`), the protocol every AWS SDK
 * and the CLI speak when `AWS_ENDPOINT_URL_SECRETS_MANAGER` points here. A secret is found by its
 * ARN, by its name, or by its ARN without the 6-character suffix, as in AWS. Requests are not
 * signature-checked (like the other local emulators). Loopback only.
 */

export interface LocalSecret {
  readonly arn: string;
  readonly name: string;
  readonly value: string;
}

/** An ARN as AWS gives a secret of that name: its 6-character suffix, random in AWS, is derived from the name here so it is the same at every start. */
export function secretArn(region: string, accountId: string, name: string): string {
  return `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${createHash('sha256').update(name).digest('hex').slice(0, 6)}`;
}

export class SecretsManagerLocal {
  private readonly secrets: LocalSecret[] = [];
  private readonly versions = new Map<string, { versionId: string; createdDate: number }>();
  private server: Server | undefined;

  /** Adds or replaces a secret (by ARN). */
  put(secret: LocalSecret): void {
    const index = this.secrets.findIndex((s) => s.arn === secret.arn);
    if (index >= 0) this.secrets.splice(index, 1, secret);
    else this.secrets.push(secret);
    this.versions.set(secret.arn, { versionId: randomUUID(), createdDate: Math.floor(Date.now() / 1000) });
  }

  async listen(port = 0): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private find(id: string): LocalSecret | undefined {
    return this.secrets.find((s) => s.arn === id || s.name === id || s.arn.slice(0, -7) === id);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    if (req.method !== 'POST' || !target.startsWith('secretsmanager.')) return awsError(res, 400, 'UnknownOperationException', 'Only the AWS JSON 1.1 protocol of secretsmanager is served here.');
    const operation = target.slice('secretsmanager.'.length);
    if (operation !== 'GetSecretValue') return awsError(res, 400, 'UnknownOperationException', `${operation} is not served by the local runtime (only GetSecretValue).`);
    let input: { SecretId?: unknown; VersionStage?: unknown };
    try {
      input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as typeof input;
    } catch {
      return awsError(res, 400, 'SerializationException', 'The request body is not JSON.');
    }
    if (typeof input.SecretId !== 'string' || input.SecretId === '') return awsError(res, 400, 'InvalidParameterException', 'SecretId is required.');
    const secret = this.find(input.SecretId);
    if (!secret || (input.VersionStage !== undefined && input.VersionStage !== 'AWSCURRENT')) {
      return awsError(res, 400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    }
    const version = this.versions.get(secret.arn)!;
    send(res, 200, {
      ARN: secret.arn,
      Name: secret.name,
      SecretString: secret.value,
      VersionId: version.versionId,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: version.createdDate,
    });
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID(), ...headers });
  res.end(JSON.stringify(body));
}

/** The AWS JSON error shape: `__type` in the body and `x-amzn-errortype`, which the SDKs read. */
function awsError(res: ServerResponse, status: number, type: string, message: string): void {
  send(res, status, { __type: type, message }, { 'x-amzn-errortype': type });
}
