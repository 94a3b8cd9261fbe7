import * as z from 'zod';
import { formatLocal, TimeLimitSchema } from '../../../libs/calendar/quote.ts';
import { standingAt } from '../../../libs/calendar/verdicts.ts';
import { Actor, isoInstant } from '../../../libs/events/envelope.ts';
import { DossierStatus, INTAKE_EVENT_TYPES, INTAKE_EVENTS, RedirectionReason, type IntakeEvent as DomainEvent, type IntakeEventType } from '../../../libs/events/intake.ts';
import { PostalAddressOut, type Agency, type Procedure } from './catalog.ts';
import { allowedActions, OFFICER_ACTION_TYPES, type OfficerActionType } from './actions/index.ts';
import { CLOCK_RUNNING, DeliveryMethod, STATUS_CODES, STATUS_LABELS_VI, Submission, type Dossier, type ResultRedirection } from './dossier.ts';

// ---------------------------------------------------------------------------
// What the views answer: the schemas the OpenAPI document shows, and the builders' return types
// ---------------------------------------------------------------------------

const Verdict = z.enum(['early', 'on-time', 'late']);
/** Within deadline or overdue while the dossier is open; null once resolved or closed (see `standingOf`). */
const Standing = z.enum(['within-deadline', 'overdue']).nullable();

const StatusFields = {
  status: DossierStatus,
  statusCode: z.int().min(1).max(10),
  statusLabel: z.string().meta({ description: "The status in Vietnamese, as the portal shows it, e.g. 'Đã tiếp nhận'." }),
};

const TimeFields = {
  receivedAt: isoInstant,
  dueAt: isoInstant.nullable(),
  dueAtLocal: z.string().nullable().meta({ description: 'The appointment as the receipt reads it, Vietnam time: "17:00 25/02/2026".' }),
};

const ApplicantOut = z.strictObject({
  fullName: z.string(),
  idNumber: z.string(),
  phone: z.string(),
  email: z.string().optional(),
  address: z.string().optional(),
});
const DocumentOut = z.strictObject({ code: z.string(), name: z.string(), copies: z.int().min(1) });
/** A postal return the post could not deliver (services/intake/domain/actions/redirect-to-counter.ts). */
const RedirectionFields = {
  from: z.literal('postal'),
  reason: RedirectionReason.meta({ description: '`repeated_failures`: the partner failed to deliver it several times; `returned_to_sender`: the package came back.' }),
  failedAttempts: z.int().min(0),
  at: isoInstant.meta({ description: 'When the partner gave up, as it reported it (never before `resolvedAt`).' }),
};
const ResultDeliveryOut = z.strictObject({
  method: DeliveryMethod,
  address: PostalAddressOut.optional(),
  collectOnDeliveryVnd: z.int().min(0).optional(),
  unstructuredAddress: z
    .string()
    .optional()
    .meta({ description: 'Only on a dossier received before addresses were structured: its one-line address, for people to read (never handed to the postal partner).' }),
  redirection: z.strictObject(RedirectionFields).optional().meta({
    description: 'The post could not deliver the result, so `method` became `counter`: an officer hands it over with `returnResult`. `address` and `collectOnDeliveryVnd` are those of the postal return (the fees are now collected at the counter).',
  }),
});
const PickupAddressOut = PostalAddressOut.optional().meta({ description: 'A dossier filed through the postal channel: where the postal partner collects it.' });

/** `POST /dossiers`' 201: the receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả). */
export const Receipt = z.strictObject({
  code: z.string(),
  ...StatusFields,
  ...TimeFields,
  procedure: z.strictObject({
    code: z.string(),
    name: z.string(),
    timeLimit: TimeLimitSchema,
    fees: z.array(z.strictObject({ name: z.string(), amountVnd: z.int().min(0) })),
  }),
  agency: z.strictObject({ code: z.string(), name: z.string() }),
  channel: Submission.shape.channel,
  applicant: ApplicantOut,
  documents: z.array(DocumentOut),
  resultDelivery: ResultDeliveryOut,
  pickupAddress: PickupAddressOut,
});
export type Receipt = z.output<typeof Receipt>;

