import path from 'node:path';
import { parseArgs } from 'node:util';
import { readCatalog } from '../../services/intake/scripts/load-catalog.ts';
import { DevIssuer } from './dev-issuer.ts';

/**
 * `npm run token -- --agency H38.22 [--sub officer-1] [--hours 8]` prints a bearer token
 * for an officer of that agency, signed by the local system's dev issuer.
 */
const { values } = parseArgs({
  options: {
    agency: { type: 'string' },
    sub: { type: 'string' },
    name: { type: 'string' },
    hours: { type: 'string', default: '8' },
    'data-dir': { type: 'string', default: '.motcua' },
  },
});

if (!values.agency) {
  console.error('usage: npm run token -- --agency <agency code> [--sub <officer id>] [--hours 8]');
  process.exit(2);
}
// A token for an agency the catalog does not know would only ever get 403s: say so now.
const agencies = readCatalog().agencies.map((agency) => agency.code);
if (!agencies.includes(values.agency)) {
  console.error(`token: no agency ${values.agency} in services/intake/data/agencies.json (e.g. ${agencies.slice(0, 4).join(', ')})`);
  process.exit(2);
}
try {
  const issuer = await DevIssuer.open(path.resolve(values['data-dir']));
  const token = await issuer.mint({
    agency: values.agency,
    ...(values.sub ? { sub: values.sub } : {}),
    ...(values.name ? { name: values.name } : {}),
    ttlSeconds: Number(values.hours) * 3600,
  });
  console.log(token);
} catch (error) {
  console.error(`token: ${(error as Error).message}`);
  process.exit(1);
}
