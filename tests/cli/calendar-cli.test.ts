import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { holidayData, vietnamCalendar } from '../../libs/calendar/holiday-data.ts';
import { calendarYear, quoteDeadline } from '../../libs/calendar/quote.ts';
import { officeHoursOf } from '../../services/intake/domain/catalog.ts';
import { readCatalog } from '../../services/intake/scripts/load-catalog.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = path.join(ROOT, 'scripts/calendar-cli.ts');
const { procedures, agencies } = readCatalog();

/** Runs `npm run calendar -- …` the way npm does: this Node.js, the repository as the working directory. */
async function calendar(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** What the library answers, as JSON travels. */
function libraryQuote(procedureCode: string, agencyCode: string, receivedAt: string) {
  const procedure = procedures.find((p) => p.code === procedureCode)!;
  const agency = agencies.find((a) => a.code === agencyCode)!;
  return JSON.parse(JSON.stringify(quoteDeadline(vietnamCalendar, { procedure, agencyCode, officeHours: officeHoursOf(agency), receivedAt: new Date(receivedAt) })));
}

describe('npm run calendar', () => {
  it('deadline prints the library\'s quote: the Tết 2026 Friday 16:59 example', async () => {
    const run = await calendar('deadline', '--procedure', '1.001612', '--agency', 'H38.22', '--received-at', '2026-02-13T16:59+07:00');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual(libraryQuote('1.001612', 'H38.22', '2026-02-13T16:59+07:00'));
    expect(JSON.parse(run.stdout)).toMatchObject({ dueAtLocal: '17:00 25/02/2026', workingDays: 3 });
  });

  it('deadline for an hour limit, and from now without --received-at', async () => {
    const hourly = await calendar('deadline', '--procedure', '1.001193', '--agency', 'H38.22.1', '--received-at', '2026-02-13T14:00+07:00');
    expect(JSON.parse(hourly.stdout)).toEqual(libraryQuote('1.001193', 'H38.22.1', '2026-02-13T14:00+07:00'));
    const before = Date.now();
    const now = await calendar('deadline', '--procedure', '1.001612', '--agency', 'H38.22');
    const receivedAt = new Date(JSON.parse(now.stdout).receivedAt).getTime();
    expect(receivedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(receivedAt).toBeLessThanOrEqual(Date.now());
  });

  it('year prints the library\'s year', async () => {
    const run = await calendar('year', '2026');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(calendarYear(vietnamCalendar, 2026))));
  });

  it('--pretty prints for people', async () => {
    const deadline = await calendar('deadline', '--procedure', '1.001612', '--agency', 'H38.22', '--received-at', '2026-02-13T16:59+07:00', '--pretty');
    expect(deadline.stdout).toMatch(/appointment +17:00 25\/02\/2026 \(Wed\)/);
    expect(deadline.stdout).toContain('counted after Fri 13/02/2026');
    const year = await calendar('year', '2026', '--pretty');
    expect(year.stdout).toContain('Tue 17/02/2026  Tết Âm lịch (mùng 1 tháng Giêng) [holiday, announced]');
    expect(year.stdout).toContain('Sat 10/01/2026  instead of Fri 02/01/2026 [announced]');
  });

  it('check validates the shipped data and lists the announced years', async () => {
    const run = await calendar('check');
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout);
    expect(answer).toMatchObject({ file: 'libs/calendar/data/holidays.json', valid: true, supportedYears: { from: 1976, to: 2199 } });
    const years = holidayData.years.map((entry) => entry.year).sort((a, b) => a - b);
    expect(answer.announcedYears.map((y: { year: number }) => y.year)).toEqual(years);
    for (const y of answer.announcedYears) {
      const info = vietnamCalendar.yearInfo(y.year);
      expect(y.source).toBe(info.source);
      expect([...y.announced, ...y.computed].sort()).toEqual(info.occasions.map((o) => o.occasion).sort());
    }
  });

  it('check fails with every problem of a broken file, exit 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'motcua-calendar-'));
    try {
      const file = path.join(dir, 'holidays.json');
      writeFileSync(file, JSON.stringify({ years: [{ year: 2027, occasions: { tet: { from: '2027-03-01', to: '2027-02-01', note: 'typo' } } }] }));
      const run = await calendar('check', '--file', file);
      expect(run.code).toBe(1);
      const answer = JSON.parse(run.stdout);
      expect(answer).toMatchObject({ file, valid: false });
      expect(answer.issues.join('\n')).toContain('"to" (2027-02-01) is before "from" (2027-03-01)');
      writeFileSync(file, '{ not json');
      const unreadable = await calendar('check', '--file', file);
      expect(unreadable.code).toBe(1);
      expect(unreadable.stderr).toMatch(/^calendar: .*holidays\.json: .*JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad arguments with one line on stderr and a non-zero exit', async () => {
    const cases: [string[], number, RegExp][] = [
      [[], 2, /missing command/],
      [['frob'], 2, /unknown command "frob"/],
      [['deadline', '--agency', 'H38.22'], 2, /--procedure: required/],
      [['deadline', '--procedure', '1.001612', '--agency', 'H38.22', '--received-at', '13/02/2026'], 2, /--received-at: must be an ISO 8601 date-time with an offset/],
      [['deadline', '--procedure', '1.001612', '--agency', 'H38.22', '--bogus'], 2, /Unknown option '--bogus'/],
      [['deadline', '--procedure', '1.001612', '--agency', 'H38.22', '--file', 'x'], 2, /deadline takes no --file/],
      [['deadline', '--procedure'], 2, /--procedure/],
      [['deadline', '--procedure', '9.999999', '--agency', 'H38.22'], 1, /UNKNOWN_PROCEDURE: No procedure has this code/],
      [['deadline', '--procedure', '1.001612', '--agency', 'H99'], 1, /UNKNOWN_AGENCY/],
      [['deadline', '--procedure', '1.001612', '--agency', 'H38.22', '--received-at', '1975-04-30T11:30+07:00'], 1, /YEAR_NOT_SUPPORTED: .*year 1975/],
      [['year'], 2, /<year>: required/],
      [['year', 'abc'], 2, /<year>: must be an integer year/],
      [['year', '2026', '2027'], 2, /unexpected argument "2027"/],
      [['year', '2300'], 1, /YEAR_NOT_SUPPORTED: .*year 2300 \(supported: 1976–2199\)/],
    ];
    const runs = await Promise.all(cases.map(([args]) => calendar(...args)));
    cases.forEach(([args, code, message], i) => {
      const run = runs[i]!;
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code, stdout: '' });
      expect(run.stderr).toMatch(/^calendar: [^\n]+\n$/);
      expect(run.stderr).toMatch(message);
    });
  });

  it('--help prints the usage', async () => {
    const run = await calendar('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('npm run calendar -- deadline --procedure <code> --agency <code>');
  });
});
