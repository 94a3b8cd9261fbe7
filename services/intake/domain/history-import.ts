import { createHash } from 'node:crypto';
import * as z from 'zod';
import { deadlineClock, type TimeUnit } from '../../../libs/calendar/deadlines.ts';
import { vietnamCalendar } from '../../../libs/calendar/holiday-data.ts';
import { verdictOf, type Verdict } from '../../../libs/calendar/verdicts.ts';
import { instantOfLocal, localDayAndMinute } from '../../../libs/calendar/working-days.ts';
import { isoInstant } from '../../../libs/events/envelope.ts';
import { DossierStatus, IMPORT_ACTOR, type EventData, type IntakeEvent, type IntakeEventType } from '../../../libs/events/intake.ts';
import { SatisfactionLevel, type SurveyEvent } from '../../../libs/events/survey.ts';
import { STATUS_CODES, STATUS_LABELS_VI, DeliveryMethod, type Channel, type Status } from './dossier.ts';
import type { Procedure } from './catalog.ts';

/**
 * History import (docs/operations.md, "Importing history"): dossiers exported from the previous
 * system, one JSON object a line, become imported dossiers and their events with their own times.
 * Pure: the script (scripts/import-history.ts) streams the file, and reporting can fold imported
 * history through `eventsOfImportedLine` without DynamoDB.
 */

export { IMPORT_ACTOR, isImportedEvent } from '../../../libs/events/intake.ts';

/** Supplements one imported dossier may list (the law allows one request; older systems recorded more). */
export const MAX_SUPPLEMENTS = 10;

/** A code the previous system gave: letters, digits and `. _ - /`, at most 64 (a DynamoDB key that cannot collide with our counters, which use `#`). */
export const IMPORTED_CODE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;

/** `refused` is the previous systems' word for a refusal after acceptance: our `stopped`, announced by DossierRefused. */
const ImportedStatus = z.enum([...DossierStatus.options, 'refused']);
type ImportedStatus = z.infer<typeof ImportedStatus>;

const OPEN: readonly ImportedStatus[] = ['submitted', 'accepted', 'in-progress', 'supplement-requested', 'payment-requested'];
const WITH_RESULT: readonly ImportedStatus[] = ['resolved', 'returned'];
/** Closed without a result: `resolvedAt` is read as when it was closed. */
const CLOSED_WITHOUT_RESULT: readonly ImportedStatus[] = ['not-accepted', 'refused', 'stopped', 'withdrawn'];

const Supplement = z.strictObject({ requestedAt: isoInstant, receivedAt: isoInstant.optional() });

/** One line of the export, as the file gives it (instants with their offset). */
export const HistoryLineShape = z.strictObject({
  code: z.string().regex(IMPORTED_CODE, 'letters, digits and . _ - / only, at most 64'),
  procedureCode: z.string().min(1).max(40),
  agencyCode: z.string().min(1).max(40),
  channel: z.enum(['counter', 'online', 'postal']),
  receivedAt: isoInstant,
  dueAt: isoInstant,
  resolvedAt: isoInstant.optional(),
  returnedAt: isoInstant.optional(),
  returnMethod: DeliveryMethod.optional(),
  status: ImportedStatus,
  supplements: z.array(Supplement).max(MAX_SUPPLEMENTS).optional(),
  satisfaction: SatisfactionLevel.optional(),
});

const ms = (instant: string) => new Date(instant).getTime();

