/**
 * Properties of deadlines over random receipts 2019–2030 (fast-check). The expected values of
 * the hand-worked table are in deadlines.test.ts; here the clock is checked against its own
 * inverse (counting back), against itself (monotonic, pausing) and against a naive day-by-day
 * model that asks the calendar about one date at a time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeadlineClock, type TimeLimit } from './deadlines.ts';
import { vietnamCalendar } from './holiday-data.ts';
import { DEFAULT_OFFICE_HOURS, minutesOf, timeOf, type OfficeHours } from './office-hours.ts';
import { weekdaysOnly, type LocalDate, type WorkingCalendar } from './working-days.ts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const OFFSET_MS = 7 * 3_600_000;

// ---------------------------------------------------------------------------
// A naive model: local days as numbers, the calendar asked one date at a time.
// ---------------------------------------------------------------------------

const dayOf = (instant: Date): number => Math.floor((instant.getTime() + OFFSET_MS) / DAY_MS);
const minuteOf = (instant: Date): number => Math.floor((instant.getTime() + OFFSET_MS - dayOf(instant) * DAY_MS) / MINUTE_MS);
const instantOf = (day: number, minute: number): Date => new Date(day * DAY_MS + minute * MINUTE_MS - OFFSET_MS);
const dateOf = (day: number): LocalDate => {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};

class Model {
  readonly sessions: readonly (readonly [number, number])[];
  readonly opens: number;
  readonly closes: number;
  readonly calendar: WorkingCalendar;

  constructor(calendar: WorkingCalendar, hours: OfficeHours) {
    this.calendar = calendar;
    this.sessions = hours.sessions.map((s) => [minutesOf(s.start), minutesOf(s.end)] as const);
    this.opens = this.sessions[0]![0];
    this.closes = this.sessions.at(-1)![1];
  }

  working(day: number): boolean {
    return this.calendar.isWorkingDay(dateOf(day));
  }

  nextWorking(day: number): number {
    let d = day + 1;
    while (!this.working(d)) d += 1;
    return d;
  }

  afterCutoff(receivedAt: Date, cutoff: string | null): boolean {
    const limit = cutoff === null ? this.closes : Math.min(minutesOf(cutoff), this.closes);
    return minuteOf(receivedAt) >= limit;
  }

  receiptDay(receivedAt: Date, cutoff: string | null): number {
    const day = dayOf(receivedAt);
    return !this.working(day) || this.afterCutoff(receivedAt, cutoff) ? this.nextWorking(day) : day;
  }

  /** Counting start of an hour limit, as an instant. */
  countingStart(receivedAt: Date, cutoff: string | null): Date {
    const day = dayOf(receivedAt);
    if (!this.working(day) || this.afterCutoff(receivedAt, cutoff)) return instantOf(this.nextWorking(day), this.opens);
    return receivedAt;
  }

  dueAt(receivedAt: Date, limit: TimeLimit, cutoff: string | null): Date {
    if (limit.unit === 'workingHours') {
      let day = dayOf(receivedAt);
      let minute = minuteOf(receivedAt);
      if (!this.working(day) || this.afterCutoff(receivedAt, cutoff)) {
        day = this.nextWorking(day);
        minute = this.opens;
      }
      let left = Math.round(limit.value * 60);
      for (;;) {
        if (this.working(day)) {
          for (const [start, end] of this.sessions) {
            if (end <= minute) continue;
            const from = Math.max(start, minute);
            if (left <= end - from) return instantOf(day, from + left);
            left -= end - from;
          }
        }
        day += 1;
        minute = 0;
      }
    }
    let day = this.receiptDay(receivedAt, cutoff);
    if (limit.unit === 'workingDays') {
      for (let n = 0; n < limit.value; n++) day = this.nextWorking(day);
    } else {
      day += limit.value;
      while (!this.working(day)) day += 1;
    }
    return instantOf(day, this.closes);
  }
}

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------

const FROM = Date.parse('2019-01-01T00:00:00+07:00');
const TO = Date.parse('2030-12-31T23:59:59+07:00');

/** Any instant 2019–2030, to the second, so that some fall on exact minutes and some do not. */
const receipt = fc.oneof(
  fc.integer({ min: 0, max: Math.floor((TO - FROM) / MINUTE_MS) }).map((m) => new Date(FROM + m * MINUTE_MS)),
  fc.integer({ min: 0, max: Math.floor((TO - FROM) / 1000) }).map((s) => new Date(FROM + s * 1000)),
);
/** An instant at or after `instant`, within about two months. */
const laterThan = (instant: Date) =>
  fc.oneof(
    fc.integer({ min: 0, max: 60 * 24 * 60 }).map((m) => new Date(instant.getTime() + m * MINUTE_MS)),
    fc.integer({ min: 0, max: 3 * 24 * 3600 }).map((s) => new Date(instant.getTime() + s * 1000)),
  );
