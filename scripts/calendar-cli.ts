/**
 * The working calendar from the command line, from the repository's data files (no running system):
 *
 *   npm run calendar -- deadline --procedure 1.001612 --agency H38.22 [--received-at 2026-02-13T16:59+07:00]
 *   npm run calendar -- year 2026
 *   npm run calendar -- check [--file libs/calendar/data/holidays.json]
 *
 * `deadline` and `year` print the JSON that GET /calendar/deadline and GET /calendar/{year} answer
 * (both built by libs/calendar/quote.ts); `check` validates the holiday data and lists the announced
 * years. `--pretty` prints for people instead. Exit status: 0 answered; 2 a bad command line (what the
 * API answers with 400); 1 refused (an unknown code, a year outside the calendar: the API's 422) or
 * invalid holiday data. Errors are one line on stderr.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  buildCalendar,
  HolidayDataError,
  parseHolidayData,
  type HolidayCalendar,
  type HolidaySource,
  type Occasion,
  type YearSource,
} from '../libs/calendar/holidays.ts';
import type { OfficeHours } from '../libs/calendar/office-hours.ts';
import {
  calendarYear,
  formatLocal,
  parseCalendarYearRequest,
  parseDeadlineRequest,
  quoteDeadline,
  SUPPORTED_YEARS,
  type CalendarYear,
  type DeadlineQuote,
} from '../libs/calendar/quote.ts';
import { DomainError, unknownCode } from '../libs/platform/errors.ts';
import { officeHoursOf } from '../services/intake/domain/catalog.ts';
import { readCatalog } from '../services/intake/scripts/load-catalog.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const HOLIDAY_FILE = 'libs/calendar/data/holidays.json';
const HELP = 'npm run calendar -- --help';

const USAGE = `usage:
  npm run calendar -- deadline --procedure <code> --agency <code> [--received-at <date-time with offset, e.g. 2026-02-13T16:59+07:00>] [--pretty]
  npm run calendar -- year <year> [--pretty]
  npm run calendar -- check [--file <holidays.json>] [--pretty]`;

const OPTIONS = {
  procedure: { type: 'string' },
  agency: { type: 'string' },
  'received-at': { type: 'string' },
  file: { type: 'string' },
  pretty: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const COMMANDS = {
  deadline: { options: ['procedure', 'agency', 'received-at', 'pretty'], positionals: 0 },
  year: { options: ['pretty'], positionals: 1 },
  check: { options: ['file', 'pretty'], positionals: 0 },
} as const;
type Command = keyof typeof COMMANDS;

/** A bad command line: exit 2. */
class UsageError extends Error {}

/** What a command prints and how the process ends. */
interface Outcome {
  readonly stdout: string;
  readonly exitCode: number;
}

// ---------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------

async function deadline(values: { procedure?: string; agency?: string; 'received-at'?: string }, pretty: boolean): Promise<Outcome> {
  const request = parseDeadlineRequest({ procedure: values.procedure, agency: values.agency, receivedAt: values['received-at'] });
  const { procedures, agencies } = readCatalog();
  const procedure = procedures.find((p) => p.code === request.procedure);
  const agency = agencies.find((a) => a.code === request.agency);
  if (!procedure) throw unknownCode('UNKNOWN_PROCEDURE', { vi: 'thủ tục', en: 'procedure' }, { procedureCode: request.procedure });
  if (!agency) throw unknownCode('UNKNOWN_AGENCY', { vi: 'cơ quan', en: 'agency' }, { agencyCode: request.agency });
  const officeHours = officeHoursOf(agency);
  const receivedAt = request.receivedAt ?? new Date();
  const quote = quoteDeadline(await shippedCalendar(), { procedure, agencyCode: agency.code, officeHours, receivedAt });
  const names = { procedure: procedure.name, agency: agency.name, officeHours };
  return { stdout: pretty ? prettyDeadline(quote, names) : asJson(quote), exitCode: 0 };
}

async function year(positional: string | undefined, pretty: boolean): Promise<Outcome> {
  const request = parseCalendarYearRequest({ year: positional });
  const answer = calendarYear(await shippedCalendar(), request.year);
  return { stdout: pretty ? prettyYear(answer) : asJson(answer), exitCode: 0 };
}

