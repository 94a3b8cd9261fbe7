import { deadlineClock, type TimeLimit } from '../../libs/calendar/deadlines.ts';
import { vietnamCalendar } from '../../libs/calendar/holiday-data.ts';
import { addDays, dateOfDayNumber, dayNumberOf, instantOfLocal, isoDateOf, localDateOf, localDayAndMinute, type LocalDate } from '../../libs/calendar/working-days.ts';
import type { Procedure } from '../../services/intake/domain/catalog.ts';
import type { HistoryLineShape } from '../../services/intake/domain/history-import.ts';
import { agencyOn, ancestorsOn, type AgencyTree } from '../../services/reporting/domain/agency-tree.ts';
import type * as z from 'zod';
import { pick, weighted, type Random } from './random.ts';

/**
 * A realistic month of an agency's dossiers, as lines of the history import (docs/operations.md,
 * "Importing history"), for `npm run simulate`. Pure and deterministic: the same options (seed and
 * `now` included) give the same lines. Appointments are the intake clock's (the national calendar,
 * the usual office hours, the procedure's cut-off); after a supplement they are computed again as
 * intake does (restart: the full limit from the supplement's receipt; pause: the time left when it
 * was asked, from its receipt).
 */

export type HistoryLine = z.input<typeof HistoryLineShape>;

export interface HistoryOptions {
  /** A commune (its own dossiers), or an agency above communes (spread over those in force under it). */
  readonly agency: string;
  /** Days of history before today (today is left to live traffic). */
  readonly days: number;
  readonly dossiers: number;
  readonly seed: number;
  readonly now: Date;
}

export interface HistoryCatalog {
  readonly procedures: readonly Procedure[];
  /** Today's agencies (services/intake/data/agencies.json): their level says what they receive. */
  readonly agencies: readonly { code: string; level: string }[];
  readonly tree: AgencyTree;
}

/** The shares this history aims at (the unit tests hold it to them). */
export const MIX = {
  channel: { online: 0.72, counter: 0.25, postal: 0.03 },
  refused: 0.02,
  notAccepted: 0.015,
  withdrawn: 0.015,
  supplement: 0.1,
  secondSupplement: 0.15,
  supplementNeverBrought: 0.15,
  late: 0.035,
  leftOpenOverdue: 0.01,
  collected: 0.9,
  answered: 0.4,
  satisfaction: { 'very-satisfied': 0.55, satisfied: 0.38, 'not-satisfied': 0.07 },
  returnMethod: { counter: 0.8, postal: 0.1, online: 0.1 },
} as const;

const clock = deadlineClock(vietnamCalendar);
const SESSIONS = [
  [7 * 60 + 30, 11 * 60 + 30],
  [13 * 60 + 30, 17 * 60],
] as const;
const HOUR = 3_600_000;

/** The agencies that receive the dossiers: the commune itself, or the communes in force under `agency` on `date`. */
export function receivingAgencies(catalog: HistoryCatalog, agency: string, date: LocalDate): string[] {
  const live = new Set(catalog.agencies.map((a) => a.code));
  const communes = [...catalog.tree.periodsByCode.keys()].filter((code) => {
    const period = agencyOn(catalog.tree, code, date);
    if (!period || period.level !== 'commune' || !live.has(code)) return false;
    return code === agency || ancestorsOn(catalog.tree, code, date).some((ancestor) => ancestor.code === agency);
  });
  return communes.sort();
}

/** The procedures an agency of this level receives (`receivingLevels`). */
export function proceduresReceivedAt(catalog: HistoryCatalog, level: string): Procedure[] {
  return catalog.procedures.filter((procedure) => (procedure.receivingLevels as readonly string[]).includes(level));
}

/** The instant as the export writes it: Vietnam time with its offset, whole seconds. */
export function vietnamIso(instant: Date): string {
  return `${new Date(instant.getTime() + 7 * HOUR).toISOString().slice(0, 19)}+07:00`;
}

const inSession = (minute: number) => SESSIONS.some(([start, end]) => minute >= start && minute < end);

/** The latest office minute at or before `instant` (a result is signed during office hours). */
export function officeTimeAtOrBefore(instant: Date): Date {
  let { day, minute } = localDayAndMinute(instant);
  for (;;) {
    if (clock.isWorkingDay(dateOfDayNumber(day))) {
      if (inSession(minute)) return instantOfLocal(day, minute);
      const ended = SESSIONS.filter(([, end]) => end <= minute).at(-1);
      if (ended) return instantOfLocal(day, ended[1] - 1);
    }
    day -= 1;
    minute = 24 * 60;
  }
}

