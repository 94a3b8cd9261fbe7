import * as z from 'zod';
import { PostalAddress } from '../../../libs/contracts/intake-delivery.ts';
import { DEFAULT_OFFICE_HOURS, OfficeHoursSchema, type OfficeHours } from '../../../libs/calendar/office-hours.ts';

/** Fields (lĩnh vực) as the provincial catalogues group procedures. */
export const FIELDS = {
  'ho-tich': 'Hộ tịch',
  'chung-thuc': 'Chứng thực',
  'dat-dai': 'Đất đai',
  'kinh-doanh': 'Thành lập và hoạt động của hộ kinh doanh',
  'bao-tro-xa-hoi': 'Bảo trợ xã hội',
  'nguoi-co-cong': 'Người có công',
  'xay-dung': 'Xây dựng',
  'tu-phap': 'Lý lịch tư pháp',
} as const;
export type Field = keyof typeof FIELDS;

export const AdministrativeLevel = z.enum(['province', 'district', 'commune']);
export type AdministrativeLevel = z.infer<typeof AdministrativeLevel>;

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');

export const ComponentSpec = z.object({
  /** Stable code of the component within its procedure, e.g. "TK01". */
  code: z.string().regex(/^[A-Z0-9_-]{2,20}$/),
  name: z.string().min(3),
  required: z.boolean(),
  /** bản chính (original), bản sao (copy), bản sao có chứng thực (certified copy). */
  form: z.enum(['original', 'copy', 'certified-copy']),
  copies: z.number().int().min(1).max(10),
});
export type ComponentSpec = z.infer<typeof ComponentSpec>;

export const Procedure = z.object({
  /** Code on the national public service portal, e.g. "1.001193". */
  code: z.string().regex(/^\d\.\d{6}$/),
  name: z.string().min(5),
  nameEn: z.string().min(5),
  field: z.enum(Object.keys(FIELDS) as [Field, ...Field[]]),
  /** Where the procedure is resolved. */
  level: AdministrativeLevel,
  /**
   * Levels of agency whose one-stop counter may receive it (docs/domain.md, "Where a procedure
   * is received"). Every procedure in the data declares it; absent means only `level`.
   */
  receivingLevels: z
    .array(AdministrativeLevel)
    .min(1)
    .refine((levels) => new Set(levels).size === levels.length, 'each level once')
    .optional(),
  /** Working days by default; some procedures count working hours, a few calendar days. */
  timeLimit: z.object({
    unit: z.enum(['workingDays', 'workingHours', 'calendarDays']),
    value: z.number().positive(),
  }),
  components: z.array(ComponentSpec).min(1),
  fees: z.array(z.object({ name: z.string().min(2), amountVnd: z.number().int().min(0) })),
  onlineLevel: z.enum(['toan-trinh', 'mot-phan']),
  postalAllowed: z.boolean(),
  /** Dossiers received after this local time count from the next working day; null = end of office hours. */
  cutoffTime: clockTime.nullable(),
  supplement: z.object({
    /** pause: the clock resumes where it stopped; restart: it starts again from zero once complete. */
    clock: z.enum(['pause', 'restart']),
    /** The dossier is closed when the supplement is not completed within this many working days. */
    closeAfterWorkingDays: z.number().int().min(1).max(60),
  }),
  legalBasis: z.string().min(3),
});
export type Procedure = z.infer<typeof Procedure>;

/** A postal address as the API answers it: the contract's PostalAddress once parsed, three strings. */
export const PostalAddressOut = z.strictObject({ line: z.string(), commune: z.string(), province: z.string() });

export const AgencyKind = z.enum(['province', 'provincial-centre', 'district', 'commune']);

export const Agency = z.object({
  /** Electronic identifier of the agency (mã định danh), e.g. "H38.22". */
  code: z.string().regex(/^[A-Z]\d{2}(\.\d{1,3}){0,2}$/),
  name: z.string().min(3),
  kind: AgencyKind,
  level: AdministrativeLevel,
  parentCode: z.string().nullable(),
  /** When the agency's counter works; the usual 07:30–11:30, 13:30–17:00 when absent. */
  officeHours: OfficeHoursSchema.optional(),
  /**
   * Where its one-stop counter is: the sender of results returned by post and the recipient of
   * dossiers collected by post. Absent, postal cannot ship for this agency (its messages park).
   */
  address: PostalAddress.pipe(PostalAddressOut).optional(),
});
export type Agency = z.infer<typeof Agency>;

export function officeHoursOf(agency: Agency): OfficeHours {
  return agency.officeHours ?? DEFAULT_OFFICE_HOURS;
}
