/**
 * One cold initialisation, run by bench/cold.ts in a fresh process:
 *   node bench/cold-init.mjs <module path> <export name> [<cpu profile file> <sampling interval µs>]
 * with the function's environment (NODE_OPTIONS included) already set by the parent.
 *
 * Times `await import(bundle)` with performance.now() and writes the result as JSON to fd 3.
 * Before that it stops any network use (TCP, UDP, DNS, fetch) and notes file reads through
 * node:fs, so that a module doing I/O at import shows in the report instead of silently
 * reaching AWS. Plain JavaScript on purpose: a .ts entry would load Node's type stripper
 * (a WebAssembly module) into the process whose start-up is being measured.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { pathToFileURL } from 'node:url';

const [modulePath, exportName, profileFile, intervalMicros] = process.argv.slice(2);
const bundleUrl = pathToFileURL(modulePath).href;
const network = [];
const files = new Set();

function blocked(what) {
  network.push(what);
  return new Error(`bench:cold: ${what} at import (no network while measuring)`);
}
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // net.connect() passes its arguments already normalized, as [options, callback].
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const target = first && typeof first === 'object' ? (first.path ?? `${first.host ?? 'localhost'}:${first.port}`) : String(first);
  if (target.startsWith('/')) return connect.apply(this, args); // a local socket (IPC), not the network
  throw blocked(`TCP connect to ${target}`);
};
dgram.Socket.prototype.send = function (...args) {
  throw blocked(`UDP send to ${args.find((a) => typeof a === 'string') ?? '?'}:${args.find((a, i) => i > 0 && typeof a === 'number') ?? '?'}`);
};
dns.lookup = (host) => {
  throw blocked(`DNS lookup of ${host}`);
};
dns.promises.lookup = async (host) => {
  throw blocked(`DNS lookup of ${host}`);
};
globalThis.fetch = async (input) => {
  throw blocked(`fetch ${String(input?.url ?? input)}`);
};
for (const name of ['readFileSync', 'readFile', 'openSync', 'open', 'readdirSync', 'readdir', 'existsSync', 'statSync', 'stat', 'lstatSync', 'accessSync', 'access']) {
  const original = fs[name];
  fs[name] = function (file, ...rest) {
    noteFile(name, file);
    return original.call(this, file, ...rest);
  };
}
for (const name of ['readFile', 'open', 'readdir', 'stat', 'access']) {
  const original = fs.promises[name];
  fs.promises[name] = function (file, ...rest) {
    noteFile(`promises.${name}`, file);
    return original.call(this, file, ...rest);
  };
}
/**
 * A file touched through node:fs, with the bundle frames that led to it as " @<line>:<column>"
 * positions in the bundle (bench/cold.ts maps them to source files). The frames are taken raw:
 * formatting a stack the usual way would make --enable-source-maps parse the whole source map,
 * which costs more than the import being measured.
 */
function noteFile(operation, file) {
  const target = String(file);
  // Node's ESM loader reads the module itself through node:fs: that is the import, not I/O.
  if (target === modulePath || target === bundleUrl) return;
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  Error.prepareStackTrace = (_error, sites) => sites;
  Error.stackTraceLimit = 30;
  const holder = {};
  Error.captureStackTrace(holder, noteFile);
  const sites = holder.stack;
  Error.prepareStackTrace = prepare;
  Error.stackTraceLimit = limit;
  const frames = sites.filter((site) => site.getFileName() === bundleUrl).map((site) => ` @${site.getLineNumber()}:${site.getColumnNumber()}`);
  files.add(`${operation} ${target}${frames.join('')}`);
}
syncBuiltinESMExports();

let session;
if (profileFile) {
  const { Session } = await import('node:inspector/promises');
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: Number(intervalMicros) });
  await session.post('Profiler.start');
}

// Wall time is what Lambda bills and what the aim is about; the main thread's CPU time is
// reported beside it because, on a shared machine, it barely moves when the process waits.
const result = { ok: true, importMs: 0, cpuMs: 0, sinceProcessStartMs: 0, network, files: [] };
const cpuBefore = process.threadCpuUsage();
const started = performance.now();
try {
  const module = await import(bundleUrl);
  result.importMs = performance.now() - started;
  const cpu = process.threadCpuUsage(cpuBefore);
  result.cpuMs = (cpu.user + cpu.system) / 1000;
  result.sinceProcessStartMs = performance.now();
  if (typeof module[exportName] !== 'function') throw new Error(`${modulePath} exports no function ${exportName}`);
} catch (error) {
  result.ok = false;
  result.error = String(error?.stack ?? error).split('\n').slice(0, 6).join('\n');
}
if (session) {
  const { profile } = await session.post('Profiler.stop');
  fs.writeFileSync(profileFile, JSON.stringify(profile));
}
result.files = [...files];
fs.writeSync(3, JSON.stringify(result));
process.exit(0);
