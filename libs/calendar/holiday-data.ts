/**
 * Loads the announced holiday schedules (data/holidays.json) into the working calendar.
 *
 * The JSON is imported as a module (import attribute `type: 'json'`), so esbuild bundles it into each
 * Lambda and no file is read at run time; holidays.ts stays free of I/O. The data is validated while
 * this module loads: a bad data file throws a HolidayDataError naming every problem, at cold start and
 * in the tests, instead of silently giving wrong deadlines.
 */
import raw from './data/holidays.json' with { type: 'json' };
import { buildCalendar, parseHolidayData, type HolidayCalendar, type HolidayData } from './holidays.ts';

export const HOLIDAY_DATA_FILE = 'libs/calendar/data/holidays.json';

/** Validates holiday data (e.g. a file's parsed JSON) and builds the calendar from it. */
export function loadHolidayCalendar(input: unknown, origin = HOLIDAY_DATA_FILE): HolidayCalendar {
  return buildCalendar(parseHolidayData(input, origin), origin);
}

/** The shipped announcements, validated. */
export const holidayData: HolidayData = parseHolidayData(raw, HOLIDAY_DATA_FILE);

/** Vietnam's working calendar for civil-service offices: the shipped announcements over the computed default. */
export const vietnamCalendar: HolidayCalendar = buildCalendar(holidayData, HOLIDAY_DATA_FILE);
