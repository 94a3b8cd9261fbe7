/**
 * The hand-over minutes as both sides sign them: "Biên bản bàn giao bưu gửi kết quả giải quyết
 * thủ tục hành chính", a printable A4 page (Chromium prints up to 16 shipments on one sheet; a
 * longer batch flows onto more, the table's header repeated, the signatures kept together). Pure: the recorded minutes (handover.ts) and
 * the names of the agency and partner come in; an HTML string goes out. The page says what the
 * record says and nothing else, so paper and API never disagree.
 *
 * As intake's receipt (services/intake/domain/receipt-page.ts): the page loads nothing and runs
 * nothing (it prints the same on an office PC with no network, under a CSP that allows inline
 * style only), and every value is escaped — a staff name or a note can hold `<`, `&` or quotes.
 * The officer's name is not in the record (only their id): they write it by hand as they sign.
 */
import { dateInWords, timeInWords } from '../../../libs/calendar/in-words.ts';
import { DOCUMENT_HEADING_STYLE, documentHeading, escapeHtml, printablePage } from '../../../libs/platform/html.ts';
import type { Handover } from './handover.ts';

/** "25.000 đ": dots between thousands, as Vietnamese writes amounts (vi-VN), whatever ICU the runtime has. */
export function formatVnd(amount: number): string {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError('an amount in đồng is a whole number, not negative');
  return `${String(amount).replace(/\B(?=(\d{3})+$)/g, '.')} đ`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A dotted line to fill in by hand. */
const BLANK = '<span class="blank"></span>';

export interface HandoverPageNames {
  /** The handing agency's name, as the catalog has it (the minutes hold its code). */
  readonly agencyName: string;
  /** The partner's name (views.ts `partnerNameOf`); its id when it is no longer configured. */
  readonly partnerName: string;
}

export function handoverPage(handover: Handover, { agencyName, partnerName }: HandoverPageNames): string {
  const handedOverAt = new Date(handover.handedOverAt);
  const agency = escapeHtml(agencyName);
  const staff = handover.partnerStaff;
  const rows = handover.shipments
    .map(
      (line, i) =>
        `<tr><td class="number">${i + 1}</td><td>${escapeHtml(line.dossierCode)}</td><td>${escapeHtml(line.trackingNumber)}</td><td class="amount">${formatVnd(line.codAmountVnd)}</td></tr>`,
    )
    .join('\n');
  const note = handover.note ? `<p class="item">Ghi chú:</p>\n<p class="note">${escapeHtml(handover.note)}</p>\n` : '';

  return printablePage({
    title: `Biên bản bàn giao bưu gửi ${handover.handoverId}`,
    paper: { margins: '12mm 15mm 12mm 25mm', fontSize: '12pt', lineHeight: 1.25 },
    style: `p { margin: 0 0 1mm; }
${DOCUMENT_HEADING_STYLE}
h1 { margin: 5mm 0 3mm; font-size: 13pt; text-align: center; }
.party { margin-top: 2mm; font-weight: bold; }
.field { display: inline-block; margin-right: 8mm; }
.item { margin-top: 1.5mm; }
.note { white-space: pre-line; margin-left: 5mm; }
table { width: 100%; border-collapse: collapse; margin: 1.5mm 0; font-size: 11pt; line-height: 1.15; }
th, td { border: 1px solid #000; padding: 0.5mm 2mm; text-align: left; vertical-align: top; }
th { text-align: center; }
td.number { text-align: center; white-space: nowrap; }
td.amount { text-align: right; white-space: nowrap; }
tfoot td { font-weight: bold; }
col.number { width: 13mm; }
col.amount { width: 38mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.blank { display: inline-block; min-width: 55mm; border-bottom: 1px dotted #000; }
.signatures { display: flex; justify-content: space-between; gap: 10mm; margin-top: 4mm; text-align: center; break-inside: avoid; }
.signature { flex: 1 1 0; min-height: 32mm; display: flex; flex-direction: column; }
.signature .role { font-weight: bold; margin: 0; }
.signature .hint { font-style: italic; }
.signature .name { margin-top: auto; font-weight: bold; }
.recorded { margin-top: 3mm; font-size: 9pt; font-style: italic; }`,
    main: `${documentHeading(`<p class="agency">${agency}</p>\n<hr class="rule">\n<p class="number">Số: ${escapeHtml(handover.handoverId)}</p>`, dateInWords(handedOverAt))}

<h1>BIÊN BẢN BÀN GIAO BƯU GỬI KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH</h1>

<p>Hôm nay, vào hồi ${timeInWords(handedOverAt)}, tại ${agency}, chúng tôi gồm:</p>
<p class="party">Bên giao (Bên A): ${agency}</p>
<p><span class="field">Đại diện: Ông/Bà ${BLANK}</span><span class="field">Chức vụ: ${BLANK}</span></p>
<p class="party">Bên nhận (Bên B): ${escapeHtml(partnerName)}</p>
<p><span class="field">Đại diện: Ông/Bà <strong class="staff">${escapeHtml(staff.fullName)}</strong></span><span class="field">Mã nhân viên: ${staff.staffId ? escapeHtml(staff.staffId) : BLANK}</span></p>

<p class="item">Bên A bàn giao cho Bên B các bưu gửi chứa kết quả giải quyết thủ tục hành chính để chuyển phát đến người nhận qua dịch vụ bưu chính công ích, gồm:</p>
<table>
<colgroup><col class="number"><col><col><col class="amount"></colgroup>
<thead><tr><th>STT</th><th>Mã hồ sơ</th><th>Mã bưu gửi</th><th>Tiền thu hộ</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><td colspan="3">Tổng cộng: ${pad2(handover.totals.count)} bưu gửi</td><td class="amount">${formatVnd(handover.totals.codAmountVnd)}</td></tr></tfoot>
</table>
<p class="item">Tổng số bưu gửi: ${pad2(handover.totals.count)}. Tổng số tiền Bên B thu hộ khi phát: ${formatVnd(handover.totals.codAmountVnd)}.</p>
${note}<p class="item">Bên B đã kiểm tra số lượng, tình trạng niêm phong và nhận đủ các bưu gửi nêu trên. Biên bản được lập thành 02 bản có giá trị như nhau, mỗi bên giữ 01 bản.</p>

<section class="signatures">
<div class="signature"><p class="role">ĐẠI DIỆN BÊN GIAO</p><p class="hint">(Ký, ghi rõ họ tên)</p></div>
<div class="signature"><p class="role">ĐẠI DIỆN BÊN NHẬN</p><p class="hint">(Ký, ghi rõ họ tên)</p><p class="name">${escapeHtml(staff.fullName)}</p></div>
</section>

<p class="recorded">Biên bản ${escapeHtml(handover.handoverId)} được ghi nhận vào hệ thống lúc ${timeInWords(new Date(handover.recordedAt))}.</p>`,
  });
}