/** The first office minute at or after `instant`. */
export function officeTimeAtOrAfter(instant: Date): Date {
  let { day, minute } = localDayAndMinute(instant);
  for (;;) {
    if (clock.isWorkingDay(dateOfDayNumber(day))) {
      if (inSession(minute)) return instantOfLocal(day, minute);
      const next = SESSIONS.find(([start]) => start > minute);
      if (next) return instantOfLocal(day, next[0]);
    }
    day += 1;
    minute = -1;
  }
}

/** An office minute of a working day, mornings busier than afternoons. */
function officeMinute(random: Random): number {
  const [start, end] = random() < 0.6 ? SESSIONS[0] : SESSIONS[1];
  return start + Math.floor(random() * (end - start));
}

const between = (random: Random, from: number, to: number) => from + random() * Math.max(0, to - from);

interface Draft {
  agency: string;
  day: number;
  line: Omit<HistoryLine, 'code'>;
}

/**
 * The lines, sorted by receipt, each code `<agency>-<YYMMDD>-S<seed>-<NNNN>` (the agency's running
 * number of that day): the seed keeps a second run with another seed from colliding with the first.
 */
export function historyOf(catalog: HistoryCatalog, options: HistoryOptions, random: Random): HistoryLine[] {
  const today = dayNumberOf(localDateOf(options.now));
  const days = Array.from({ length: options.days }, (_, i) => today - options.days + i);
  const workingDays = days.filter((day) => clock.isWorkingDay(dateOfDayNumber(day)));
  if (!workingDays.length) throw new Error(`no working day in the last ${options.days} day(s)`);
  const receivers = receivingAgencies(catalog, options.agency, dateOfDayNumber(today - 1));
  if (!receivers.length) throw new Error(`no commune in force receives dossiers for ${options.agency} (services/reporting/data/agency-tree.json)`);
  const levelOf = new Map(catalog.agencies.map((agency) => [agency.code, agency.level]));

  const drafts: Draft[] = [];
  for (let i = 0; i < options.dossiers; i++) {
    const agency = pick(random, receivers);
    const procedures = proceduresReceivedAt(catalog, levelOf.get(agency)!);
    // Civil status and certification (hour limits) are most of a commune's counter.
    const procedure = weighted(random, procedures.map((p) => [p, p.timeLimit.unit === 'workingHours' ? 3 : 1] as const));
    let channel = weighted(random, Object.entries(MIX.channel) as [keyof typeof MIX.channel, number][]);
    if (channel === 'postal' && !procedure.postalAllowed) channel = 'counter';
    // Online filings come at any hour, a few at weekends; the counter and the post in office hours.
    const offHours = channel === 'online' && random() < 0.15;
    const day = offHours ? pick(random, days) : pick(random, workingDays);
    const minute = offHours ? 6 * 60 + Math.floor(random() * 17 * 60) : officeMinute(random);
    const receivedAt = instantOfLocal(day, minute);
    drafts.push({ agency, day, line: lifeOf(procedure, channel, receivedAt, options.now, random) });
    drafts.at(-1)!.line.agencyCode = agency;
  }
  drafts.sort((a, b) => a.line.receivedAt.localeCompare(b.line.receivedAt) || a.agency.localeCompare(b.agency));
  const numbers = new Map<string, number>();
  return drafts.map(({ agency, day, line }) => {
    const date = isoDateOf(dateOfDayNumber(day)).replaceAll('-', '').slice(2);
    const key = `${agency}-${date}`;
    const number = (numbers.get(key) ?? 0) + 1;
    numbers.set(key, number);
    return { code: `${key}-S${options.seed}-${String(number).padStart(4, '0')}`, ...line };
  });
}