interface CheckedYear {
  readonly year: number;
  readonly source: YearSource;
  readonly announced: readonly Occasion[];
  readonly computed: readonly Occasion[];
}

/** Validates a holiday data file as the calendar does when it is built, and lists the announced years. */
function check(file: string | undefined, pretty: boolean): Outcome {
  const shown = file ?? HOLIDAY_FILE;
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file ?? path.join(REPO_ROOT, HOLIDAY_FILE), 'utf8'));
  } catch (error) {
    throw new Error(`${shown}: ${(error as Error).message}`);
  }
  let calendar: HolidayCalendar;
  let years: number[];
  try {
    const data = parseHolidayData(input, shown);
    calendar = buildCalendar(data, shown);
    years = data.years.map((entry) => entry.year).sort((a, b) => a - b);
  } catch (error) {
    if (!(error instanceof HolidayDataError)) throw error;
    const answer = { file: shown, valid: false, issues: error.issues };
    const text = pretty ? `${shown}: INVALID, ${error.issues.length} problem(s)\n${error.issues.map((issue) => `  - ${issue}`).join('\n')}` : asJson(answer);
    return { stdout: text, exitCode: 1 };
  }
  const checked: CheckedYear[] = years.map((y) => {
    const info = calendar.yearInfo(y);
    const by = (source: HolidaySource) => info.occasions.filter((o) => o.source === source).map((o) => o.occasion);
    return { year: y, source: info.source, announced: by('announced'), computed: by('computed') };
  });
  const answer = { file: shown, valid: true, supportedYears: SUPPORTED_YEARS, announcedYears: checked };
  return { stdout: pretty ? prettyCheck(shown, checked) : asJson(answer), exitCode: 0 };
}

/** The calendar the functions are built with; loaded on demand so that `check` still reports a broken file. */
async function shippedCalendar(): Promise<HolidayCalendar> {
  try {
    return (await import('../libs/calendar/holiday-data.ts')).vietnamCalendar;
  } catch (error) {
    if (error instanceof HolidayDataError) throw new Error(`${HOLIDAY_FILE} is invalid (${error.issues.length} problem(s)); see: npm run calendar -- check`);
    throw error;
  }
}

// ---------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------

const asJson = (value: unknown): string => JSON.stringify(value, null, 2);

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const weekdayOf = (isoDate: string): string => WEEKDAYS[new Date(`${isoDate}T00:00:00Z`).getUTCDay()]!;
const vnDate = (isoDate: string): string => isoDate.split('-').reverse().join('/');
const hours = (officeHours: OfficeHours): string =>
  officeHours.sessions.map((s) => `${s.start}–${s.end}`).join(', ') +
  (officeHours.saturdayMorning ? `; Saturday ${officeHours.saturdayMorning.start}–${officeHours.saturdayMorning.end}` : '');
const UNIT_NAMES: Record<string, string> = { workingDays: 'working day(s)', workingHours: 'working hour(s)', calendarDays: 'calendar day(s)' };

function prettyDeadline(quote: DeadlineQuote, names: { procedure: string; agency: string; officeHours: OfficeHours }): string {
  const receiptDay = quote.effectiveReceiptDay;
  const dueDay = quote.dueAtLocal.slice(6).split('/').reverse().join('-');
  return [
    `${quote.procedureCode} ${names.procedure}`,
    `at ${quote.agencyCode} ${names.agency} (office hours ${hours(names.officeHours)})`,
    `limit        ${quote.limit.value} ${UNIT_NAMES[quote.limit.unit] ?? quote.limit.unit}`,
    `received     ${formatLocal(new Date(quote.receivedAt))} → counted after ${weekdayOf(receiptDay)} ${vnDate(receiptDay)}`,
    `appointment  ${quote.dueAtLocal} (${weekdayOf(dueDay)}), ${quote.dueAt}`,
    `calendar     ${quote.calendarSource} (${quote.calendarYears.map((y) => `${y.year}: ${y.source}`).join('; ')})`,
  ].join('\n');
}

