import * as z from 'zod';
import { DOSSIER_STATUS_CODES, type RedirectionReason } from '../../../libs/events/intake.ts';
import type { TimeLimit } from '../../../libs/calendar/deadlines.ts';
import type { Verdict } from '../../../libs/calendar/verdicts.ts';
import { freeText } from '../../../libs/platform/text.ts';
import { PostalAddress } from '../../../libs/contracts/intake-delivery.ts';

/** Status vocabulary of the national public service portal, with its numeric codes (owned by intake's event catalog). */
export const STATUS_CODES = DOSSIER_STATUS_CODES;
export type Status = keyof typeof STATUS_CODES;

/** Statuses in which the clock runs toward the appointment. */
export const CLOCK_RUNNING: readonly Status[] = ['submitted', 'accepted', 'in-progress', 'payment-requested'];

/** Statuses of a dossier still open with no result yet: it may be refused or withdrawn. */
export const OPEN_BEFORE_RESULT: readonly Status[] = ['submitted', 'accepted', 'in-progress', 'supplement-requested', 'payment-requested'];

export const STATUS_LABELS_VI: Record<Status, string> = {
  submitted: 'Mới nộp',
  accepted: 'Đã tiếp nhận',
  'not-accepted': 'Không tiếp nhận',
  'in-progress': 'Đang giải quyết',
  'supplement-requested': 'Yêu cầu bổ sung',
  'payment-requested': 'Chờ nộp phí, lệ phí',
  withdrawn: 'Công dân rút hồ sơ',
  stopped: 'Dừng xử lý',
  resolved: 'Đã có kết quả',
  returned: 'Đã trả kết quả',
};

export const CHANNEL_CODES = { counter: 1, online: 2, postal: 3 } as const;
export type Channel = keyof typeof CHANNEL_CODES;

/** Citizen ID (căn cước / CCCD): 12 digits, the first three the province of birth registration. */
export const IdNumber = z.string().regex(/^\d{12}$/, 'must be the 12-digit personal ID number (số định danh cá nhân)');

/** Vietnamese mobile numbers: 0 or +84, then a 3/5/7/8/9 prefix and 8 digits. */
export const VietnamMobile = z
  .string()
  .transform((value) => value.replace(/[\s.-]/g, ''))
  .pipe(z.string().regex(/^(?:\+?84|0)[35789]\d{8}$/, 'must be a Vietnamese mobile number, e.g. 0912345678'))
  .transform((value) => value.replace(/^(?:\+?84)/, '0'))
  .meta({ description: 'A Vietnamese mobile number: 0, +84 or 84, then 3/5/7/8/9 and 8 digits; spaces, dots and dashes are ignored; stored as 0…', examples: ['0912345678', '+84 912 345 678'] });

export const Applicant = z.object({
  fullName: freeText({ min: 2, max: 120 }),
  idNumber: IdNumber,
  phone: VietnamMobile,
  email: z.email().max(254).optional(),
  address: freeText({ min: 3, max: 300 }).optional(),
});
export type Applicant = z.infer<typeof Applicant>;

export const DeliveryMethod = z.enum(['counter', 'postal', 'online']);

/** Fees the postman collects when he hands over the result, in đồng: a bound against typing mistakes, not a legal limit. */
const MAX_COLLECT_ON_DELIVERY_VND = 100_000_000;

/**
 * How the result goes back. A postal return names a structured address (partners need commune
 * and province as fields), and may ask the postman to collect the fees on delivery; neither
 * means anything for a result collected at the counter or online, so either is refused there.
 */
export const ResultDelivery = z
  .strictObject({
    method: DeliveryMethod,
    address: PostalAddress.optional(),
    collectOnDeliveryVnd: z
      .int()
      .min(0)
      .max(MAX_COLLECT_ON_DELIVERY_VND)
      .optional()
      .meta({ description: 'For a postal return: fees the postman collects when he hands over the result, in đồng (default 0: none).' }),
  })
  .superRefine((delivery, ctx) => {
    if (delivery.method === 'postal') {
      if (!delivery.address) ctx.addIssue({ code: 'custom', message: 'a postal return needs the delivery address', path: ['address'] });
      return;
    }
    for (const field of ['address', 'collectOnDeliveryVnd'] as const) {
      if (delivery[field] !== undefined) ctx.addIssue({ code: 'custom', message: 'only a postal return has this', path: [field] });
    }
  });
export type ResultDelivery = z.infer<typeof ResultDelivery>;

export const Submission = z
  .strictObject({
    procedureCode: z.string().min(1).max(40),
    agencyCode: z.string().min(1).max(40),
    channel: z.enum(['counter', 'online', 'postal']),
    applicant: Applicant.strict(),
    documents: z
      .array(z.strictObject({ code: z.string().min(1).max(20), copies: z.number().int().min(1).max(20).optional() }))
      .max(50),
    resultDelivery: ResultDelivery,
    pickupAddress: PostalAddress.optional().meta({
      description: 'For a dossier filed through the postal channel (and only then): where the postal partner collects it from the citizen.',
    }),
  })
  .superRefine((submission, ctx) => {
    if (submission.channel === 'postal' && !submission.pickupAddress) {
      ctx.addIssue({ code: 'custom', message: 'a dossier filed through the postal channel needs the pickup address', path: ['pickupAddress'] });
    }
    if (submission.channel !== 'postal' && submission.pickupAddress) {
      ctx.addIssue({ code: 'custom', message: 'only a dossier filed through the postal channel has a pickup address', path: ['pickupAddress'] });
    }
  });
