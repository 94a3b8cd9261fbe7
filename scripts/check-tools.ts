/**
 * What `npm test` needs besides node_modules, checked (and on this kind of machine, a Debian
 * machine where we are root, installed) before any test runs, so that the README's two commands
 * are all a newcomer types:
 *
 * - Node.js 24, the Lambda runtime's (the `node` devDependency; npm scripts put it first on PATH);
 * - Java 17+ for DynamoDB Local (Debian's `default-jre-headless`);
 * - Debian's `chromium` and `fonts-liberation2` for the receipt's browser test (no browser download).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { javaVersion } from '../infra/local/dynamodb-local.ts';

const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  console.error(`motcua needs Node.js 24; this is ${process.version}. Run the commands through npm (npm start, npm test), which uses the Node 24 installed in node_modules.`);
  process.exit(1);
}
console.log(`Node.js ${process.version} (same major as the Lambda runtime nodejs24.x)`);
// `npm run test:unit` needs nothing else: no DynamoDB Local, no browser.
if (process.argv.includes('--node-only')) process.exit(0);

const has = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
const packageInstalled = (name: string) => has('dpkg', ['-s', name]);

const missing: string[] = [];
if ((javaVersion() ?? 0) < 17) missing.push('default-jre-headless');
if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
if (has('dpkg', ['--version']) && !packageInstalled('fonts-liberation2')) missing.push('fonts-liberation2');

if (missing.length) {
  const canInstall = process.getuid?.() === 0 && has('apt-get', ['--version']);
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (!canInstall) {
    console.error(`npm test needs Debian packages that are missing: ${missing.join(', ')}. Install them (as root): ${command}`);
    process.exit(1);
  }
  console.log(`installing what the tests need from Debian's packages (once): ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: ['ignore', 'ignore', 'inherit'], env });
}