/** The line's facts must agree with each other: each disagreement is an issue on the field it names. */
export const HistoryLine = HistoryLineShape.superRefine((line, ctx) => {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const { status } = line;
  if (ms(line.dueAt) < ms(line.receivedAt)) issue(['dueAt'], 'is before receivedAt');
  if (line.resolvedAt && ms(line.resolvedAt) < ms(line.receivedAt)) issue(['resolvedAt'], 'is before receivedAt');
  if (line.returnedAt && line.resolvedAt && ms(line.returnedAt) < ms(line.resolvedAt)) issue(['returnedAt'], 'is before resolvedAt');
  if (WITH_RESULT.includes(status) && !line.resolvedAt) issue(['resolvedAt'], `is required for status ${status}`);
  if (CLOSED_WITHOUT_RESULT.includes(status) && !line.resolvedAt) issue(['resolvedAt'], `is required for status ${status} (when it was closed)`);
  if (status === 'returned' && !line.returnedAt) issue(['returnedAt'], 'is required for status returned');
  if (status !== 'returned' && line.returnedAt) issue(['returnedAt'], `is given but status is ${status}, not returned`);
  if (OPEN.includes(status) && line.resolvedAt) issue(['resolvedAt'], `is given but status ${status} is still open`);
  if (line.returnMethod && !WITH_RESULT.includes(status)) issue(['returnMethod'], `is given but status ${status} has no result`);
  if (line.satisfaction && !WITH_RESULT.includes(status)) issue(['satisfaction'], `is given but status ${status} has no result to rate`);

  const supplements = line.supplements ?? [];
  const closing = line.resolvedAt ? ms(line.resolvedAt) : Infinity;
  supplements.forEach((supplement, index) => {
    const path = (field: string) => ['supplements', index, field];
    const requested = ms(supplement.requestedAt);
    if (requested < ms(line.receivedAt)) issue(path('requestedAt'), 'is before receivedAt');
    if (requested > closing) issue(path('requestedAt'), 'is after the dossier was resolved or closed');
    const previous = supplements[index - 1];
    if (previous && (!previous.receivedAt || requested < ms(previous.receivedAt))) issue(path('requestedAt'), 'is before the previous supplement was received');
    if (supplement.receivedAt) {
      if (ms(supplement.receivedAt) < requested) issue(path('receivedAt'), 'is before requestedAt');
      if (ms(supplement.receivedAt) > closing) issue(path('receivedAt'), 'is after the dossier was resolved or closed');
    } else if (index < supplements.length - 1) {
      issue(path('receivedAt'), 'is missing, yet a later supplement was requested');
    }
  });
  const waiting = supplements.at(-1) && !supplements.at(-1)!.receivedAt;
  if (status === 'supplement-requested' && !waiting) issue(['supplements'], 'status supplement-requested needs a last supplement not yet received');
  if (waiting && (WITH_RESULT.includes(status) || (OPEN.includes(status) && status !== 'supplement-requested'))) {
    issue(['supplements'], `the last supplement was never received, yet status is ${status}`);
  }
});
export type HistoryLine = z.infer<typeof HistoryLine>;

/** What checking a line needs from outside: the agencies that exist or existed. */
export interface ImportContext {
  readonly agencyExists: (code: string) => boolean;
}

export type LineCheck = { readonly ok: true; readonly line: HistoryLine } | { readonly ok: false; readonly reasons: string[] };

/** One line of the file, checked on its own: JSON, fields, instants, consistency, agency. */
export function checkLine(text: string, context: ImportContext): LineCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reasons: [`bad JSON: ${(error as Error).message}`] };
  }
  const parsed = HistoryLine.safeParse(json);
  if (!parsed.success) return { ok: false, reasons: parsed.error.issues.map(reasonOf) };
  if (!context.agencyExists(parsed.data.agencyCode)) return { ok: false, reasons: [`agencyCode: unknown agency ${parsed.data.agencyCode}`] };
  return { ok: true, line: parsed.data };
}

