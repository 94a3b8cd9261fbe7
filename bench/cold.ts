/**
 * `npm run bench:cold -- [--runs N] [--assembly DIR] [--profile-runs K] [--interval µs]`
 *
 * Each function's bundle size and cold initialisation time. The app is synthesized once
 * (as `cdk synth` does, esbuild bundles included) into a temporary directory, or an existing
 * cloud assembly is read (`--assembly cdk.out`); the function list comes from its templates.
 *
 * Cold initialisation = `await import(bundle)` timed inside a fresh `node` process (this
 * Node, 24, as Lambda's nodejs24.x) started with the function's environment: what Lambda sets
 * (region, function name, memory, …), placeholder credentials, X-Ray's variables when the
 * function is traced, and the template's own variables with intrinsics (Ref, ImportValue,
 * GetAtt) replaced by placeholders of the right shape. NODE_OPTIONS is the function's own
 * (`--enable-source-maps`). The child blocks the network and reports any attempt, and any
 * file read through node:fs, made during the import (bench/cold-init.mjs).
 *
 * N runs per function, interleaved (one of each per round, after one warm-up round that is not
 * counted) so load on a shared machine spreads evenly; the same is done for an empty module,
 * whose median is subtracted to give "net". Then, for the slowest function, what its time goes
 * to: the bundle's bytes by package (from its source map), the import with source maps off and
 * with tracing off, and a CPU profile of K imports with self time by package.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { readAssembly, type Assembly, type FunctionSpec } from '../infra/local/assembly.ts';
import { lambdaEnvironment } from '../infra/local/function-host.ts';
import { resolve, type PhysicalResource } from '../infra/local/intrinsics.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../infra/local/runtime.ts';
import { synthesize } from '../infra/local/synth.ts';
import { packageOf, readBundleMap, type BundleMap } from './bundle-map.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    assembly: { type: 'string' },
    'profile-runs': { type: 'string', default: '5' },
    interval: { type: 'string', default: '100' },
  },
});
const RUNS = Number(values.runs);
const PROFILE_RUNS = Number(values['profile-runs']);
const INTERVAL_MICROS = Number(values.interval);
const AIM_MS = 100;
const PROFILE_LINES = 10;
const CHILD = fileURLToPath(new URL('./cold-init.mjs', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

// ---------------------------------------------------------------------------
// The functions' environments
// ---------------------------------------------------------------------------

/**
 * What every resource answers to Ref and GetAtt, as placeholders of the right shape (a table
 * name, a queue URL, an ARN, an API endpoint), so that intrinsics resolve as in AWS.
 */
function placeholders(assembly: Assembly): Map<string, PhysicalResource> {
  const physical = new Map<string, PhysicalResource>();
  for (const stack of assembly.stacks) {
    for (const [logicalId, resource] of Object.entries(stack.resources)) {
      const name = `${stack.stackName}-${logicalId}`;
      const service = resource.Type.split('::')[1]!.toLowerCase();
      const arn = `arn:aws:${service}:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${name}`;
      const known: Record<string, string> = {
        Arn: arn,
        StreamArn: `${arn}/stream/2026-01-01T00:00:00.000`,
        QueueUrl: `https://sqs.${LOCAL_REGION}.amazonaws.com/${LOCAL_ACCOUNT}/${name}`,
        QueueName: name,
        TopicArn: arn,
        TopicName: name,
        ApiEndpoint: `https://abcdef1234.execute-api.${LOCAL_REGION}.amazonaws.com`,
        ProviderURL: `cognito-idp.${LOCAL_REGION}.amazonaws.com/${LOCAL_REGION}_Placehold`,
        ProviderName: `cognito-idp.${LOCAL_REGION}.amazonaws.com/${LOCAL_REGION}_Placehold`,
      };
      const ref =
        {
          'AWS::SQS::Queue': known.QueueUrl,
          'AWS::SNS::Topic': arn,
          'AWS::Cognito::UserPool': `${LOCAL_REGION}_Placehold`,
          'AWS::Cognito::UserPoolClient': '1example23456789placeholder',
          'AWS::ApiGatewayV2::Api': 'abcdef1234',
        }[resource.Type] ?? name;
      const attributes = new Proxy(known, { get: (target, attribute: string) => target[attribute] ?? `${name}-${attribute}` });
      physical.set(`${stack.stackName}/${logicalId}`, { ref, attributes });
    }
  }
  return physical;
}

