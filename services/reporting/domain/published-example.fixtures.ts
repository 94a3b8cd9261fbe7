import procedures from '../../intake/data/procedures.json' with { type: 'json' };
import type { Procedure } from '../../intake/domain/catalog.ts';
import { checkLine, eventsOfImportedLine } from '../../intake/domain/history-import.ts';
import type { DomainEvent } from '../../../libs/events/catalog.ts';
import { demoTree } from './fixtures.ts';

/**
 * The published example of DOMAIN.md as a history file the previous system would export (Hòa Thành
 * town, 2022 to Q1 2023), for tests: 22 379 dossiers returned early or on time in the period; 60
 * received on 30/3/2023 and resolved in April; 22 waiting for a supplement on 31/3 (resolved in
 * April); 50 resolved late in 2022; 36 still open past their appointment on 31/3 (resolved late in
 * April). `every` keeps one line in that many (a smaller file of the same shape).
 */
const CATALOG = new Map((procedures as Procedure[]).map((procedure) => [procedure.code, procedure]));
const HOUSEHOLD_BUSINESS = '1.001612';
const at = (date: string, time: string) => `${date}T${time}:00+07:00`;
const dayAfter = (start: string, days: number) => {
  const date = new Date(`${start}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

export function publishedExampleLines(every = 1): string[] {
  const lines: object[] = [];
  const channel = (i: number) => (i < 20_908 ? 'online' : i % 2 ? 'counter' : 'postal');
  const base = (i: number) => ({ code: `HT-${String(i).padStart(6, '0')}`, procedureCode: HOUSEHOLD_BUSINESS, agencyCode: 'H38.22', channel: channel(i) });
  let i = 0;
  for (; i < 22_379; i++) {
    // Received on a working day of 2022 to March 2023, appointment three working days later.
    const received = dayAfter('2022-01-03', 7 * Math.floor((i % 320) / 5) + (i % 5));
    const due = dayAfter(received, (i % 5) + 3 > 4 ? 5 : 3);
    const resolved = i % 2 ? dayAfter(received, 1) : due;
    lines.push({ ...base(i), receivedAt: at(received, '09:00'), dueAt: at(due, '17:00'), resolvedAt: at(resolved, '15:00'), returnedAt: at(resolved, '16:00'), returnMethod: 'counter', status: 'returned' });
  }
  for (const end = i + 60; i < end; i++) {
    lines.push({ ...base(i), receivedAt: at('2023-03-30', '09:00'), dueAt: at('2023-04-06', '17:00'), resolvedAt: at('2023-04-05', '10:00'), status: 'resolved' });
  }
  for (const end = i + 22; i < end; i++) {
    lines.push({
      ...base(i),
      receivedAt: at('2023-03-20', '09:00'),
      dueAt: at('2023-04-10', '17:00'),
      resolvedAt: at('2023-04-07', '09:00'),
      status: 'resolved',
      supplements: [{ requestedAt: at('2023-03-22', '09:00'), receivedAt: at('2023-04-03', '09:00') }],
    });
  }
  for (const end = i + 50; i < end; i++) {
    lines.push({ ...base(i), receivedAt: at('2022-06-01', '09:00'), dueAt: at('2022-06-06', '17:00'), resolvedAt: at('2022-06-09', '10:00'), status: 'resolved' });
  }
  for (const end = i + 36; i < end; i++) {
    lines.push({ ...base(i), receivedAt: at('2023-03-01', '09:00'), dueAt: at('2023-03-06', '17:00'), resolvedAt: at('2023-04-12', '10:00'), status: 'resolved' });
  }
  return lines.filter((_, index) => index % every === 0).map((line) => JSON.stringify(line));
}


/** The events the import makes of `lines` (checked as the import checks them), as of `now`. */
export function eventsOfLines(lines: readonly string[], now: Date): DomainEvent[] {
  return lines.flatMap((text) => {
    const checked = checkLine(text, { agencyExists: (code) => demoTree.periodsByCode.has(code) });
    if (!checked.ok) throw new Error(checked.reasons.join('; '));
    const { intake, survey } = eventsOfImportedLine(checked.line, { now, procedureOf: (code) => CATALOG.get(code) });
    return [...intake, ...survey];
  });
}
