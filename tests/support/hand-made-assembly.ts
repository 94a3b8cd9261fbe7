import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { build } from 'esbuild';
import { LocalRuntime, type LocalRuntimeOptions } from '../../infra/local/runtime.ts';

/**
 * For wiring tests of the local runtime: a cloud assembly of one stack written by hand (the
 * resources given; the asset `fn` bundled from `handler`, a module of the repository's code), and
 * the runtime serving it in memory on a free port, its status lines kept in `printed`.
 */
export async function startOnHandMadeAssembly(init: {
  stack: string;
  resources: Record<string, unknown>;
  /** The source of the function whose `Code` is `{S3Key: 'fn.zip'}`: TypeScript, imports relative to the repository's root. */
  handler: string;
  runtime?: Partial<LocalRuntimeOptions>;
}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-wiring-'));
  const assemblyDir = path.join(dir, 'cdk.out');
  mkdirSync(path.join(assemblyDir, 'asset.fn'), { recursive: true });
  const { stack } = init;
  writeFileSync(path.join(assemblyDir, `${stack}.template.json`), JSON.stringify({ Resources: init.resources }));
  writeFileSync(path.join(assemblyDir, `${stack}.assets.json`), JSON.stringify({ files: { fn: { source: { path: 'asset.fn' }, destinations: { local: { objectKey: 'fn.zip' } } } } }));
  writeFileSync(
    path.join(assemblyDir, 'manifest.json'),
    JSON.stringify({
      artifacts: {
        [stack]: { type: 'aws:cloudformation:stack', properties: { templateFile: `${stack}.template.json` } },
        [`${stack}.assets`]: { type: 'cdk:asset-manifest', properties: { file: `${stack}.assets.json` } },
      },
    }),
  );
  await build({
    stdin: { contents: init.handler, resolveDir: process.cwd(), loader: 'ts', sourcefile: `${stack}-handler.ts` },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    outfile: path.join(assemblyDir, 'asset.fn', 'index.mjs'),
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'silent',
  });

  const printed: string[] = [];
  const runtime = new LocalRuntime({
    assemblyDir,
    dataDir: path.join(dir, 'data'),
    inMemory: true,
    port: 0,
    concurrency: 1,
    functionLogs: new PassThrough().resume(),
    onStatus: (line) => printed.push(line),
    onError: (line) => printed.push(line),
    ...init.runtime,
  });
  const stop = async () => {
    await runtime.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const info = await runtime.start();
    return { runtime, info, printed, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The function `Fn` (the bundled `handler`) with its environment, and an HTTP API `Api` with these routes to it. */
export function functionBehindRoutes(environment: Record<string, unknown>, routeKeys: readonly string[]): Record<string, unknown> {
  return {
    Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: { S3Key: 'fn.zip' }, Handler: 'index.handler', Timeout: 10, Environment: { Variables: environment } } },
    Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: {} },
    Integration: { Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: { Ref: 'Api' }, IntegrationUri: { 'Fn::GetAtt': ['Fn', 'Arn'] } } },
    ...Object.fromEntries(
      routeKeys.map((routeKey, index) => [
        index === 0 ? 'Route' : `Route${index}`,
        { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Api' }, RouteKey: routeKey, AuthorizationType: 'NONE', Target: { 'Fn::Join': ['', ['integrations/', { Ref: 'Integration' }]] } } },
      ]),
    ),
  };
}
