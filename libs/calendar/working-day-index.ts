import { dateOfDayNumber, DAY_MS, type WorkingCalendar } from './working-days.ts';

interface YearTable {
  readonly first: number;
  /** Working days of the year, in order, as day numbers. */
  readonly working: Int32Array;
  /** For each day of the year: how many working days of the year fall on or before it. */
  readonly rank: Uint16Array;
}

/**
 * Working-day arithmetic in O(years spanned): each year's working days are laid out
 * once, on first use, from the calendar, so adding twenty working days across Tết is
 * two array look-ups instead of a walk asking the calendar about every day.
 */
export class WorkingDayIndex {
  private readonly calendar: WorkingCalendar;
  private readonly years = new Map<number, YearTable>();

  constructor(calendar: WorkingCalendar) {
    this.calendar = calendar;
  }

  isWorking(day: number): boolean {
    const table = this.tableOf(day);
    const i = day - table.first;
    return table.rank[i] !== (i === 0 ? 0 : table.rank[i - 1]);
  }

  /** The n-th working day strictly after `day` (n ≥ 1); `day` itself when n is 0. */
  addWorkingDays(day: number, n: number): number {
    if (n <= 0) return day;
    let table = this.tableOf(day);
    let year = yearOfDayNumber(day);
    let target = table.rank[day - table.first]! + n;
    while (target > table.working.length) {
      target -= table.working.length;
      year += 1;
      table = this.table(year);
    }
    return table.working[target - 1]!;
  }

  /** The first working day on or after `day`. */
  workingOnOrAfter(day: number): number {
    return this.isWorking(day) ? day : this.addWorkingDays(day, 1);
  }

  /** Working days in (from, to]; 0 when `to` is not after `from`. */
  countBetween(from: number, to: number): number {
    if (to <= from) return 0;
    let year = yearOfDayNumber(from);
    const lastYear = yearOfDayNumber(to);
    let table = this.table(year);
    let count = -table.rank[from - table.first]!;
    while (year < lastYear) {
      count += table.working.length;
      year += 1;
      table = this.table(year);
    }
    return count + table.rank[to - table.first]!;
  }

  private tableOf(day: number): YearTable {
    return this.table(yearOfDayNumber(day));
  }

  private table(year: number): YearTable {
    let table = this.years.get(year);
    if (table) return table;
    const first = Math.floor(Date.UTC(year, 0, 1) / DAY_MS);
    const length = Math.floor(Date.UTC(year + 1, 0, 1) / DAY_MS) - first;
    const rank = new Uint16Array(length);
    const working: number[] = [];
    for (let i = 0; i < length; i++) {
      if (this.calendar.isWorkingDay(dateOfDayNumber(first + i))) working.push(first + i);
      rank[i] = working.length;
    }
    table = { first, working: Int32Array.from(working), rank };
    this.years.set(year, table);
    return table;
  }
}

function yearOfDayNumber(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}
