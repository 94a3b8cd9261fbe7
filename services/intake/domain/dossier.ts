import { z } from 'zod';

/** Status vocabulary of the national public service portal, with its numeric codes. */
export const STATUS_CODES = {
  submitted: 1,
  accepted: 2,
  'not-accepted': 3,
  'in-progress': 4,
  'supplement-requested': 5,
  'payment-requested': 6,
  withdrawn: 7,
  stopped: 8,
  resolved: 9,
  returned: 10,
} as const;
export type Status = keyof typeof STATUS_CODES;

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
  .transform((value) => value.replace(/^(?:\+?84)/, '0'));

export const Applicant = z.object({
  fullName: z.string().trim().min(2).max(120),
  idNumber: IdNumber,
  phone: VietnamMobile,
  email: z.email().max(254).optional(),
  address: z.string().trim().min(3).max(300).optional(),
});
export type Applicant = z.infer<typeof Applicant>;

export const DeliveryMethod = z.enum(['counter', 'postal', 'online']);

export const Submission = z.strictObject({
  procedureCode: z.string().min(1).max(40),
  agencyCode: z.string().min(1).max(40),
  channel: z.enum(['counter', 'online', 'postal']),
  applicant: Applicant.strict(),
  documents: z
    .array(z.strictObject({ code: z.string().min(1).max(20), copies: z.number().int().min(1).max(20).optional() }))
    .max(50),
  resultDelivery: z
    .strictObject({ method: DeliveryMethod, address: z.string().trim().min(3).max(300).optional() })
    .refine((delivery) => delivery.method !== 'postal' || !!delivery.address, {
      message: 'a postal return needs the delivery address',
      path: ['address'],
    }),
});
export type Submission = z.infer<typeof Submission>;

export interface ReceivedDocument {
  readonly code: string;
  readonly name: string;
  readonly copies: number;
}

export interface TransferLeg {
  readonly leg: number;
  readonly fromAgency: string;
  readonly toAgency: string;
  readonly at: string;
  readonly note?: string;
}

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
  readonly resultDelivery: { method: z.infer<typeof DeliveryMethod>; address?: string };
  readonly receivedAt: string;
  readonly dueAt: string | null;
  /** The first appointment, kept for reporting when an apology extends it. */
  readonly originalDueAt: string | null;
  readonly extendedAt: string | null;
  readonly supplement: {
    readonly requestedAt: string;
    readonly missing: string[];
    readonly clock: 'pause' | 'restart';
    /** For a paused clock: working days that were left when it stopped. */
    readonly remainingWorkingDays: number | null;
    readonly resumeStatus: Status;
    readonly receivedAt: string | null;
  } | null;
  readonly payment: { readonly amountVnd: number; readonly requestedAt: string; readonly paidAt: string | null; readonly resumeStatus: Status } | null;
  readonly transfers: TransferLeg[];
  readonly resolvedAt: string | null;
  readonly verdict: 'early' | 'on-time' | 'late' | null;
  readonly returnedAt: string | null;
  readonly closingReason: string | null;
  /** Optimistic-concurrency version, and the number of history entries. */
  readonly version: number;
}