const limit: fc.Arbitrary<TimeLimit> = fc.oneof(
  fc.integer({ min: 0, max: 30 }).map((value) => ({ unit: 'workingDays' as const, value })),
  fc.integer({ min: 0, max: 30 }).map((value) => ({ unit: 'calendarDays' as const, value })),
  fc.integer({ min: 1, max: 40 }).map((value) => ({ unit: 'workingHours' as const, value })),
  fc.integer({ min: 1, max: 160 }).map((quarters) => ({ unit: 'workingHours' as const, value: quarters / 4 })),
);
const cutoff = fc.constantFrom<string | null>(null, null, '15:00', '15:00', '11:00', '12:00', '16:30', '18:00');

// ---------------------------------------------------------------------------
// Properties, each over several clocks
// ---------------------------------------------------------------------------

const SATURDAY_HOURS: OfficeHours = {
  sessions: [
    { start: '07:00', end: '11:00' },
    { start: '13:00', end: '16:30' },
  ],
  saturdayMorning: { start: '07:30', end: '11:30' },
};
const THREE_SESSIONS: OfficeHours = {
  sessions: [
    { start: '07:00', end: '09:00' },
    { start: '10:00', end: '12:00' },
    { start: '14:00', end: '18:00' },
  ],
  saturdayMorning: null,
};

const clocks = [
  { name: 'vietnamCalendar, default hours', calendar: vietnamCalendar, hours: DEFAULT_OFFICE_HOURS },
  { name: 'weekdaysOnly, default hours', calendar: weekdaysOnly, hours: DEFAULT_OFFICE_HOURS },
  { name: 'vietnamCalendar, 07:00–11:00 13:00–16:30 + Saturday morning', calendar: vietnamCalendar, hours: SATURDAY_HOURS },
  { name: 'weekdaysOnly, three sessions', calendar: weekdaysOnly, hours: THREE_SESSIONS },
];

const RUNS = 1000;

