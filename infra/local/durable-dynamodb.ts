import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * What the functions reach DynamoDB Local through. DynamoDB Local answers a TransactWriteItems
 * before its commit has run (the commit waits on its one SQLite queue), so a process killed just
 * after could lose a write a client was already told about: a receipt whose dossier no longer
 * exists. Real DynamoDB answers only once a write is durable. This proxy restores that promise:
 * after a transaction succeeds it sends one strongly consistent GetItem, which runs after every
 * commit queued before it, and only then answers. Everything else passes through untouched.
 */
export class DurableDynamoDbProxy {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private readonly server = createServer((req, res) => this.forward(req, res));
  private readonly keySchemas = new Map<string, Promise<string[]>>();
  private target!: URL;

  /** Starts on a free loopback port in front of `target`; answers the proxy's endpoint. */
  async listen(target: string): Promise<string> {
    this.target = new URL(target);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  close(): Promise<void> {
    this.agent.destroy();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const transaction = String(req.headers['x-amz-target'] ?? '').endsWith('.TransactWriteItems');
      this.send(req.method ?? 'POST', req.url ?? '/', req.headers, body)
        .then(async (answer) => {
          if (transaction && answer.status === 200) await this.barrier(req.headers, body).catch(() => undefined);
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body);
        })
        .catch(() => res.destroy());
    });
  }

  /** A strongly consistent read of one item the transaction wrote: it runs after the commit. */
  private async barrier(headers: IncomingHttpHeaders, transactionBody: Buffer): Promise<void> {
    const [first] = (JSON.parse(transactionBody.toString()) as { TransactItems: Record<string, { TableName: string; Key?: Record<string, unknown>; Item?: Record<string, unknown> }>[] }).TransactItems;
    const operation = first && Object.values(first)[0];
    if (!operation) return;
    const keyNames = await this.keySchemaOf(operation.TableName, headers);
    const source = operation.Key ?? operation.Item ?? {};
    const key = Object.fromEntries(keyNames.map((name) => [name, source[name]]));
    await this.call(headers, 'GetItem', { TableName: operation.TableName, Key: key, ConsistentRead: true });
  }

  private keySchemaOf(table: string, headers: IncomingHttpHeaders): Promise<string[]> {
    let schema = this.keySchemas.get(table);
    if (!schema) {
      schema = this.call(headers, 'DescribeTable', { TableName: table }).then(
        (answer) => (JSON.parse(answer.body.toString()) as { Table: { KeySchema: { AttributeName: string }[] } }).Table.KeySchema.map((key) => key.AttributeName),
      );
      schema.catch(() => this.keySchemas.delete(table));
      this.keySchemas.set(table, schema);
    }
    return schema;
  }

  /** An API call of the proxy's own, with the caller's credentials (DynamoDB Local does not check signatures). */
  private call(headers: IncomingHttpHeaders, operation: string, input: unknown) {
    const body = Buffer.from(JSON.stringify(input));
    const { 'content-length': _length, 'x-amz-target': _target, 'content-encoding': _encoding, ...rest } = headers;
    return this.send('POST', '/', { ...rest, 'x-amz-target': `DynamoDB_20120810.${operation}`, 'content-type': 'application/x-amz-json-1.0', 'content-length': String(body.length) }, body);
  }

  private send(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const upstream = httpRequest({ host: this.target.hostname, port: this.target.port, path, method, headers, agent: this.agent }, (response) => {
        const parts: Buffer[] = [];
        response.on('data', (chunk: Buffer) => parts.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(parts) }));
        response.on('error', reject);
      });
      upstream.on('error', reject);
      upstream.end(body);
    });
  }
}
