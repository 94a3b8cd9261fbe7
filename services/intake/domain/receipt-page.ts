/**
 * The receipt as the citizen takes it home: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
 * (Circular 03/2025/TT-VPCP, formerly Mẫu 01 of Circular 01/2018/TT-VPCP), one printable
 * A4 page. Pure: the dossier, its procedure and receiving agency, the lookup address and
 * its QR code come in; an HTML string goes out. The fields are those of the JSON receipt
 * (views.ts `receipt`), so the page and the API never disagree.
 *
 * The page loads nothing (no scripts, fonts, images or style sheets from anywhere), so it
 * prints the same on an office PC with no network, and every value from the dossier is
 * escaped: an applicant's name can hold `<`, `&` or quotes.
 */
import type { TimeLimit } from '../../../libs/calendar/deadlines.ts';
import { dateInWords, timeInWords } from '../../../libs/calendar/in-words.ts';
import { DOCUMENT_HEADING_STYLE, documentHeading, escapeHtml, printablePage } from '../../../libs/platform/html.ts';
import type { Agency, ComponentSpec, Procedure } from './catalog.ts';
import { addressLine, type Dossier } from './dossier.ts';
import { receipt } from './views.ts';

// Shared with postal's hand-over minutes; their tests are still this page's.
export { dateInWords, escapeHtml, timeInWords };

// ---------------------------------------------------------------------------
// Where the QR code points
// ---------------------------------------------------------------------------

/** Environment variable holding the public lookup address that receipts print and encode. */
export const LOOKUP_BASE_URL_VARIABLE = 'PUBLIC_LOOKUP_BASE_URL';

/** The local system's citizen lookup (`npm start`): `GET /dossiers/{code}`. */
export const DEFAULT_LOOKUP_BASE_URL = 'http://localhost:3000/dossiers';

/**
 * The configured lookup base, or the local default. A malformed value fails at cold start
 * rather than printing a QR code no phone can open.
 */
export function lookupBaseUrl(configured: string | undefined): string {
  const base = configured?.trim() || DEFAULT_LOOKUP_BASE_URL;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`${LOOKUP_BASE_URL_VARIABLE} must be an absolute http(s) URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${LOOKUP_BASE_URL_VARIABLE} must be an absolute http(s) URL`);
  if (url.search || url.hash) throw new Error(`${LOOKUP_BASE_URL_VARIABLE} must not hold a query or fragment: the dossier code is appended as a path segment`);
  return base.replace(/\/+$/, '');
}

/**
 * The public lookup address of one dossier: the base, then the code as a path segment.
 * No phone digits: the paper can be lost, and whoever finds it must still prove them.
 */
export function lookupUrlOf(code: string, base: string): string {
  return `${base}/${encodeURIComponent(code)}`;
}

// ---------------------------------------------------------------------------
// Vietnamese phrasing
// ---------------------------------------------------------------------------

const pad2 = (n: number): string => String(n).padStart(2, '0');

const LIMIT_UNITS: Record<TimeLimit['unit'], string> = {
  workingDays: 'ngày làm việc',
  workingHours: 'giờ làm việc',
  calendarDays: 'ngày',
};

/** "3 ngày làm việc", "0,5 ngày làm việc" (a decimal comma, as Vietnamese writes it). */
export function timeLimitInWords(limit: TimeLimit): string {
  return `${String(limit.value).replace('.', ',')} ${LIMIT_UNITS[limit.unit]}`;
}

const FORMS: Record<ComponentSpec['form'], string> = {
  original: 'Bản chính',
  copy: 'Bản sao',
  'certified-copy': 'Bản sao có chứng thực',
};

// ---------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------

/** A dotted line for the officer to fill in by hand when the dossier has no value. */
const valueOrBlank = (value: string | undefined | null): string => (value ? escapeHtml(value) : '<span class="blank"></span>');

export interface ReceiptPageInput {
  /** The public lookup address of this dossier (lookupUrlOf). */
  readonly lookupUrl: string;
  /** The QR code of lookupUrl as inline SVG markup (qr-code.ts). */
  readonly qrSvg: string;
}