describe.each(clocks)('$name', ({ calendar, hours }) => {
  const clock = new DeadlineClock(calendar, hours);
  const model = new Model(calendar, hours);
  const close = model.closes;

  it('a deadline is an instant of a working day, within office hours', () => {
    fc.assert(
      fc.property(receipt, limit, cutoff, (receivedAt, limit, cutoff) => {
        const due = clock.dueAt(receivedAt, limit, cutoff);
        const day = dayOf(due);
        const minute = minuteOf(due);
        expect(due.getTime() % MINUTE_MS).toBe(0);
        expect(calendar.isWorkingDay(dateOf(day))).toBe(true);
        if (limit.unit === 'workingHours') {
          // Inside a session or at its end (11:30 and 17:00 stay), never in a break; never at a session's start.
          expect(model.sessions.some(([start, end]) => minute > start && minute <= end)).toBe(true);
          expect(due.getTime()).toBeGreaterThan(receivedAt.getTime());
        } else {
          expect(minute).toBe(close);
          expect(due.getTime()).toBeGreaterThanOrEqual(receivedAt.getTime() - (receivedAt.getTime() % MINUTE_MS));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('counting back from the deadline gives the limit', () => {
    fc.assert(
      fc.property(receipt, limit, cutoff, (receivedAt, limit, cutoff) => {
        const due = clock.dueAt(receivedAt, limit, cutoff);
        const from = clock.effectiveReceiptDay(receivedAt, cutoff);
        expect(from).toEqual(dateOf(model.receiptDay(receivedAt, cutoff)));
        const dueDay = dateOf(dayOf(due));
        if (limit.unit === 'workingDays') {
          expect(clock.workingDaysBetween(from, dueDay)).toBe(limit.value);
          expect(clock.timeLeft(receivedAt, due, 'workingDays', { receivedAt, cutoffTime: cutoff })).toEqual(limit);
        } else if (limit.unit === 'calendarDays') {
          // The n-th day, or the first working day after it: no working day in between.
          const nth = model.receiptDay(receivedAt, cutoff) + limit.value;
          expect(dayOf(due)).toBeGreaterThanOrEqual(nth);
          for (let d = nth; d < dayOf(due); d++) expect(model.working(d)).toBe(false);
        } else {
          const start = model.countingStart(receivedAt, cutoff);
          expect(clock.officeMinutesBetween(start, due)).toBe(Math.round(limit.value * 60));
          expect(clock.timeLeft(receivedAt, due, 'workingHours', { receivedAt, cutoffTime: cutoff }).value * 60).toBeCloseTo(limit.value * 60, 9);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('agrees with the naive day-by-day model', () => {
    fc.assert(
      fc.property(receipt, limit, cutoff, (receivedAt, limit, cutoff) => {
        expect(clock.dueAt(receivedAt, limit, cutoff).toISOString()).toBe(model.dueAt(receivedAt, limit, cutoff).toISOString());
      }),
      { numRuns: RUNS },
    );
  });

  it('a later receipt never gives an earlier deadline', () => {
    fc.assert(
      fc.property(
        receipt.chain((first) => fc.tuple(fc.constant(first), laterThan(first))),
        limit,
        cutoff,
        ([first, second], limit, cutoff) => {
          expect(clock.dueAt(second, limit, cutoff).getTime()).toBeGreaterThanOrEqual(clock.dueAt(first, limit, cutoff).getTime());
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('pausing never shortens a deadline', () => {
    fc.assert(
      fc.property(
        receipt.chain((receivedAt) =>
          laterThan(receivedAt).chain((pausedAt) => fc.tuple(fc.constant(receivedAt), fc.constant(pausedAt), laterThan(pausedAt))),
        ),
        limit,
        cutoff,
        ([receivedAt, pausedAt, resumedAt], limit, cutoffTime) => {
          const due = clock.dueAt(receivedAt, limit, cutoffTime);
          const left = clock.timeLeft(pausedAt, due, limit.unit, { receivedAt, cutoffTime });
          expect(left.value).toBeGreaterThanOrEqual(0);
          expect(clock.dueAt(resumedAt, left, cutoffTime).getTime()).toBeGreaterThanOrEqual(due.getTime());
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('resuming at once, at the counting start, gives the same deadline', () => {
    // Paused and resumed before any working time was used: nothing is lost or gained.
    fc.assert(
      fc.property(receipt, limit, cutoff, (receivedAt, limit, cutoffTime) => {
        fc.pre(limit.unit !== 'calendarDays');
        const due = clock.dueAt(receivedAt, limit, cutoffTime);
        const left = clock.timeLeft(receivedAt, due, limit.unit, { receivedAt, cutoffTime });
        expect(clock.dueAt(receivedAt, left, cutoffTime).toISOString()).toBe(due.toISOString());
      }),
      { numRuns: RUNS },
    );
  });

  it('officeMinutesBetween is additive', () => {
    fc.assert(
      fc.property(
        receipt.chain((a) => laterThan(a).chain((b) => fc.tuple(fc.constant(a), fc.constant(b), laterThan(b)))),
        ([a, b, c]) => {
          // Whole minutes: the clock counts in minutes.
          const [x, y, z] = [a, b, c].map((t) => new Date(t.getTime() - (t.getTime() % MINUTE_MS)));
          expect(clock.officeMinutesBetween(x!, y!) + clock.officeMinutesBetween(y!, z!)).toBe(clock.officeMinutesBetween(x!, z!));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('arbitrary office hours (vietnamCalendar)', () => {
  /** 1–4 sessions from sorted distinct minutes of the day. */
  const officeHours: fc.Arbitrary<OfficeHours> = fc
    .integer({ min: 1, max: 4 })
    .chain((k) => fc.uniqueArray(fc.integer({ min: 0, max: 1439 }), { minLength: 2 * k, maxLength: 2 * k }))
    .map((minutes) => {
      const sorted = [...minutes].sort((a, b) => a - b);
      const sessions = [];
      for (let i = 0; i < sorted.length; i += 2) sessions.push({ start: timeOf(sorted[i]!), end: timeOf(sorted[i + 1]!) });
      return { sessions, saturdayMorning: null };
    });

  it('agrees with the naive model and counts back to the limit', () => {
    fc.assert(
      fc.property(officeHours, receipt, limit, cutoff, (hours, receivedAt, limit, cutoff) => {
        const clock = new DeadlineClock(vietnamCalendar, hours);
        const model = new Model(vietnamCalendar, hours);
        const due = clock.dueAt(receivedAt, limit, cutoff);
        expect(due.toISOString()).toBe(model.dueAt(receivedAt, limit, cutoff).toISOString());
        if (limit.unit === 'workingHours') {
          expect(clock.officeMinutesBetween(model.countingStart(receivedAt, cutoff), due)).toBe(Math.round(limit.value * 60));
        }
      }),
      { numRuns: 300 },
    );
  });
});
