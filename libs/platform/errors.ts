/**
 * Every error code the system answers with. The rules refuse with a code and say why in
 * Vietnamese and English; only the HTTP edge (`HTTP_STATUS` in http.ts, one map over this
 * union) decides what status a code is, so the deadline watch and queue consumers, which
 * see the same errors, never deal in HTTP statuses.
 */
export const ERROR_CODES = [
  // The request itself.
  'MALFORMED_PATH',
  'MALFORMED_JSON',
  'UNSUPPORTED_MEDIA_TYPE',
  'VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHORIZED',
  'WEBHOOK_SIGNATURE_INVALID',
  'FORBIDDEN',
  'NOT_FOUND',
  'TOO_MANY_ATTEMPTS',
  'IDEMPOTENCY_KEY_REUSED',
  // Codes in the request that name nothing, and the calendar's years.
  'UNKNOWN_PROCEDURE',
  'UNKNOWN_AGENCY',
  'YEAR_NOT_SUPPORTED',
  // Receiving a dossier.
  'PROCEDURE_NOT_RECEIVED_HERE',
  'POSTAL_NOT_ALLOWED',
  'MISSING_COMPONENTS',
  'COMPONENTS_NOT_ON_CHECKLIST',
  // Acting on a dossier.
  'ACTION_NOT_ALLOWED',
  'CONCURRENT_UPDATE',
  'DOSSIER_OVERDUE',
  'SUPPLEMENT_EXPIRED',
  'SUPPLEMENT_ALREADY_REQUESTED',
  'ALREADY_EXTENDED',
  'APOLOGY_TOO_LATE',
  'POSTAL_RETURN',
  'NOT_A_POSTAL_RETURN',
  'IMPORTED_DOSSIER',
  'SAME_AGENCY',
  'TOO_MANY_TRANSFERS',
  'NEW_DUE_NOT_LATER',
  'NEW_DUE_NOT_WORKING_DAY',
  'NEW_DUE_OUTSIDE_OFFICE_HOURS',
  'NEW_DUE_TOO_FAR',
  // Handing shipments over to the postal partner.
  'SHIPMENT_NOT_OUTBOUND',
  'SHIPMENT_OF_ANOTHER_PARTNER',
  'SHIPMENT_CLOSED',
  'SHIPMENT_NOT_CREATED',
  'ALREADY_HANDED_OVER',
  'SHIPMENT_NOT_INBOUND',
  // Answering a survey.
  'SURVEY_ALREADY_ANSWERED',
  'SURVEY_CLOSED',
  // Our side: the stored data disagrees with itself.
  'CATALOG_INCONSISTENT',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Why something was refused: a stable code, a message in Vietnamese and English, and
 * details (never the personal data that was sent). No HTTP status: see `HTTP_STATUS`.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly messageVi: string;
  readonly messageEn: string;
  readonly details: unknown;

  constructor(code: ErrorCode, messageVi: string, messageEn: string, details?: unknown) {
    super(messageEn);
    this.name = 'DomainError';
    this.code = code;
    this.messageVi = messageVi;
    this.messageEn = messageEn;
    this.details = details ?? null;
  }

  /** The response body: `{code, message, details}`, the message in both languages. */
  toBody(): { code: ErrorCode; message: string; messages: { vi: string; en: string }; details: unknown } {
    return {
      code: this.code,
      message: `${this.messageVi} / ${this.messageEn}`,
      messages: { vi: this.messageVi, en: this.messageEn },
      details: this.details,
    };
  }
}

export const notFound = (what: { vi: string; en: string }, details?: unknown) =>
  new DomainError('NOT_FOUND', `Không tìm thấy ${what.vi}`, `${what.en} not found`, details);

/** A code in the request (not the path) names nothing in the catalog, e.g. UNKNOWN_PROCEDURE. */
export const unknownCode = (code: 'UNKNOWN_PROCEDURE' | 'UNKNOWN_AGENCY', what: { vi: string; en: string }, details?: unknown) =>
  new DomainError(code, `Không có ${what.vi} với mã này`, `No ${what.en} has this code`, details);

/** A dossier names a procedure or agency the catalog no longer holds (our data, not the client's mistake). */
export const catalogInconsistent = (what: { vi: string; en: string }, details?: unknown) =>
  new DomainError('CATALOG_INCONSISTENT', `Thiếu ${what.vi} trong danh mục`, `The ${what.en} is missing from the catalog`, details);

export const forbidden = (vi: string, en: string, details?: unknown) => new DomainError('FORBIDDEN', vi, en, details);

export const unauthorized = () =>
  new DomainError('UNAUTHORIZED', 'Cần mã xác thực hợp lệ của cán bộ', 'A valid officer token is required');