function reasonOf(issue: z.core.$ZodIssue): string {
  const where = issue.path.join('.') || '(line)';
  // `[1,2]` or `null` on a line: not "missing", as zod's input-less issue would otherwise say.
  if (!issue.path.length && issue.code === 'invalid_type') return '(line): not a JSON object';
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${where}: missing`;
  if (issue.code === 'invalid_format' && issue.format === 'datetime') return `${where}: not an ISO 8601 instant with an offset`;
  if (issue.code === 'unrecognized_keys') return `${where}: unknown field(s) ${issue.keys.join(', ')}`;
  return `${where}: ${issue.message}`;
}

/** A bad line of the file, by its number (from 1). */
export interface LineProblem {
  readonly line: number;
  readonly reasons: string[];
}

/**
 * The whole file's check, fed line by line (so a province's file is streamed, never held):
 * each line on its own, then across lines (a code twice). Blank lines are skipped.
 */
export class HistoryFileCheck {
  readonly problems: LineProblem[] = [];
  private readonly seen = new Map<string, number>();
  private readonly context: ImportContext;
  lines = 0;
  valid = 0;

  constructor(context: ImportContext) {
    this.context = context;
  }

  add(text: string, lineNumber: number): HistoryLine | null {
    if (!text.trim()) return null;
    this.lines += 1;
    const check = checkLine(text, this.context);
    if (!check.ok) {
      this.problems.push({ line: lineNumber, reasons: check.reasons });
      return null;
    }
    const first = this.seen.get(check.line.code);
    if (first !== undefined) {
      this.problems.push({ line: lineNumber, reasons: [`code: duplicate code ${check.line.code} (first on line ${first})`] });
      return null;
    }
    this.seen.set(check.line.code, lineNumber);
    this.valid += 1;
    return check.line;
  }
}

// ---------------------------------------------------------------------------
// A line → the imported dossier and its events
// ---------------------------------------------------------------------------

/** What turning a line into events reads from the catalog: the procedure, if it still has it. */
export type ProcedureOf = (code: string) => Pick<Procedure, 'name' | 'level' | 'onlineLevel' | 'timeLimit' | 'supplement'> | undefined;

/** Where the catalog no longer has an imported procedure: counted in working days, the usual supplement rule. */
const UNKNOWN_PROCEDURE = { level: 'commune', onlineLevel: 'mot-phan', supplement: { clock: 'pause', closeAfterWorkingDays: 15 } } as const;

const iso = (instant: string) => new Date(instant).toISOString();

/**
 * A version 5 (name-based) UUID: an imported event has the same id however often it is derived,
 * so a consumer that folds the file and also receives the events from the bus counts it once.
 */
export function importedEventId(name: string): string {
  const hash = createHash('sha1').update(`motcua-history-import:${name}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The first instant the deadline watch finds the appointment passed (overdue.ts `pastAppointment`):
 * the start of the next local day, or for an hour limit the moment after the appointment hour.
 * The watch runs every few minutes; this is the earliest it could stamp it.
 */
export function firstOverdueInstant(dueAt: Date, unit: TimeUnit): Date {
  if (unit === 'workingHours') return new Date(dueAt.getTime() + 1);
  return instantOfLocal(localDayAndMinute(dueAt).day + 1, 0);
}

/** The status the dossier has after each known change, and the event's own time and data. */
type Step = { readonly [T in IntakeEventType]: { type: T; at: string; status: Status; extra: Omit<EventData<T>, 'status' | 'statusCode' | 'dueAt'> } }[IntakeEventType];

/** The file's status in our vocabulary. */
export function storedStatusOf(status: ImportedStatus): Status {
  return status === 'refused' ? 'stopped' : status;
}

/** The result's way back (the export may not say: the counter, where most results are collected). */
const returnMethodOf = (line: HistoryLine) => line.returnMethod ?? 'counter';

/** The supplement's closing day, on the national calendar and the usual office hours (an export names neither the agency's hours then). */
const CLOSING_CLOCK = deadlineClock(vietnamCalendar);

function stepsOf(line: HistoryLine, procedure: ReturnType<ProcedureOf>, now: Date): Step[] {
  const unit = procedure?.timeLimit.unit ?? 'workingDays';
  const supplementRule = procedure?.supplement ?? UNKNOWN_PROCEDURE.supplement;
  const received: Status = line.channel === 'online' ? 'submitted' : 'accepted';
  const steps: Step[] = [
    {
      type: 'DossierReceived',
      at: iso(line.receivedAt),
      status: received,
      extra: {
        channel: line.channel,
        receivedAt: iso(line.receivedAt),
        resultDelivery: returnMethodOf(line),
        procedureLevel: procedure?.level ?? UNKNOWN_PROCEDURE.level,
        onlineLevel: procedure?.onlineLevel ?? UNKNOWN_PROCEDURE.onlineLevel,
      },
    },
  ];
  // What happened while it was open: supplements asked and brought, and the appointment passing
  // while its clock ran (the watch does not stamp a dossier waiting for the citizen).
  const closing = line.resolvedAt ? ms(line.resolvedAt) : now.getTime();
  let overdueAt = firstOverdueInstant(new Date(line.dueAt), unit).getTime();
  const supplements = line.supplements ?? [];
  let overdueGiven = false;
  const overdueBefore = (instant: number) => {
    if (!overdueGiven && overdueAt < instant && overdueAt <= closing) {
      steps.push({ type: 'DossierOverdue', at: new Date(overdueAt).toISOString(), status: received, extra: {} });
      overdueGiven = true;
    }
  };
  for (const supplement of supplements) {
    overdueBefore(ms(supplement.requestedAt));
    const closesAt = CLOSING_CLOCK.dueAt(new Date(supplement.requestedAt), { unit: 'workingDays', value: supplementRule.closeAfterWorkingDays }).toISOString();
    steps.push({ type: 'DossierSupplementRequested', at: iso(supplement.requestedAt), status: 'supplement-requested', extra: { missing: [], clock: supplementRule.clock, closesAt } });
    if (!supplement.receivedAt) break;
    // An appointment that passed while the citizen was completing the dossier is found once the clock runs again.
    if (overdueAt < ms(supplement.receivedAt)) overdueAt = Math.max(overdueAt, ms(supplement.receivedAt));
    steps.push({ type: 'DossierSupplementReceived', at: iso(supplement.receivedAt), status: received, extra: {} });
  }
  const waiting = supplements.length > 0 && !supplements.at(-1)!.receivedAt;
  if (!waiting) overdueBefore(line.resolvedAt ? closing : closing + 1);

  const closedAt = line.resolvedAt && iso(line.resolvedAt);
  switch (line.status) {
    case 'resolved':
    case 'returned': {
      const verdict: Verdict = verdictOf(new Date(line.resolvedAt!), new Date(line.dueAt), unit);
      steps.push({ type: 'DossierResolved', at: closedAt!, status: 'resolved', extra: { resolvedAt: closedAt!, verdict, resultDelivery: returnMethodOf(line) } });
      if (line.status === 'returned') {
        const method = returnMethodOf(line);
        const returnedAt = iso(line.returnedAt!);
        steps.push({ type: 'DossierResultReturned', at: returnedAt, status: 'returned', extra: method === 'postal' ? { method, deliveredAt: returnedAt } : { method } });
      }
      break;
    }
    case 'withdrawn':
      steps.push({ type: 'DossierWithdrawn', at: closedAt!, status: 'withdrawn', extra: {} });
      break;
    case 'stopped':
      if (waiting) {
        const closesAt = (steps.at(-1)!.extra as { closesAt: string }).closesAt;
        steps.push({ type: 'DossierSupplementExpired', at: closedAt!, status: 'stopped', extra: { closesAt } });
        break;
      }
      steps.push({ type: 'DossierRefused', at: closedAt!, status: 'stopped', extra: { reason: IMPORTED_REASON } });
      break;
    case 'refused':
    case 'not-accepted':
      steps.push({ type: 'DossierRefused', at: closedAt!, status: storedStatusOf(line.status), extra: { reason: IMPORTED_REASON } });
      break;
    default:
      break;
  }
  return steps;
}

/** The previous systems' exports do not carry the refusal's reason. */
export const IMPORTED_REASON = 'Không có trong dữ liệu nhập từ hệ thống cũ / Not in the imported history';

/** An imported line's events: intake's (sequence 1..n, the dossier's version) and the survey's answer, if it has one. */
export interface ImportedEvents {
  readonly intake: IntakeEvent[];
  readonly survey: SurveyEvent[];
}

/**
 * The events of one imported line, with its own times, as the live actions would have written
 * them (see the table in docs/operations.md, "Importing history"). `now`: the time of the import,
 * before which an open dossier's appointment must have passed for it to be announced overdue.
 * Deterministic: the same line and `now` give the same events, ids included.
 */
export function eventsOfImportedLine(line: HistoryLine, options: { now: Date; procedureOf: ProcedureOf }): ImportedEvents {
  const envelope = { version: 1 as const, dossierCode: line.code, agencyCode: line.agencyCode, procedureCode: line.procedureCode, actor: { ...IMPORT_ACTOR } };
  const dueAt = iso(line.dueAt);
  const intake = stepsOf(line, options.procedureOf(line.procedureCode), options.now).map(
    (step, index) =>
      ({
        ...envelope,
        eventId: importedEventId(`intake:${line.code}:${index + 1}`),
        type: step.type,
        occurredAt: step.at,
        sequence: index + 1,
        data: { status: step.status, statusCode: STATUS_CODES[step.status], dueAt, ...step.extra },
      }) as IntakeEvent,
  );
  const survey: SurveyEvent[] = line.satisfaction
    ? [
        {
          ...envelope,
          eventId: importedEventId(`survey:${line.code}:1`),
          type: 'SurveyAnswered',
          occurredAt: iso(line.returnedAt ?? line.resolvedAt!),
          sequence: 1,
          data: { level: line.satisfaction, channel: 'imported' },
        },
      ]
    : [];
  return { intake, survey };
}

/**
 * An imported dossier as intake stores it: what the export says, no applicant, no documents.
 * It is history, not work: no action applies to it (the repository refuses them), the deadline
 * watch does not see it, and `fingerprint` tells a re-run of the same line from a different one.
 */
export interface ImportedDossier {
  readonly code: string;
  readonly procedureCode: string;
  readonly procedureName: string;
  readonly agencyCode: string;
  readonly handlingAgency: string;
  readonly channel: Channel;
  readonly status: Status;
  readonly receivedAt: string;
  readonly dueAt: string;
  readonly resolvedAt: string | null;
  readonly returnedAt: string | null;
  readonly verdict: Verdict | null;
  readonly resultDelivery: { readonly method: z.infer<typeof DeliveryMethod> };
  readonly supplements: { readonly requestedAt: string; readonly receivedAt: string | null }[];
  readonly satisfaction: z.infer<typeof SatisfactionLevel> | null;
  readonly imported: { readonly at: string; readonly fingerprint: string };
  /** The number of its events, as for a live dossier. */
  readonly version: number;
}

/** The line's content, whatever its key order, spacing or offsets: equal for the same dossier. */
export function fingerprintOf(line: HistoryLine): string {
  const normal = {
    ...line,
    receivedAt: iso(line.receivedAt),
    dueAt: iso(line.dueAt),
    resolvedAt: line.resolvedAt && iso(line.resolvedAt),
    returnedAt: line.returnedAt && iso(line.returnedAt),
    supplements: line.supplements?.map((supplement) => ({ requestedAt: iso(supplement.requestedAt), receivedAt: supplement.receivedAt && iso(supplement.receivedAt) })),
  };
  const sorted = Object.fromEntries(Object.entries(normal).filter(([, value]) => value !== undefined).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('base64url');
}

/** The stored imported dossier and its events, ready to be written together. */
export function importOf(line: HistoryLine, options: { now: Date; procedureOf: ProcedureOf }): { dossier: ImportedDossier } & ImportedEvents {
  const events = eventsOfImportedLine(line, options);
  const resolved = events.intake.find((event) => event.type === 'DossierResolved');
  const dossier: ImportedDossier = {
    code: line.code,
    procedureCode: line.procedureCode,
    procedureName: options.procedureOf(line.procedureCode)?.name ?? line.procedureCode,
    agencyCode: line.agencyCode,
    handlingAgency: line.agencyCode,
    channel: line.channel,
    status: storedStatusOf(line.status),
    receivedAt: iso(line.receivedAt),
    dueAt: iso(line.dueAt),
    resolvedAt: line.resolvedAt ? iso(line.resolvedAt) : null,
    returnedAt: line.returnedAt ? iso(line.returnedAt) : null,
    verdict: resolved?.type === 'DossierResolved' ? resolved.data.verdict : null,
    resultDelivery: { method: returnMethodOf(line) },
    supplements: (line.supplements ?? []).map((supplement) => ({ requestedAt: iso(supplement.requestedAt), receivedAt: supplement.receivedAt ? iso(supplement.receivedAt) : null })),
    satisfaction: line.satisfaction ?? null,
    imported: { at: options.now.toISOString(), fingerprint: fingerprintOf(line) },
    version: events.intake.length,
  };
  return { dossier, ...events };
}

/** Whether a stored item is an imported dossier (the repository reads both kinds from one table). */
export const isImportedItem = (item: Record<string, unknown>): boolean => typeof item.imported === 'object' && item.imported !== null;

// ---------------------------------------------------------------------------
// What GET /dossiers/{code} answers for an imported dossier
// ---------------------------------------------------------------------------

const HistoryEntry = z.strictObject({ type: z.string(), at: isoInstant, status: DossierStatus });

/** An imported dossier as an officer sees it: what the export said, its events, and nothing to do. */
export const ImportedView = z.strictObject({
  code: z.string(),
  imported: z.literal(true).meta({ description: 'Loaded from the previous system (npm run import): no applicant, no documents, no action applies.' }),
  procedure: z.strictObject({ code: z.string(), name: z.string() }),
  agencyCode: z.string(),
  channel: z.enum(['counter', 'online', 'postal']),
  status: DossierStatus,
  statusCode: z.int().min(1).max(10),
  statusLabel: z.string(),
  receivedAt: isoInstant,
  dueAt: isoInstant,
  resolvedAt: isoInstant.nullable(),
  returnedAt: isoInstant.nullable(),
  verdict: z.enum(['early', 'on-time', 'late']).nullable(),
  resultDelivery: z.strictObject({ method: DeliveryMethod }),
  allowedActions: z.array(z.string()).max(0),
  history: z.array(HistoryEntry),
});
export type ImportedView = z.infer<typeof ImportedView>;

export function importedView(dossier: ImportedDossier, history: IntakeEvent[]): ImportedView {
  return {
    code: dossier.code,
    imported: true,
    procedure: { code: dossier.procedureCode, name: dossier.procedureName },
    agencyCode: dossier.agencyCode,
    channel: dossier.channel,
    status: dossier.status,
    statusCode: STATUS_CODES[dossier.status],
    statusLabel: STATUS_LABELS_VI[dossier.status],
    receivedAt: dossier.receivedAt,
    dueAt: dossier.dueAt,
    resolvedAt: dossier.resolvedAt,
    returnedAt: dossier.returnedAt,
    verdict: dossier.verdict,
    resultDelivery: dossier.resultDelivery,
    allowedActions: [],
    history: history.map((event) => ({ type: event.type, at: event.occurredAt, status: event.data.status })),
  };
}