function environmentOf(fn: FunctionSpec, assembly: Assembly, physical: Map<string, PhysicalResource>, home: string): Record<string, string> {
  const stack = fn.key.split('/')[0]!;
  const context = { region: LOCAL_REGION, accountId: LOCAL_ACCOUNT, stacks: assembly.stacks, physical };
  const own = Object.fromEntries(Object.entries(fn.environment).map(([name, value]) => [name, resolve(value, stack, context)]));
  const template = assembly.stacks.find((s) => s.stackName === stack)?.resources[fn.logicalId];
  const traced = (template?.Properties?.TracingConfig as { Mode?: string } | undefined)?.Mode === 'Active';
  return {
    ...lambdaEnvironment(fn, fn.key.replace('/', '-'), LOCAL_REGION),
    // An empty home: no ~/.aws files, as in Lambda, and none of this machine's.
    HOME: home,
    // The execution role's session, as Lambda passes it (never used: nothing is sent).
    AWS_ACCESS_KEY_ID: 'ASIAPLACEHOLDER00000',
    AWS_SECRET_ACCESS_KEY: 'placeholder',
    AWS_SESSION_TOKEN: 'placeholder',
    ...(traced
      ? { AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000', _AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129', _AWS_XRAY_DAEMON_PORT: '2000', AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR' }
      : {}),
    ...own,
  };
}

// ---------------------------------------------------------------------------
// One cold import in a fresh process
// ---------------------------------------------------------------------------

interface Sample {
  readonly ok: boolean;
  readonly importMs: number;
  readonly cpuMs: number;
  readonly sinceProcessStartMs: number;
  readonly network: string[];
  readonly files: string[];
  readonly error?: string;
}

function coldImport(modulePath: string, exportName: string, env: Record<string, string>, profile?: string): Promise<Sample> {
  const args = [CHILD, modulePath, exportName, ...(profile ? [profile, String(INTERVAL_MICROS)] : [])];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  let output = '';
  let result = '';
  child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000)));
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000)));
  (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => (result += chunk.toString()));
  return new Promise((done) =>
    child.once('close', (code) => {
      if (result) return done(JSON.parse(result) as Sample);
      done({ ok: false, importMs: NaN, cpuMs: NaN, sinceProcessStartMs: NaN, network: [], files: [], error: `exit ${code}: ${output.trim().split('\n').slice(-6).join('\n')}` });
    }),
  );
}

interface Subject {
  readonly label: string;
  readonly modulePath: string;
  readonly exportName: string;
  readonly env: Record<string, string>;
  readonly samples: Sample[];
}

/** One warm-up round (not counted), then `runs` rounds of one fresh import per subject. */
async function measure(subjects: Subject[], runs: number, onRound?: (round: number) => void): Promise<void> {
  for (let round = 0; round <= runs; round++) {
    onRound?.(round);
    for (const subject of subjects) {
      const sample = await coldImport(subject.modulePath, subject.exportName, subject.env);
      if (round > 0 || !sample.ok) subject.samples.push(sample);
    }
  }
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const times = (subject: Subject) => subject.samples.filter((s) => s.ok).map((s) => s.importMs);
const cpuTimes = (subject: Subject) => subject.samples.filter((s) => s.ok).map((s) => s.cpuMs);
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '—');
const kb = (bytes: number) => (bytes / 1024).toFixed(0);

// ---------------------------------------------------------------------------
// What the slowest function's time goes to
// ---------------------------------------------------------------------------

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

const UNDICI = "Node: undici, loaded by `import … from 'node:http'` (the ESM facade reads http's lazy getters)";
const MEASUREMENT = '(measurement: profiler, bench hooks)';
const BUILTINS = 'Node: built-in modules the bundle imports (node:crypto, node:http2, …)';

/**
 * Self time (ms) of a CPU profile by what the code belongs to: a package or our code (bundle
 * frames, through the source map), or the part of Node doing the work. A Node frame counts for
 * its nearest ancestor that says why it runs: loading a built-in, the bundle's own code calling
 * Node, source-map support, or the loader compiling the bundle.
 */