/** Only a bare SVG drawing may be inlined: no scripts, handlers or links to load anything. */
function assertInertSvg(svg: string): void {
  if (!/^<svg[\s>]/.test(svg) || /<script|<foreignObject|\son[a-z]+\s*=|href\s*=|url\(/i.test(svg)) {
    throw new Error('the QR code must be a bare inline SVG drawing');
  }
}

export function receiptPage(dossier: Dossier, procedure: Procedure, agency: Agency, { lookupUrl, qrSvg }: ReceiptPageInput): string {
  assertInertSvg(qrSvg);
  const printed = receipt(dossier, procedure, agency);
  const { applicant } = printed;
  const receivedAt = new Date(printed.receivedAt);
  const formOf = new Map(procedure.components.map((component) => [component.code, FORMS[component.form]]));
  const rows = printed.documents
    .map(
      (document, i) =>
        `<tr><td class="number">${i + 1}</td><td>${escapeHtml(document.name)}</td><td>${escapeHtml(formOf.get(document.code) ?? '')}</td><td class="number">${pad2(document.copies)}</td></tr>`,
    )
    .join('\n');
  const delivery = printed.resultDelivery;
  const collectedAt =
    delivery.method === 'postal'
      ? `Qua dịch vụ bưu chính công ích, đến địa chỉ: ${valueOrBlank(delivery.address ? addressLine(delivery.address) : delivery.unstructuredAddress)}`
      : delivery.method === 'online'
        ? 'Trực tuyến, trên Cổng Dịch vụ công'
        : `Trực tiếp tại nơi nộp hồ sơ (${escapeHtml(printed.agency.name)})`;
  const unit = agency.kind === 'provincial-centre' ? '' : '<p class="unit">BỘ PHẬN MỘT CỬA</p>';

  return printablePage({
    title: `Giấy tiếp nhận hồ sơ và hẹn trả kết quả ${printed.code}`,
    paper: { margins: '10mm 15mm 10mm 25mm', fontSize: '12pt', lineHeight: 1.22 },
    style: `p { margin: 0 0 1mm; }
${DOCUMENT_HEADING_STYLE}
h1 { margin: 4mm 0 1mm; font-size: 13pt; text-align: center; }
.code { text-align: center; margin-bottom: 3mm; }
.code strong { font-size: 13pt; letter-spacing: 0.3pt; }
.item { margin-top: 0.6mm; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 1.2mm; font-size: 10pt; line-height: 1.18; }
th, td { border: 1px solid #000; padding: 0.6mm 1.5mm; vertical-align: top; text-align: left; }
th { text-align: center; white-space: nowrap; }
td.number { text-align: center; white-space: nowrap; }
col.number { width: 11mm; }
col.copies { width: 15mm; }
col.form { width: 27mm; }
tr { break-inside: avoid; }
.field { display: inline-block; margin-right: 6mm; }
.blank { display: inline-block; min-width: 50mm; border-bottom: 1px dotted #000; }
.lookup a { color: inherit; word-break: break-all; }
.closing { display: flex; justify-content: space-between; align-items: flex-start; gap: 4mm; margin-top: 3mm; text-align: center; break-inside: avoid; }
.qr { margin: 0; flex: 0 0 auto; font-size: 9pt; }
.qr svg { display: block; width: 28mm; height: 28mm; shape-rendering: crispEdges; }
.signature { flex: 1 1 0; min-height: 28mm; }
.signature .role { font-weight: bold; margin: 0; }
.signature .hint { font-style: italic; }`,
    main: `${documentHeading(`<p class="agency">${escapeHtml(printed.agency.name)}</p>\n${unit}\n<hr class="rule">`, dateInWords(receivedAt))}

<h1>GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ</h1>
<p class="code">Mã hồ sơ: <strong>${escapeHtml(printed.code)}</strong></p>

<p>${escapeHtml(printed.agency.name)} tiếp nhận hồ sơ của: <strong class="applicant">${escapeHtml(applicant.fullName)}</strong></p>
<p><span class="field">Số định danh cá nhân: ${escapeHtml(applicant.idNumber)}</span><span class="field">Số điện thoại: ${escapeHtml(applicant.phone)}</span><span class="field">Email: ${valueOrBlank(applicant.email)}</span></p>
<p>Địa chỉ: ${valueOrBlank(applicant.address)}</p>
<p>Nội dung yêu cầu giải quyết: ${escapeHtml(printed.procedure.name)} (mã thủ tục ${escapeHtml(printed.procedure.code)})</p>

<p class="item">1. Thành phần hồ sơ nộp gồm:</p>
<table>
<colgroup><col class="number"><col><col class="form"><col class="copies"></colgroup>
<thead><tr><th>STT</th><th>Tên giấy tờ</th><th>Hình thức</th><th>Số bản</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="item">2. Số lượng hồ sơ: 01 (bộ)</p>
<p class="item">3. Thời gian giải quyết hồ sơ theo quy định: ${timeLimitInWords(printed.procedure.timeLimit)}</p>
<p class="item">4. Thời gian nhận hồ sơ: ${timeInWords(receivedAt)}</p>
<p class="item">5. Thời gian trả kết quả giải quyết hồ sơ: ${printed.dueAt ? timeInWords(new Date(printed.dueAt)) : '<span class="blank"></span>'}</p>
<p class="item">6. Đăng ký nhận kết quả: ${collectedAt}</p>

<p class="item lookup">7. Tra cứu tình trạng giải quyết hồ sơ: quét mã QR hoặc truy cập <a href="${escapeHtml(lookupUrl)}">${escapeHtml(lookupUrl)}</a>, rồi nhập 4 số cuối của số điện thoại đã đăng ký.</p>

<section class="closing">
<figure class="qr" id="lookup-qr" aria-label="Mã QR tra cứu hồ sơ">${qrSvg}<figcaption>Quét mã để tra cứu</figcaption></figure>
<div class="signature"><p class="role">NGƯỜI NỘP HỒ SƠ</p><p class="hint">(Ký và ghi rõ họ tên)</p></div>
<div class="signature"><p class="role">NGƯỜI TIẾP NHẬN HỒ SƠ</p><p class="hint">(Ký và ghi rõ họ tên)</p></div>
</section>`,
  });
}