/** The citizen's view: progress and appointment, no personal data. */
export const CitizenView = z.strictObject({
  code: z.string(),
  procedure: z.strictObject({ code: z.string(), name: z.string() }),
  ...StatusFields,
  ...TimeFields,
  standing: Standing,
  supplement: z
    .strictObject({ missing: z.array(z.string()), closesAt: isoInstant.nullable() })
    .optional()
    .meta({ description: 'While the citizen is asked to complete the dossier: what is missing, and when it closes otherwise.' }),
  closingReason: z.string().nullable().optional().meta({ description: 'Why it was refused or stopped (only then).' }),
  resolvedAt: isoInstant.nullable(),
  resultDelivery: z.strictObject({
    method: DeliveryMethod,
    redirection: z
      .strictObject({
        ...RedirectionFields,
        notice: z.string().optional().meta({
          description: 'While the result waits at the counter: what happened and what to do, in Vietnamese, for the citizen to read.',
          examples: ['Bưu điện đã phát kết quả không thành công 3 lần. Mời ông/bà mang Giấy tiếp nhận hồ sơ và hẹn trả kết quả đến nhận kết quả tại Bộ phận Một cửa.'],
        }),
      })
      .optional()
      .meta({ description: 'The post could not deliver the result: it is collected at the counter instead (`method` is `counter`).' }),
  }),
  history: z.array(z.strictObject({ type: z.enum(INTAKE_EVENT_TYPES), at: isoInstant, status: DossierStatus })),
});
export type CitizenView = z.output<typeof CitizenView>;

const TransferLegOut = z.strictObject({
  leg: z.int().min(1),
  fromAgency: z.string(),
  toAgency: z.string(),
  at: isoInstant,
  note: z.string().optional(),
  dueAt: isoInstant.optional(),
  allottedWorkingDays: z.number().optional(),
  closedAt: isoInstant.nullable().optional(),
  verdict: Verdict.nullable().optional(),
});

/** Every field of the stored dossier (services/intake/domain/dossier.ts `Dossier`), as the officer sees it. */
const DossierFields = {
  code: z.string(),
  procedureCode: z.string(),
  procedureName: z.string(),
  agencyCode: z.string(),
  handlingAgency: z.string().meta({ description: 'Who holds the dossier now (changes with transfers).' }),
  channel: Submission.shape.channel,
  status: DossierStatus,
  applicant: ApplicantOut,
  documents: z.array(DocumentOut),
  resultDelivery: ResultDeliveryOut,
  pickupAddress: PickupAddressOut,
  receivedAt: isoInstant,
  timeLimit: TimeLimitSchema,
  dueAt: isoInstant.nullable(),
  originalDueAt: isoInstant.nullable(),
  extendedAt: isoInstant.nullable(),
  supplement: z
    .strictObject({
      requestedAt: isoInstant,
      missing: z.array(z.string()),
      clock: z.enum(['pause', 'restart']),
      remaining: TimeLimitSchema.nullable(),
      remainingStatutory: TimeLimitSchema.optional(),
      remainingLeg: TimeLimitSchema.optional(),
      closesAt: isoInstant.optional(),
      resumeStatus: DossierStatus,
      receivedAt: isoInstant.nullable(),
    })
    .nullable(),
  payment: z.strictObject({ amountVnd: z.int().min(0), requestedAt: isoInstant, paidAt: isoInstant.nullable(), resumeStatus: DossierStatus }).nullable(),
  transfers: z.array(TransferLegOut),
  resolvedAt: isoInstant.nullable(),
  verdict: Verdict.nullable(),
  appointmentKept: z.boolean().nullable().optional(),
  warnings: z.strictObject({ dueSoonDay: isoInstant.optional(), dueSoonHours: isoInstant.optional(), overdue: isoInstant.optional() }).optional(),
  returnedAt: isoInstant.nullable(),
  returnedTo: z.string().optional(),
  closingReason: z.string().nullable(),
  version: z.int().min(0),
};

/** One change: the event's type, when, who, and its data (each type's data as docs/asyncapi.json gives it). */
const historyEntryOf = <T extends IntakeEventType>(type: T) =>
  z.strictObject({ type: z.literal(type), at: isoInstant, actor: Actor, data: INTAKE_EVENTS[type].shape.data });
type HistoryEntrySchema = { [T in IntakeEventType]: ReturnType<typeof historyEntryOf<T>> }[IntakeEventType];
const HistoryEntry = z.discriminatedUnion('type', INTAKE_EVENT_TYPES.map(historyEntryOf) as [HistoryEntrySchema, ...HistoryEntrySchema[]]);
type HistoryEntry = z.output<typeof HistoryEntry>;

/** The officer's view: the whole dossier, what may be done next, and its history. */
export const OfficerView = z.strictObject({
  ...DossierFields,
  ...StatusFields,
  standing: Standing,
  allowedActions: z.array(z.enum(OFFICER_ACTION_TYPES as [OfficerActionType, ...OfficerActionType[]])),
  history: z.array(HistoryEntry),
});
export type OfficerView = z.output<typeof OfficerView>;

// The officer's view spreads the whole dossier: a field added to `Dossier` must be added above, or this does not compile.
const everyDossierField: Exclude<keyof Dossier, keyof typeof DossierFields> extends never ? true : false = true;
void everyDossierField;

