/**
 * A client-facing error: an HTTP status, a stable code, and a message in Vietnamese
 * and English. Whatever a client sends wrong ends here, never in a 5xx.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageVi: string;
  readonly messageEn: string;
  readonly details: unknown;

  constructor(status: number, code: string, messageVi: string, messageEn: string, details?: unknown) {
    super(messageEn);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.messageVi = messageVi;
    this.messageEn = messageEn;
    this.details = details ?? null;
  }

  /** The response body: `{code, message, details}`, the message in both languages. */
  toBody(): { code: string; message: string; messages: { vi: string; en: string }; details: unknown } {
    return {
      code: this.code,
      message: `${this.messageVi} / ${this.messageEn}`,
      messages: { vi: this.messageVi, en: this.messageEn },
      details: this.details,
    };
  }
}

export const notFound = (what: { vi: string; en: string }, details?: unknown) =>
  new ApiError(404, 'NOT_FOUND', `Không tìm thấy ${what.vi}`, `${what.en} not found`, details);

/** 422: a code in the request (not the path) names nothing in the catalog, e.g. UNKNOWN_PROCEDURE. */
export const unknownCode = (code: string, what: { vi: string; en: string }, details?: unknown) =>
  new ApiError(422, code, `Không có ${what.vi} với mã này`, `No ${what.en} has this code`, details);

/** 422: a date took the working calendar outside the years it covers. */
export const yearNotSupported = (year: number, supported: { readonly from: number; readonly to: number }) =>
  new ApiError(
    422,
    'YEAR_NOT_SUPPORTED',
    `Lịch làm việc không có năm ${year} (chỉ có các năm ${supported.from}–${supported.to})`,
    `The working calendar does not cover year ${year} (supported: ${supported.from}–${supported.to})`,
    { year, supported },
  );

/** 500: a dossier names a procedure or agency the catalog no longer holds (our data, not the client's mistake). */
export const catalogInconsistent = (what: { vi: string; en: string }, details?: unknown) =>
  new ApiError(500, 'CATALOG_INCONSISTENT', `Thiếu ${what.vi} trong danh mục`, `The ${what.en} is missing from the catalog`, details);

export const forbidden = (vi: string, en: string, details?: unknown) => new ApiError(403, 'FORBIDDEN', vi, en, details);

export const unauthorized = () =>
  new ApiError(401, 'UNAUTHORIZED', 'Cần mã xác thực hợp lệ của cán bộ', 'A valid officer token is required');