function prettyYear(answer: CalendarYear): string {
  const lines = [`${answer.year}: ${answer.source} — ${answer.legalBasis}`, '', 'Days off (besides ordinary weekends):'];
  for (const day of answer.nonWorkingDays) {
    lines.push(`  ${weekdayOf(day.date)} ${vnDate(day.date)}  ${day.name.vi} [${day.kind}, ${day.source}]`);
  }
  lines.push('', 'Weekend days worked:');
  if (answer.workingWeekendDays.length === 0) lines.push('  none');
  for (const day of answer.workingWeekendDays) {
    lines.push(`  ${weekdayOf(day.date)} ${vnDate(day.date)}  instead of ${weekdayOf(day.replaces)} ${vnDate(day.replaces)} [${day.source}]`);
  }
  lines.push('', `Office hours: ${hours(answer.officeHours)}`);
  return lines.join('\n');
}

function prettyCheck(file: string, years: readonly CheckedYear[]): string {
  const lines = [`${file}: valid; calendar years ${SUPPORTED_YEARS.from}–${SUPPORTED_YEARS.to}, announced years:`];
  for (const y of years) {
    lines.push(`  ${y.year}  ${y.source.padEnd(17)} announced: ${y.announced.join(', ') || '—'}; computed: ${y.computed.join(', ') || '—'}`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------

/** Where a VALIDATION_FAILED issue points, in command-line words. */
const ARGUMENT_NAMES: Record<string, string> = { procedure: '--procedure', agency: '--agency', receivedAt: '--received-at', year: '<year>' };

/** One line for an error, and the exit status. */
function describe(error: unknown): { line: string; exitCode: number } {
  if (error instanceof UsageError) return { line: `${error.message}; see ${HELP}`, exitCode: 2 };
  if (error instanceof DomainError) {
    if (error.code === 'VALIDATION_FAILED' && Array.isArray(error.details)) {
      const issues = (error.details as { path: string; issue: string }[]).map(({ path: at, issue }) => `${ARGUMENT_NAMES[at] ?? at}: ${issue}`);
      return { line: `${issues.join('; ')}; see ${HELP}`, exitCode: 2 };
    }
    const details = error.details === null ? '' : ` ${JSON.stringify(error.details)}`;
    return { line: `${error.code}: ${error.messageEn}${details}`, exitCode: error.code === 'VALIDATION_FAILED' ? 2 : 1 };
  }
  return { line: (error as Error).message.split('\n')[0]!, exitCode: 1 };
}

export async function run(args: readonly string[]): Promise<Outcome> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's messages go on with advice about "--"; the first sentence is the point.
    throw new UsageError((error as Error).message.split('. ')[0]!.replace(/\.$/, ''));
  }
  const { values, positionals } = parsed;
  if (values.help) return { stdout: USAGE, exitCode: 0 };
  const [name, ...rest] = positionals;
  if (name === undefined) throw new UsageError('missing command: deadline, year or check');
  if (!Object.hasOwn(COMMANDS, name)) throw new UsageError(`unknown command "${name}" (expected deadline, year or check)`);
  const command = name as Command;
  const allowed: readonly string[] = COMMANDS[command].options;
  const stray = Object.keys(values).filter((option) => !allowed.includes(option));
  if (stray.length > 0) throw new UsageError(`${command} takes no ${stray.map((o) => `--${o}`).join(', ')}`);
  if (rest.length > COMMANDS[command].positionals) throw new UsageError(`unexpected argument "${rest[COMMANDS[command].positionals]}"`);
  const pretty = values.pretty ?? false;
  switch (command) {
    case 'deadline':
      return deadline(values, pretty);
    case 'year':
      return year(rest[0], pretty);
    case 'check':
      return check(values.file, pretty);
  }
}

if (import.meta.main) {
  try {
    const { stdout, exitCode } = await run(process.argv.slice(2));
    console.log(stdout);
    process.exitCode = exitCode;
  } catch (error) {
    const { line, exitCode } = describe(error);
    console.error(`calendar: ${line}`);
    process.exitCode = exitCode;
  }
}