// ---------------------------------------------------------------------------
// The views
// ---------------------------------------------------------------------------

/** The status with the portal's code and its Vietnamese label, as every view shows it. */
function statusOf(dossier: Dossier) {
  return { status: dossier.status, statusCode: STATUS_CODES[dossier.status], statusLabel: STATUS_LABELS_VI[dossier.status] };
}

/** Received when, due when: the appointment also as the receipt reads it (hour, minute, date, Vietnam time). */
function timesOf(dossier: Dossier) {
  return { receivedAt: dossier.receivedAt, dueAt: dossier.dueAt, dueAtLocal: dossier.dueAt ? formatLocal(new Date(dossier.dueAt)) : null };
}

/** The receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) an officer prints for the citizen. */
export function receipt(dossier: Dossier, procedure: Procedure, agency: Agency): Receipt {
  return {
    code: dossier.code,
    ...statusOf(dossier),
    ...timesOf(dossier),
    // The limit the dossier was received under, should the catalog have changed since.
    procedure: { code: procedure.code, name: procedure.name, timeLimit: dossier.timeLimit ?? procedure.timeLimit, fees: procedure.fees },
    agency: { code: agency.code, name: agency.name },
    channel: dossier.channel,
    applicant: dossier.applicant,
    documents: dossier.documents,
    resultDelivery: dossier.resultDelivery,
    ...(dossier.pickupAddress ? { pickupAddress: dossier.pickupAddress } : {}),
  };
}

/**
 * Within deadline or overdue, for a dossier not yet resolved; null once it has a result
 * (its frozen verdict says how it went) or was closed without one.
 */
export function standingOf(dossier: Dossier, now: Date): z.output<typeof Standing> {
  const waiting = dossier.status === 'supplement-requested';
  if (!waiting && !CLOCK_RUNNING.includes(dossier.status)) return null;
  return standingAt(now, dossier.dueAt ? new Date(dossier.dueAt) : null, waiting, dossier.timeLimit.unit);
}

/** What an officer sees: the whole dossier, what may be done next, and its history. */
export function officerView(dossier: Dossier, history: DomainEvent[], now: Date): OfficerView {
  return {
    ...dossier,
    ...statusOf(dossier),
    standing: standingOf(dossier, now),
    allowedActions: allowedActions(dossier.status),
    // That an entry's data goes with its type is beyond TypeScript (it cannot correlate the two across the union); it is the event's own pair.
    history: history.map((event) => ({ type: event.type, at: event.occurredAt, actor: event.actor, data: event.data }) as HistoryEntry),
  };
}

/**
 * What a citizen sees with the code and phone digits: progress and appointment, what is
 * still missing or why it was refused, and no personal data.
 */
export function citizenView(dossier: Dossier, history: DomainEvent[], now: Date): CitizenView {
  return {
    code: dossier.code,
    procedure: { code: dossier.procedureCode, name: dossier.procedureName },
    ...statusOf(dossier),
    ...timesOf(dossier),
    standing: standingOf(dossier, now),
    ...(dossier.status === 'supplement-requested' && dossier.supplement
      ? { supplement: { missing: dossier.supplement.missing, closesAt: dossier.supplement.closesAt ?? null } }
      : {}),
    ...(dossier.status === 'not-accepted' || dossier.status === 'stopped' ? { closingReason: dossier.closingReason } : {}),
    resolvedAt: dossier.resolvedAt,
    resultDelivery: { method: dossier.resultDelivery.method, ...redirectionFor(dossier) },
    history: history.map((event) => ({ type: event.type, at: event.occurredAt, status: event.data.status })),
  };
}

/** Why the post could not deliver it, as the citizen reads it. */
const REDIRECTION_REASONS_VI: Record<ResultRedirection['reason'], (failedAttempts: number) => string> = {
  repeated_failures: (failedAttempts) => `Bưu điện đã phát kết quả không thành công ${failedAttempts} lần.`,
  returned_to_sender: () => 'Bưu điện không phát được kết quả và đã chuyển hoàn về cơ quan.',
};

/** A result the post could not deliver: what happened, and, while it waits at the counter, what the citizen should do. */
function redirectionFor(dossier: Dossier): { redirection?: CitizenView['resultDelivery']['redirection'] } {
  const redirection = dossier.resultDelivery.redirection;
  if (!redirection) return {};
  const notice = `${REDIRECTION_REASONS_VI[redirection.reason](redirection.failedAttempts)} Mời ông/bà mang Giấy tiếp nhận hồ sơ và hẹn trả kết quả đến nhận kết quả tại Bộ phận Một cửa.`;
  return { redirection: { ...redirection, ...(dossier.status === 'resolved' ? { notice } : {}) } };
}
