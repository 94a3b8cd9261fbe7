import { vietnamCalendar } from '../../../libs/calendar/holiday-data.ts';
import { DEFAULT_OFFICE_HOURS } from '../../../libs/calendar/office-hours.ts';
import { calendarYear, parseCalendarYearRequest } from '../../../libs/calendar/quote.ts';
import { httpHandler, json } from '../../../libs/platform/http.ts';

/**
 * GET /calendar/{year} — the year's days off (holidays, compensatory and swapped days) and
 * the weekend days worked instead, each announced or computed, and the default office hours.
 */
export const handler = httpHandler(async (event) => {
  const { year } = parseCalendarYearRequest(event.pathParameters ?? {});
  return json(200, calendarYear(vietnamCalendar, year, DEFAULT_OFFICE_HOURS), { 'cache-control': 'public, max-age=3600' });
});