export type Submission = z.infer<typeof Submission>;

/** The citizen's lookup, `GET /dossiers/{code}?phone4=`: without `phone4` the caller must be an officer. */
export const LookupQuery = z.object({
  phone4: z
    .string()
    .regex(/^\d{4}$/, 'the last 4 digits of the phone number')
    .meta({ description: "The last 4 digits of the applicant's phone number; without it, an officer's bearer token is needed." })
    .optional(),
});

/**
 * A postal return the post could not deliver, now collected at the counter (the action
 * redirectToCounter): why, after how many failed attempts, and when the partner gave up.
 */
export interface ResultRedirection {
  readonly from: 'postal';
  readonly reason: RedirectionReason;
  readonly failedAttempts: number;
  readonly at: string;
}

/**
 * The result's delivery as a dossier keeps it. `unstructuredAddress`: the one-line address of a
 * dossier received before addresses were structured (see fromItem); people can read it, but it
 * is never handed to a partner as an address. `redirection`: the post could not deliver it, so
 * `method` became `counter`; the postal return's address and fees are kept as they were.
 */
export type StoredResultDelivery = ResultDelivery & { readonly unstructuredAddress?: string; readonly redirection?: ResultRedirection };

/** An address on one line, as the receipt prints it. */
export const addressLine = (address: PostalAddress): string => [address.line, address.commune, address.province].join(', ');

export interface ReceivedDocument {
  readonly code: string;
  readonly name: string;
  readonly copies: number;
}

/**
 * One hand-off between agencies (liên thông), judged on its own: the receiving agency
 * has until `dueAt`; the leg closes when it hands the dossier on or resolves it.
 */
export interface TransferLeg {
  readonly leg: number;
  readonly fromAgency: string;
  readonly toAgency: string;
  readonly at: string;
  readonly note?: string;
  /** The receiving agency's own deadline for this leg. */
  readonly dueAt?: string;
  /** Its share of the time, when one was allotted (else: until the dossier's appointment). */
  readonly allottedWorkingDays?: number;
  readonly closedAt?: string | null;
  readonly verdict?: Verdict | null;
}

/** Warnings already given, each for the appointment it warned about (so once per appointment). */
export type Warnings = Partial<Record<'dueSoonDay' | 'dueSoonHours' | 'overdue', string>>;

export interface Dossier {
  readonly code: string;
  readonly procedureCode: string;
  readonly procedureName: string;
  readonly agencyCode: string;
  /** Who holds the dossier now (changes with inter-agency transfers). */
  readonly handlingAgency: string;
  readonly channel: Channel;
  readonly status: Status;
  readonly applicant: Applicant;
  readonly documents: ReceivedDocument[];
  readonly resultDelivery: StoredResultDelivery;
  /** Where the postal partner collects a dossier filed through the postal channel. */
  readonly pickupAddress?: PostalAddress;
  readonly receivedAt: string;
  /** The procedure's statutory limit when the dossier was received (older records: see fromItem). */
  readonly timeLimit: TimeLimit;
  readonly dueAt: string | null;
  /** The first appointment, kept for reporting when an apology extends it. */
  readonly originalDueAt: string | null;
  readonly extendedAt: string | null;
  readonly supplement: {
    readonly requestedAt: string;
    readonly missing: string[];
    readonly clock: 'pause' | 'restart';
    /** For a paused clock: working time that was left when it stopped, on the appointment… */
    readonly remaining: TimeLimit | null;
    /** …on the statutory appointment kept after an apology… */
    readonly remainingStatutory?: TimeLimit;
    /** …and on the open transfer leg (in working days). */
    readonly remainingLeg?: TimeLimit;
    /** Closed unless the citizen completes the dossier by then (the procedure's closing period). */
    readonly closesAt?: string;
    readonly resumeStatus: Status;
    readonly receivedAt: string | null;
  } | null;
  readonly payment: { readonly amountVnd: number; readonly requestedAt: string; readonly paidAt: string | null; readonly resumeStatus: Status } | null;
  readonly transfers: TransferLeg[];
  readonly resolvedAt: string | null;
  /** Judged against the statutory appointment (before any apology's new one); frozen at resolution. */
  readonly verdict: Verdict | null;
  /** After an apology: whether the new appointment was kept. */
  readonly appointmentKept?: boolean | null;
  readonly warnings?: Warnings;
  readonly returnedAt: string | null;
  /** Who signed for a result delivered by post, as the postal service reported it (never in an event). */
  readonly returnedTo?: string;
  readonly closingReason: string | null;
  /** Optimistic-concurrency version, and the number of history entries. */
  readonly version: number;
}
