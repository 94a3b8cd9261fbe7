import type { ScheduleSpec } from './assembly.ts';
import type { FunctionHost } from './function-host.ts';

const UNIT_MS: Record<string, number> = { minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000 };

/**
 * EventBridge scheduled rules, locally: `rate(...)` expressions fire on that period,
 * `cron(...)` expressions are checked every minute (UTC, as EventBridge does).
 */
export class Scheduler {
  private timers: NodeJS.Timeout[] = [];

  private readonly schedules: (ScheduleSpec & { hosts: FunctionHost[] })[];
  private readonly onError: (message: string) => void;

  constructor(schedules: (ScheduleSpec & { hosts: FunctionHost[] })[], onError: (message: string) => void) {
    this.schedules = schedules;
    this.onError = onError;
  }

  /** Enabled rules this scheduler runs. */
  get size(): number {
    return this.schedules.filter((schedule) => schedule.enabled).length;
  }

  start(): void {
    for (const schedule of this.schedules.filter((candidate) => candidate.enabled)) {
      const rate = /^rate\((\d+)\s+(\w+)\)$/.exec(schedule.expression);
      if (rate) {
        const period = Number(rate[1]) * (UNIT_MS[rate[2]!] ?? Number.NaN);
        if (!Number.isFinite(period)) throw new Error(`${schedule.key}: unsupported rate ${schedule.expression}`);
        this.timers.push(setInterval(() => this.fire(schedule), period));
        continue;
      }
      const cron = /^cron\((.+)\)$/.exec(schedule.expression);
      if (!cron) throw new Error(`${schedule.key}: unsupported schedule ${schedule.expression}`);
      const fields = cron[1]!.split(/\s+/);
      this.timers.push(
        setInterval(() => {
          if (cronMatches(fields, new Date())) this.fire(schedule);
        }, 60_000),
      );
    }
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  private fire(schedule: ScheduleSpec & { hosts: FunctionHost[] }): void {
    const event = {
      version: '0',
      id: crypto.randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: new Date().toISOString(),
      region: 'local',
      resources: [schedule.key],
      detail: {},
    };
    for (const host of schedule.hosts) {
      host.invoke(event).catch((error: unknown) => this.onError(`${schedule.key} → ${host.name}: ${(error as Error).message}`));
    }
  }
}

/** EventBridge cron: minutes hours day-of-month month day-of-week year; supports *, ?, lists, ranges and steps. */
export function cronMatches(fields: string[], at: Date): boolean {
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields;
  return (
    fieldMatches(minute!, at.getUTCMinutes()) &&
    fieldMatches(hour!, at.getUTCHours()) &&
    fieldMatches(dayOfMonth!, at.getUTCDate()) &&
    fieldMatches(month!, at.getUTCMonth() + 1) &&
    fieldMatches(dayOfWeek!, at.getUTCDay() + 1)
  );
}

function fieldMatches(field: string, value: number): boolean {
  if (field === '*' || field === '?') return true;
  return field.split(',').some((part) => {
    const [range, step] = part.split('/');
    const [from, to] = range === '*' ? [0, 59] : range!.split('-').map(Number);
    const start = from ?? 0;
    const end = to ?? (step ? 59 : start);
    return value >= start && value <= end && (value - start) % Number(step ?? 1) === 0;
  });
}