/** One dossier's life from its receipt to `now`: supplements, result, return, answer; or still open. */
function lifeOf(procedure: Procedure, channel: HistoryLine['channel'], receivedAt: Date, now: Date, random: Random): Omit<HistoryLine, 'code'> {
  const limit = procedure.timeLimit as TimeLimit;
  const cutoff = procedure.cutoffTime ?? null;
  let dueAt = clock.dueAt(receivedAt, limit, cutoff);
  const base = { procedureCode: procedure.code, agencyCode: '', channel, receivedAt: vietnamIso(receivedAt) };
  const open = (status: HistoryLine['status'], extra: Partial<HistoryLine> = {}) => ({ ...base, dueAt: vietnamIso(dueAt), status, ...extra });
  const closed = (status: HistoryLine['status'], at: Date, extra: Partial<HistoryLine> = {}) =>
    at.getTime() > now.getTime() ? open(channel === 'online' ? 'submitted' : 'accepted', extra) : { ...open(status, extra), resolvedAt: vietnamIso(at) };

  // Refused at the desk (online only), refused later, withdrawn: a few hours to a couple of days in.
  const early = () => officeTimeAtOrAfter(new Date(receivedAt.getTime() + between(random, 1, 40) * HOUR));
  const fate = random();
  if (channel === 'online' && fate < MIX.notAccepted) return closed('not-accepted', early());
  if (fate < MIX.notAccepted + MIX.refused) return closed('refused', early());
  if (fate < MIX.notAccepted + MIX.refused + MIX.withdrawn) return closed('withdrawn', early());

  // Supplements: asked a little into the time limit, brought one to five days later (or never).
  let start = receivedAt;
  const supplements: { requestedAt: string; receivedAt?: string }[] = [];
  const asked = random() < MIX.supplement ? (random() < MIX.secondSupplement ? 2 : 1) : 0;
  for (let n = 0; n < asked; n++) {
    const requestedAt = officeTimeAtOrAfter(new Date(between(random, start.getTime() + HOUR, Math.min(dueAt.getTime(), start.getTime() + 48 * HOUR))));
    if (requestedAt.getTime() > now.getTime()) break;
    const rule = procedure.supplement;
    if (random() < MIX.supplementNeverBrought) {
      supplements.push({ requestedAt: vietnamIso(requestedAt) });
      const closesAt = clock.dueAt(requestedAt, { unit: 'workingDays', value: rule.closeAfterWorkingDays });
      // The deadline watch closes it on its next run after the closing day.
      const expired = new Date(closesAt.getTime() + 20 * 60_000);
      return expired.getTime() <= now.getTime() ? { ...open('stopped', { supplements }), resolvedAt: vietnamIso(expired) } : open('supplement-requested', { supplements });
    }
    const brought = officeTimeAtOrAfter(new Date(requestedAt.getTime() + between(random, 20, 120) * HOUR));
    if (brought.getTime() > now.getTime()) return open('supplement-requested', { supplements: [...supplements, { requestedAt: vietnamIso(requestedAt) }] });
    supplements.push({ requestedAt: vietnamIso(requestedAt), receivedAt: vietnamIso(brought) });
    dueAt = rule.clock === 'restart' ? clock.dueAt(brought, limit, cutoff) : clock.dueAt(brought, atLeastSome(clock.timeLeft(requestedAt, dueAt, limit.unit)), cutoff);
    start = brought;
  }
  const withSupplements = supplements.length ? { supplements } : {};

  // Resolved: most within the limit, a few late by one to three working days, a few left overdue.
  const roll = random();
  let resolvedAt: Date;
  if (roll < MIX.leftOpenOverdue && dueAt.getTime() < now.getTime()) return open('in-progress', withSupplements);
  if (roll < MIX.leftOpenOverdue + MIX.late) resolvedAt = officeTimeAtOrAfter(new Date(dueAt.getTime() + between(random, 16, 80) * HOUR));
  else resolvedAt = officeTimeAtOrBefore(new Date(between(random, start.getTime() + 0.15 * (dueAt.getTime() - start.getTime()), dueAt.getTime())));
  if (resolvedAt.getTime() < start.getTime()) resolvedAt = officeTimeAtOrAfter(start);
  if (resolvedAt.getTime() > now.getTime()) {
    const waiting = channel === 'online' && now.getTime() - receivedAt.getTime() < 4 * HOUR;
    return open(waiting ? 'submitted' : 'in-progress', withSupplements);
  }

  const returnMethod = weighted(random, (Object.entries(MIX.returnMethod) as [keyof typeof MIX.returnMethod, number][]).filter(([method]) => method !== 'postal' || procedure.postalAllowed));
  const result = { ...withSupplements, returnMethod, resolvedAt: vietnamIso(resolvedAt) };
  // Collected (or delivered by post) within a few days; the rest still wait at the counter.
  const returnedAt = returnMethod === 'online' ? resolvedAt : officeTimeAtOrAfter(new Date(resolvedAt.getTime() + between(random, 0.5, returnMethod === 'postal' ? 72 : 60) * HOUR));
  const collected = random() < MIX.collected && returnedAt.getTime() <= now.getTime();
  const satisfaction = collected && random() < MIX.answered ? { satisfaction: weighted(random, Object.entries(MIX.satisfaction) as [NonNullable<HistoryLine['satisfaction']>, number][]) } : {};
  if (!collected) return open('resolved', result);
  return open('returned', { ...result, returnedAt: vietnamIso(returnedAt), ...satisfaction });
}

/** A paused clock with nothing left still gives the office the rest of a day (intake's clock cannot count zero). */
function atLeastSome(left: TimeLimit): TimeLimit {
  return left.value > 0 ? left : { unit: left.unit, value: 1 };
}

/** The local dates the history covers: the `days` days before today's. */
export function historyDates(now: Date, days: number): { from: string; to: string } {
  const today = localDateOf(now);
  return { from: isoDateOf(addDays(today, -days)), to: isoDateOf(addDays(today, -1)) };
}