function selfTimeByOwner(profile: CpuProfile, bundleUrl: string, map: BundleMap): Map<string, number> {
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0)));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const ownerOf = (id: number): string => {
    const chain: CpuProfile['nodes'][number]['callFrame'][] = [];
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) chain.push(byId.get(at)!.callFrame);
    const { functionName, url } = chain[0]!;
    if (url === '' && functionName.startsWith('(')) return functionName;
    if (chain.some((frame) => frame.functionName === 'lazyUndici' || frame.url === 'node:internal/deps/undici/undici')) return UNDICI;
    for (const frame of chain) {
      if (frame.url === bundleUrl) {
        const source = map.sourceAt(frame.lineNumber, frame.columnNumber);
        return source ? packageOf(source, REPO_ROOT) : '(bundle top level: ES modules esbuild hoisted into one scope)';
      }
      if (frame.url === 'node:internal/bootstrap/realm') return BUILTINS;
      if (frame.url.startsWith('node:internal/source_map')) return 'Node: source maps (--enable-source-maps: map read, line index)';
      if (frame.functionName === 'compileSourceTextModule') return 'V8: parse and compile the bundle';
      if (frame.url.startsWith('node:internal/modules')) return 'Node: ESM loader (resolve, read, link)';
      if (frame.url === 'node:inspector' || frame.url.endsWith('/cold-init.mjs')) return MEASUREMENT;
    }
    return url || functionName || '(unknown)';
  };
  const byOwner = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const owner = ownerOf(id);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + micros / 1000);
  }
  return byOwner;
}

const bundleMaps = new Map<string, BundleMap>();

/**
 * "<operation> <file> @<line>:<column>…" with the bundle frames replaced by the source files
 * they come from, innermost first, each once.
 */
function whereFrom(note: string, modulePath: string): string {
  const [what, ...frames] = note.split(' @');
  if (frames.length === 0) return note;
  if (!bundleMaps.has(modulePath)) bundleMaps.set(modulePath, readBundleMap(modulePath));
  const map = bundleMaps.get(modulePath)!;
  const sources = frames.map((frame) => {
    const [line, column] = frame.split(':').map(Number);
    const source = map.sourceAt(line! - 1, column! - 1);
    return source ? path.basename(source, path.extname(source)) : `bundle ${frame}`;
  });
  const origin = map.sourceAt(Number(frames[0]!.split(':')[0]) - 1, Number(frames[0]!.split(':')[1]) - 1);
  return `${what} (${origin ? packageOf(origin, REPO_ROOT) : 'bundle'}: ${[...new Set(sources)].slice(0, 6).join(' ← ')})`;
}

