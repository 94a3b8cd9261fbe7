/**
 * Demo traffic for the local system (README "Quick start", docs/local-runtime.md "Demo traffic"):
 *
 *   npm run simulate -- --agency H38 --days 30 --dossiers 2000 [--today 40] [--seed 1] [--data-dir .motcua]
 *
 * Writes a history of the past days through the history import, rebuilds reporting, then drives
 * today's dossiers through the public APIs (scripts/simulate/run.ts). Needs `npm start` running.
 * Exit status: 0 done, 1 a failure (the system not running included), 2 a bad command line.
 */
import { parseArgs } from 'node:util';
import { NotRunning, simulate } from './simulate/run.ts';

const USAGE = 'usage: npm run simulate -- --agency <code, e.g. H38 or H38.22.1> [--days 30] [--dossiers 2000] [--today 40] [--seed 1] [--survey-wait 150] [--data-dir .motcua]';

function fail(message: string, status = 2): never {
  console.error(`simulate: ${message}`);
  if (status === 2) console.error(USAGE);
  process.exit(status);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      agency: { type: 'string' },
      days: { type: 'string', default: '30' },
      dossiers: { type: 'string', default: '2000' },
      today: { type: 'string', default: '40' },
      seed: { type: 'string', default: '1' },
      'survey-wait': { type: 'string', default: '150' },
      'data-dir': { type: 'string', default: '.motcua' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.agency) fail('--agency is required');
const whole = (name: string, value: string, min: number, max: number) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
};
const options = {
  agency: values.agency,
  days: whole('days', values.days, 1, 366),
  dossiers: whole('dossiers', values.dossiers, 0, 200_000),
  today: whole('today', values.today, 0, 1000),
  seed: whole('seed', values.seed, 0, 2 ** 31),
  surveyWaitMs: whole('survey-wait', values['survey-wait'], 0, 3600) * 1000,
  dataDir: values['data-dir'],
};

const started = Date.now();
try {
  const result = await simulate(options);
  const s = result.seconds;
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s (history ${s.history.toFixed(1)} s, rebuild ${s.rebuild.toFixed(1)} s, today ${s.today.toFixed(1)} s)`);
} catch (error) {
  fail(error instanceof NotRunning ? error.message : `${(error as Error).message}`, 1);
}
