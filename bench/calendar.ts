/**
 * `npm run bench:calendar -- [--deadlines N] [--rounds R] [--seed S]`
 *
 * Deadlines per second of the calendar library (libs/calendar/deadlines.ts) with the shipped
 * Vietnamese calendar: N random receipts 2019–2030 (a seeded PRNG, so runs are comparable),
 * half with a limit of 1–30 working days and half of 4–40 working hours, 30 % with a 15:00
 * cut-off. After a warm-up round (which also lays out every year's working-day table), R
 * measured rounds of `dueAt` alone, then R of `dueAt` + `timeLeft` (at a random instant up to
 * 30 days after the receipt, counted from the dossier's own start); the median round is
 * reported with the range.
 *
 * Memory: the heapUsed delta after a forced GC from before the clock was built to after the
 * warm-up (the clock's and the calendar's year tables, plus compiled code), the heapUsed delta
 * across the measured rounds without forcing a GC (garbage not yet collected, so it varies
 * from run to run), and the process RSS at the end (the inputs included).
 */
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { deadlineClock, type TimeLimit } from '../libs/calendar/deadlines.ts';
import { vietnamCalendar } from '../libs/calendar/holiday-data.ts';
import { prng } from './prng.ts';

const { values } = parseArgs({
  options: {
    deadlines: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '9' },
    seed: { type: 'string', default: '20261122' },
  },
});
const N = Number(values.deadlines);
const ROUNDS = Number(values.rounds);
const SEED = Number(values.seed);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

// ---------------------------------------------------------------------------
// Inputs, generated before anything is timed
// ---------------------------------------------------------------------------

const random = prng(SEED);
const FROM = Date.parse('2019-01-01T00:00:00+07:00');
const TO = Date.parse('2031-01-01T00:00:00+07:00');
const MINUTE = 60_000;
const receipts: Date[] = new Array(N);
const lookAt: Date[] = new Array(N);
const limits: TimeLimit[] = new Array(N);
const cutoffs: (string | null)[] = new Array(N);
let hourLimits = 0;
let withCutoff = 0;
for (let i = 0; i < N; i++) {
  const received = FROM + Math.floor(random() * ((TO - FROM) / MINUTE)) * MINUTE;
  receipts[i] = new Date(received);
  lookAt[i] = new Date(received + Math.floor(random() * 30 * 24 * 60) * MINUTE);
  if (random() < 0.5) {
    limits[i] = { unit: 'workingDays', value: 1 + Math.floor(random() * 30) };
  } else {
    limits[i] = { unit: 'workingHours', value: 4 + Math.floor(random() * 37) };
    hourLimits += 1;
  }
  cutoffs[i] = random() < 0.3 ? '15:00' : null;
  if (cutoffs[i] !== null) withCutoff += 1;
}

// ---------------------------------------------------------------------------
// Runs
// ---------------------------------------------------------------------------

gc();
const heapBefore = process.memoryUsage().heapUsed;
const clock = deadlineClock(vietnamCalendar);

let checksum = 0;

function dueOnly(): number {
  let sum = 0;
  for (let i = 0; i < N; i++) sum += clock.dueAt(receipts[i]!, limits[i]!, cutoffs[i]!).getTime() % 997;
  return sum;
}

function dueAndTimeLeft(): number {
  let sum = 0;
  for (let i = 0; i < N; i++) {
    const receivedAt = receipts[i]!;
    const limit = limits[i]!;
    const cutoffTime = cutoffs[i]!;
    const due = clock.dueAt(receivedAt, limit, cutoffTime);
    sum += due.getTime() % 997 + clock.timeLeft(lookAt[i]!, due, limit.unit, { receivedAt, cutoffTime }).value;
  }
  return sum;
}

/** Deadlines per second of each of `ROUNDS` rounds. */
function measure(run: () => number): number[] {
  const rates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    checksum += run();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push(N / seconds);
  }
  return rates;
}

// Warm-up: JIT, and the working-day tables of every year the inputs reach.
checksum += dueOnly() + dueAndTimeLeft();
gc();
const heapRetained = process.memoryUsage().heapUsed - heapBefore;

const heapLoopStart = process.memoryUsage().heapUsed;
const dueRates = measure(dueOnly);
const bothRates = measure(dueAndTimeLeft);
const heapLoopGrowth = process.memoryUsage().heapUsed - heapLoopStart;
const rss = process.memoryUsage().rss;

// ---------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MiB`;
const line = (label: string, rates: number[]) =>
  `${label.padEnd(20)} ${fmt(median(rates)).padStart(11)} /s  (range ${fmt(Math.min(...rates))} – ${fmt(Math.max(...rates))} over ${rates.length} rounds)`;

const cpu = cpus();
console.log(`Node ${process.version} on ${cpu[0]?.model ?? 'unknown CPU'} (${cpu.length} logical CPUs, ${mib(totalmem())})`);
console.log(
  `${fmt(N)} deadlines per round, seed ${SEED}: ${fmt(N - hourLimits)} in working days (1–30), ${fmt(hourLimits)} in working hours (4–40), ${fmt(withCutoff)} with a 15:00 cut-off; receipts 2019–2030, vietnamCalendar`,
);
console.log(line('dueAt', dueRates));
console.log(line('dueAt + timeLeft', bothRates));
console.log(`heapUsed delta, clock built and warmed up (after GC): ${mib(heapRetained)}`);
console.log(`heapUsed delta across the measured rounds (GC not forced): ${mib(heapLoopGrowth)}`);
console.log(`rss at the end (inputs included): ${mib(rss)}`);
console.log(`(checksum ${checksum.toFixed(0)})`);