function top(entries: Map<string, number>, n: number): [string, number][] {
  return [...entries].sort((a, b) => b[1] - a[1]).slice(0, n);
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'motcua-cold-'));
  try {
    const assemblyDir = values.assembly ? path.resolve(values.assembly) : path.join(work, 'cdk.out');
    if (!values.assembly) {
      console.log('synthesizing…');
      const started = performance.now();
      await synthesize(assemblyDir);
      console.log(`synthesized in ${((performance.now() - started) / 1000).toFixed(0)} s into ${assemblyDir}`);
    }
    const assembly = readAssembly(assemblyDir);
    const physical = placeholders(assembly);
    const home = path.join(work, 'home');
    mkdirSync(home);
    const subjects: (Subject & { bytes: number; mapBytes: number })[] = assembly.functions.map((fn) => ({
      label: `${fn.key.split('/')[0]}/${fn.logicalId.replace(/[0-9A-F]{8}$/, '')}`,
      modulePath: fn.modulePath,
      exportName: fn.exportName,
      env: environmentOf(fn, assembly, physical, home),
      samples: [],
      bytes: statSync(fn.modulePath).size,
      mapBytes: statSync(`${fn.modulePath}.map`, { throwIfNoEntry: false })?.size ?? 0,
    }));

    // The empty module, once per distinct NODE_OPTIONS, to subtract what any import costs.
    const empty = path.join(work, 'empty.mjs');
    writeFileSync(empty, 'export const handler = async () => undefined;\n');
    const nodeOptions = [...new Set(subjects.map((s) => s.env.NODE_OPTIONS ?? ''))];
    const baselines = new Map(
      nodeOptions.map((options) => [
        options,
        { label: `(empty module${options ? `, NODE_OPTIONS=${options}` : ''})`, modulePath: empty, exportName: 'handler', env: { PATH: process.env.PATH ?? '', ...(options ? { NODE_OPTIONS: options } : {}) }, samples: [] } as Subject,
      ]),
    );

    const cpu = cpus();
    console.log(`Node ${process.version} on ${cpu[0]?.model ?? 'unknown CPU'} (${cpu.length} logical CPUs, ${(totalmem() / 2 ** 30).toFixed(1)} GiB), load average ${loadavg()[0]!.toFixed(1)}`);
    console.log(`${subjects.length} functions from ${assemblyDir}; ${RUNS} fresh processes each, after one warm-up round`);
    const loadBefore = loadavg()[0]!;
    await measure([...baselines.values(), ...subjects], RUNS, (round) => process.stdout.write(round === 0 ? 'warm-up ' : `${round} `));
    console.log(`\nload average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after (${cpu.length} CPUs)`);

    // --- The table --------------------------------------------------------------------
    const baselineOf = (subject: Subject) => median(times(baselines.get(subject.env.NODE_OPTIONS ?? '')!));
    console.log('');
    for (const baseline of baselines.values()) {
      const started = median(baseline.samples.filter((s) => s.ok).map((s) => s.sinceProcessStartMs));
      console.log(`baseline ${baseline.label}: median ${ms(median(times(baseline)))} ms, max ${ms(Math.max(...times(baseline)))} ms, CPU ${ms(median(cpuTimes(baseline)))} ms; a fresh process has it loaded ${ms(started)} ms after it started`);
    }
    const header = ['function', 'bundle KB', 'map KB', 'median ms', 'max ms', 'net ms', 'CPU ms', `≤ ${AIM_MS} ms`];
    const rows = subjects.map((s) => {
      const t = times(s);
      const med = t.length ? median(t) : NaN;
      const verdict = t.length < s.samples.length ? 'FAILED' : med <= AIM_MS ? 'yes' : `no (+${(med - AIM_MS).toFixed(0)} ms)`;
      return [s.label, kb(s.bytes), kb(s.mapBytes), ms(med), ms(t.length ? Math.max(...t) : NaN), ms(med - baselineOf(s)), ms(t.length ? median(cpuTimes(s)) : NaN), verdict];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    console.log(line(header));
    for (const row of rows) console.log(line(row));
    const medians = subjects.map((s) => median(times(s)));
    const met = rows.filter((row) => row.at(-1) === 'yes').length;
    console.log(`aim (median ≤ ${AIM_MS} ms) met by ${met} of ${rows.length} functions; net = median − the empty module's median; CPU = the main thread's CPU time during the import (median)`);
    console.log(`median of the functions' medians: ${ms(median(medians.filter(Number.isFinite)))} ms; process start to handler loaded (median of all runs): ${ms(median(subjects.flatMap((s) => s.samples.filter((x) => x.ok).map((x) => x.sinceProcessStartMs))))} ms`);

    // --- I/O at import --------------------------------------------------------------
    const io = new Map<string, string[]>();
    for (const s of [...subjects, ...baselines.values()]) {
      const failed = s.samples.find((x) => !x.ok);
      if (failed) console.log(`\n${s.label} FAILED to import:\n${failed.error}`);
      const notes = new Set([
        ...s.samples.flatMap((x) => x.network.map((attempt) => `network: ${attempt}`)),
        ...s.samples.flatMap((x) => x.files.map((note) => `file: ${whereFrom(note, s.modulePath).replaceAll(home, '$HOME')}`)),
      ]);
      for (const note of notes) io.set(note, [...(io.get(note) ?? []), s.label]);
    }
    if (io.size === 0) console.log('\nNo function tried the network or touched a file through node:fs while being imported.');
    else console.log('\nI/O started while importing (the network is blocked, HOME is an empty directory):');
    const everyFunction = (who: string[]) => {
      const others = subjects.map((s) => s.label).filter((label) => !who.includes(label));
      return others.length === 0 ? 'every function' : who.length > others.length ? `every function but ${others.join(', ')}` : who.join(', ');
    };
    for (const [note, who] of io) console.log(`  ${note} — ${everyFunction(who)}`);

    // --- The slowest function ---------------------------------------------------------
    const slowest = subjects.reduce((a, b) => (median(times(b)) > median(times(a)) ? b : a));
    console.log(`\nslowest: ${slowest.label} (${kb(slowest.bytes)} KB, median ${ms(median(times(slowest)))} ms)`);

    const map = readBundleMap(slowest.modulePath);
    const chars = new Map<string, number>();
    map.sources.forEach((source, i) => {
      const owner = packageOf(source, REPO_ROOT);
      chars.set(owner, (chars.get(owner) ?? 0) + map.charsBySource[i]!);
    });
    const total = slowest.bytes;
    console.log(`\nits bundle by package (bytes of minified output, from the source map; ${map.sources.length} input files):`);
    for (const [owner, size] of top(chars, 10)) console.log(`  ${kb(size).padStart(5)} KB  ${((100 * size) / total).toFixed(1).padStart(4)} %  ${owner}`);
    const scopes = new Map<string, number>();
    for (const [owner, size] of chars) {
      const scope = owner.startsWith('@') ? `${owner.split('/')[0]}/*` : /^(libs|services)\//.test(owner) ? 'our code (libs/, services/)' : owner;
      scopes.set(scope, (scopes.get(scope) ?? 0) + size);
    }
    scopes.set('(esbuild runtime, banner, unmapped)', map.unmappedChars);
    console.log('  by scope: ' + top(scopes, 8).map(([scope, size]) => `${scope} ${kb(size)} KB`).join(', '));

    const { NODE_OPTIONS: nodeOptionsOfSlowest = '', ...withoutNodeOptions } = slowest.env;
    const otherOptions = nodeOptionsOfSlowest.replace('--enable-source-maps', '').trim();
    const noMaps = otherOptions ? { ...withoutNodeOptions, NODE_OPTIONS: otherOptions } : withoutNodeOptions;
    const variants: Subject[] = [
      { ...slowest, label: 'as deployed', samples: [] },
      { ...slowest, label: 'source maps off (no --enable-source-maps)', env: noMaps, samples: [] },
      { ...slowest, label: 'tracing off (POWERTOOLS_TRACE_ENABLED=false)', env: { ...slowest.env, POWERTOOLS_TRACE_ENABLED: 'false' }, samples: [] },
      { ...slowest, label: 'both off', env: { ...noMaps, POWERTOOLS_TRACE_ENABLED: 'false' }, samples: [] },
    ];
    console.log(`\nvariants of ${slowest.label}, ${RUNS} runs each:`);
    await measure(variants, RUNS);
    for (const v of variants) console.log(`  ${ms(median(times(v))).padStart(6)} ms median, ${ms(Math.max(...times(v))).padStart(6)} max, ${ms(median(cpuTimes(v))).padStart(6)} CPU  ${v.label}`);

    const profiles: Map<string, number>[] = [];
    let profiledMs = 0;
    for (let i = 0; i < PROFILE_RUNS; i++) {
      const file = path.join(work, `profile-${i}.cpuprofile`);
      const sample = await coldImport(slowest.modulePath, slowest.exportName, slowest.env, file);
      if (!sample.ok) throw new Error(`profiling ${slowest.label} failed: ${sample.error}`);
      profiledMs += sample.importMs / PROFILE_RUNS;
      profiles.push(selfTimeByOwner(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, pathToFileURL(slowest.modulePath).href, map));
    }
    // The median over the runs of each owner's time: one run preempted by another process
    // (sampling is by wall time) then does not decide the picture.
    const owners = new Set(profiles.flatMap((profile) => [...profile.keys()]));
    const typical = new Map([...owners].map((owner) => [owner, median(profiles.map((profile) => profile.get(owner) ?? 0))]));
    const overhead = typical.get(MEASUREMENT) ?? 0;
    typical.delete(MEASUREMENT);
    const sampled = [...typical.values()].reduce((a, b) => a + b, 0);
    console.log(`\nCPU profile of the import (${PROFILE_RUNS} runs, sampled every ${INTERVAL_MICROS} µs; ${ms(profiledMs)} ms per import while profiled), self time by owner, median of the runs (${ms(sampled)} ms in all, besides ${ms(overhead)} ms of the profiler's own):`);
    for (const [owner, t] of top(typical, PROFILE_LINES)) console.log(`  ${ms(t).padStart(6)} ms  ${((100 * t) / sampled).toFixed(1).padStart(4)} %  ${owner}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
