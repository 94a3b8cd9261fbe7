import { dayNumberOf, localDateOf } from '../../../libs/calendar/working-days.ts';
import type { ProcedureInfo } from './summary.ts';
import type { OverdueEntry } from './tally.ts';

export interface OverdueDossier {
  readonly code: string;
  readonly procedureCode: string;
  readonly procedureName: string;
  readonly dueAt: string;
  /** Calendar days since the appointment's day. */
  readonly daysLate: number;
}

/** The overdue dossiers of an agency now, the longest overdue first. */
export function overdueList(agency: string, entries: readonly OverdueEntry[], procedures: ProcedureInfo, now: Date) {
  const today = dayNumberOf(localDateOf(now));
  const dossiers: OverdueDossier[] = entries
    .map((entry) => ({
      code: entry.code,
      procedureCode: entry.procedureCode,
      procedureName: procedures.get(entry.procedureCode)?.name ?? entry.procedureCode,
      dueAt: entry.dueAt,
      daysLate: today - dayNumberOf(localDateOf(new Date(entry.dueAt))),
    }))
    .sort((a, b) => b.daysLate - a.daysLate || a.code.localeCompare(b.code));
  return { agency, at: now.toISOString(), count: dossiers.length, dossiers };
}
