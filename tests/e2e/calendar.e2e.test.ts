import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { vietnamCalendar } from '../../libs/calendar/holiday-data.ts';
import { DEFAULT_OFFICE_HOURS } from '../../libs/calendar/office-hours.ts';
import { calendarYear, quoteDeadline } from '../../libs/calendar/quote.ts';
import { readCatalog } from '../../services/intake/scripts/load-catalog.ts';
import { startLocalSystem, type LocalSystem } from '../support/local-system.ts';

let system: LocalSystem;
let dataDir: string;
const api: LocalSystem['api'] = (...args) => system.api(...args);
const { procedures } = readCatalog();

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-e2e-calendar-'));
  system = await startLocalSystem({ assemblyDir: inject('assemblyDir'), dataDir, inMemory: true });
});

afterAll(async () => {
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The library's answer, as JSON travels. */
function expectedQuote(procedureCode: string, receivedAt: string) {
  const procedure = procedures.find((p) => p.code === procedureCode)!;
  const quote = quoteDeadline(vietnamCalendar, { procedure, agencyCode: 'H38.22', officeHours: DEFAULT_OFFICE_HOURS, receivedAt: new Date(receivedAt) });
  return JSON.parse(JSON.stringify(quote));
}

/** A client mistake: a 4xx in the error shape. */
function expectError(response: { status: number; body: any }, status: number, code: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body).toMatchObject({ code, message: expect.stringMatching(/ \/ /), messages: { vi: expect.any(String), en: expect.any(String) } });
  expect(response.body).toHaveProperty('details');
}

describe('GET /calendar/deadline', () => {
  it('quotes Tết 2026: received Friday 13/2 at 16:59, 3 working days → 17:00 Wednesday 25/2', async () => {
    const response = await api('GET', '/calendar/deadline?procedure=1.001612&agency=H38.22&receivedAt=2026-02-13T16:59%2B07:00');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(expectedQuote('1.001612', '2026-02-13T16:59+07:00'));
    expect(response.body).toMatchObject({
      procedureCode: '1.001612',
      agencyCode: 'H38.22',
      receivedAt: '2026-02-13T09:59:00.000Z',
      effectiveReceiptDay: '2026-02-13',
      dueAt: '2026-02-25T10:00:00.000Z',
      dueAtLocal: '17:00 25/02/2026',
      limit: { unit: 'workingDays', value: 3 },
      workingDays: 3,
      calendarSource: 'announced',
    });
  });

  it('counts a dossier received at 17:00 from the first working day after Tết', async () => {
    const response = await api('GET', '/calendar/deadline?procedure=1.001612&agency=H38.22&receivedAt=2026-02-13T10:00:00Z');
    expect(response.body).toMatchObject({ effectiveReceiptDay: '2026-02-23', dueAtLocal: '17:00 26/02/2026' });
  });

  it('takes an unencoded "+" in the offset, which the query string turns into a space', async () => {
    const response = await api('GET', '/calendar/deadline?procedure=1.001612&agency=H38.22&receivedAt=2026-02-13T16:59+07:00');
    expect(response.status).toBe(200);
    expect(response.body.dueAtLocal).toBe('17:00 25/02/2026');
  });

  it('counts office hours for an hour limit and applies the cut-off', async () => {
    const hourly = procedures.find((p) => p.timeLimit.unit === 'workingHours' && p.cutoffTime === '15:00')!;
    const response = await api('GET', `/calendar/deadline?procedure=${hourly.code}&agency=H38.22&receivedAt=2026-02-13T14:00%2B07:00`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(expectedQuote(hourly.code, '2026-02-13T14:00+07:00'));
    expect(response.body.workingHours).toBe(hourly.timeLimit.value);
  });

  it('quotes from now when receivedAt is left out', async () => {
    const before = Date.now();
    const response = await api('GET', '/calendar/deadline?procedure=1.001612&agency=H38.22');
    expect(response.status).toBe(200);
    const receivedAt = new Date(response.body.receivedAt).getTime();
    expect(receivedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(receivedAt).toBeLessThanOrEqual(Date.now());
    expect(new Date(response.body.dueAt).getTime()).toBeGreaterThan(receivedAt);
  });

  it('answers bad input with a 4xx in the error shape, naming the field', async () => {
    const missing = await api('GET', '/calendar/deadline?agency=H38.22');
    expectError(missing, 400, 'VALIDATION_FAILED');
    expect(missing.body.details).toEqual([{ path: 'procedure', issue: expect.any(String) }]);

    const malformed = await api('GET', '/calendar/deadline?procedure=1.001612&agency=H38.22&receivedAt=13%2F02%2F2026');
    expectError(malformed, 400, 'VALIDATION_FAILED');
    expect(malformed.body.details).toEqual([{ path: 'receivedAt', issue: expect.stringContaining('ISO 8601') }]);
    expectError(await api('GET', '/calendar/deadline?procedure=1.001612&agency=H38.22&receivedAt=2026-02-13T16:59'), 400, 'VALIDATION_FAILED');

    const unknownProcedure = await api('GET', '/calendar/deadline?procedure=9.999999&agency=H38.22');
    expectError(unknownProcedure, 422, 'UNKNOWN_PROCEDURE');
    expect(unknownProcedure.body.details).toEqual({ procedureCode: '9.999999' });
    const unknownAgency = await api('GET', '/calendar/deadline?procedure=1.001612&agency=H99');
    expectError(unknownAgency, 422, 'UNKNOWN_AGENCY');
    expect(unknownAgency.body.details).toEqual({ agencyCode: 'H99' });

    const tooEarly = await api('GET', '/calendar/deadline?procedure=1.001612&agency=H38.22&receivedAt=1975-04-30T11:30%2B07:00');
    expectError(tooEarly, 422, 'YEAR_NOT_SUPPORTED');
    expect(tooEarly.body.details).toEqual({ year: 1975, supported: { from: 1976, to: 2199 } });
  });
});

describe('GET /calendar/{year}', () => {
  it('lists 2026: days off and swapped working days with their source, and the office hours', async () => {
    const response = await api('GET', '/calendar/2026');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(calendarYear(vietnamCalendar, 2026))));
    expect(response.body.officeHours).toEqual(DEFAULT_OFFICE_HOURS);
    expect(response.body.workingWeekendDays.map((day: { date: string }) => day.date)).toEqual(['2026-01-10', '2026-08-22']);
    expect(response.body.nonWorkingDays).toContainEqual(expect.objectContaining({ date: '2026-02-17', occasion: 'tet', source: 'announced' }));
  });

  it('answers a computed year too', async () => {
    const response = await api('GET', '/calendar/2031');
    expect(response.status).toBe(200);
    expect(response.body.source).toBe('computed');
  });

  it('answers 400 for a year that is not an integer and 422 outside 1976–2199', async () => {
    for (const year of ['abc', '2026.5', '20x6']) {
      const response = await api('GET', `/calendar/${year}`);
      expectError(response, 400, 'VALIDATION_FAILED');
      expect(response.body.details).toEqual([{ path: 'year', issue: expect.any(String) }]);
    }
    for (const year of [1975, 2200]) {
      const response = await api('GET', `/calendar/${year}`);
      expectError(response, 422, 'YEAR_NOT_SUPPORTED');
      expect(response.body.details).toEqual({ year, supported: { from: 1976, to: 2199 } });
    }
  });
});
