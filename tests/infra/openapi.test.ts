import { readFileSync } from 'node:fs';
import { compileErrors, validate } from '@readme/openapi-parser';
import { describe, expect, inject, it } from 'vitest';
import YAML from 'yaml';
import { readAssembly } from '../../infra/local/assembly.ts';
import { DomainError, ERROR_CODES } from '../../libs/platform/errors.ts';
import { HTTP_STATUS } from '../../libs/platform/http.ts';
import { ErrorBody, OPENAPI_FILE, renderOpenApi } from '../../scripts/openapi.ts';

type Operation = {
  security?: Record<string, string[]>[];
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: Schema }> }>;
  externalDocs: { url: string };
};
type Schema = { allOf?: Schema[]; anyOf?: Schema[]; properties?: { code?: { enum?: string[] } } };
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: { Error: { properties: { code: { enum: string[] } } } }; responses: Record<string, { content: Record<string, { schema: Schema }> }> };
};

const committed = readFileSync(OPENAPI_FILE, 'utf8');
const document = YAML.parse(committed) as Document;
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ routeKey: `${method.toUpperCase()} ${path}`, operation })),
);
const routes = readAssembly(inject('assemblyDir')).routes;

/** The error codes a schema allows: `allOf: [Error, {code: {enum}}]`, possibly among anyOf alternatives. */
const codesIn = (schema: Schema): string[] => [
  ...(schema.properties?.code?.enum ?? []),
  ...(schema.allOf ?? []).flatMap(codesIn),
  ...(schema.anyOf ?? []).flatMap(codesIn),
];

/** An operation that cannot be called without an officer's bearer token. */
const requiresBearer = (operation: Operation) =>
  !!operation.security?.length && operation.security.every((requirement) => 'officerIdToken' in requirement);

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');

describe('docs/openapi.yaml', () => {
  it('is what `npm run docs:openapi` generates now (no drift from the handlers’ schemas or the route table)', () => {
    expect(committed, 'docs/openapi.yaml is stale: run `npm run docs:openapi` and commit it').toBe(renderOpenApi());
  });

  it('describes exactly the routes of the synthesized template', () => {
    expect(routes.length).toBeGreaterThan(0);
    expect(operations.map((o) => o.routeKey).sort()).toEqual(routes.map((route) => route.routeKey).sort());
  });

  it('requires the bearer token on exactly the routes behind the JWT authorizer', () => {
    const behindAuthorizer = routes.filter((route) => route.authorizer).map((route) => route.routeKey);
    expect(behindAuthorizer.length).toBeGreaterThan(0);
    expect(operations.filter((o) => requiresBearer(o.operation)).map((o) => o.routeKey).sort()).toEqual(behindAuthorizer.sort());
    // The citizen's lookup is public in the template, and takes an officer's token as the alternative to phone4.
    const lookup = operations.find((o) => o.routeKey === 'GET /dossiers/{code}')!.operation;
    expect(lookup.security).toEqual([{}, { officerIdToken: [] }]);
  });

  it('lists every error code under the status HTTP_STATUS gives it', () => {
    expect(document.components.schemas.Error.properties.code.enum).toEqual([...ERROR_CODES]);
    const shared = Object.entries(document.components.responses).flatMap(([name, response]) =>
      codesIn(response.content['application/json']!.schema).map((code) => ({ code, status: Number(name.replace(/^Error/, '')) })),
    );
    expect(shared.map(({ code }) => code).sort()).toEqual([...ERROR_CODES].sort()); // each code once
    for (const { code, status } of shared) expect(status, code).toBe(HTTP_STATUS[code as keyof typeof HTTP_STATUS]);
  });

  it('answers each route’s codes under their own status, and every code on some route but system-only ones', () => {
    const onRoutes = new Set<string>();
    for (const { routeKey, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const code of Object.values(response.content ?? {}).flatMap((media) => codesIn(media.schema))) {
          expect(Number(status), `${routeKey} ${code}`).toBe(HTTP_STATUS[code as keyof typeof HTTP_STATUS]);
          onRoutes.add(code);
        }
      }
    }
    // A postal delivery that was no postal return is refused to the bus consumer (deliverByPost), never to a caller.
    expect(ERROR_CODES.filter((code) => !onRoutes.has(code))).toEqual(['NOT_A_POSTAL_RETURN']);
  });

  it('is valid OpenAPI 3.1 (@readme/openapi-parser: the specification’s schema and its own rules)', async () => {
    expect(document.openapi).toMatch(/^3\.1\./);
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? [] : compileErrors(result)).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('would be refused by the validator when a path parameter goes undeclared (the check is live)', async () => {
    const broken = structuredClone(document) as unknown as { paths: Record<string, { get: { parameters: unknown[] } }> };
    broken.paths['/procedures/{code}']!.get.parameters = [];
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it('links each operation to a section of docs/api.md that exists', () => {
    const anchors = new Set(
      readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('#'))
        .map((line) => anchorOf(line.replace(/^#+\s*/, ''))),
    );
    for (const { routeKey, operation } of operations) {
      expect(anchors, routeKey).toContain(operation.externalDocs.url.replace(/^api\.md#/, ''));
    }
  });

  it('describes the error body a handler really sends', () => {
    const body = new DomainError('NOT_FOUND', 'Không tìm thấy hồ sơ', 'Dossier not found', { code: 'H38.22-261123-0001' }).toBody();
    expect(ErrorBody.safeParse(body).success).toBe(true);
    expect(ErrorBody.safeParse({ ...body, code: 'NO_SUCH_CODE' }).success).toBe(false);
  });
});
