import { describe, expect, it } from 'vitest';
import { AGENCY, storedShipment } from './fixtures.ts';
import { decideHandover, HandoverRequest, type Handover } from './handover.ts';
import { formatVnd, handoverPage } from './handover-page.ts';

const AGENCY_NAME = 'Ủy ban nhân dân thành phố Lâm Giang';
const PARTNER_NAME = 'Bưu điện Việt Nam (VNPost), dịch vụ bưu chính công ích';
/** 08:30 on 16/07/2025, Vietnam time; recorded ten minutes later. */
const HANDED_OVER_AT = '2025-07-16T01:30:00.000Z';
const NOW = new Date('2025-07-16T01:40:00.000Z');

function minutes(over: Record<string, unknown> = {}, amounts = [25_000, 0, 1_250_000]): Handover {
  const shipments = amounts.map((codAmountVnd, i) =>
    storedShipment({ dossierCode: `H38.22-250714-000${i + 1}`, trackingNumber: `EV00000000${i + 1}VN`, codAmountVnd }),
  );
  const input = HandoverRequest.parse({
    partner: 'vnpost',
    shipmentIds: shipments.map((s) => s.shipmentId),
    partnerStaff: { fullName: 'Phạm Văn Bưu', staffId: 'BD-0117' },
    handedOverAt: HANDED_OVER_AT,
    ...over,
  });
  return decideHandover(input, shipments, { id: 'sub-0042', agency: AGENCY }, NOW, '7KQ4M');
}

const page = (handover = minutes(), names = { agencyName: AGENCY_NAME, partnerName: PARTNER_NAME }) => handoverPage(handover, names);

/** The page's text as a reader sees it: style dropped, tags as spaces, entities decoded, spaces collapsed. */
const textOf = (html: string): string =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('amounts', () => {
  it.each([
    [0, '0 đ'],
    [500, '500 đ'],
    [25_000, '25.000 đ'],
    [1_250_000, '1.250.000 đ'],
    [123_456_789, '123.456.789 đ'],
  ])('%d reads "%s"', (amount, words) => {
    expect(formatVnd(amount)).toBe(words);
  });

  it('agree with vi-VN number formatting', () => {
    expect(formatVnd(1_250_000)).toBe(`${new Intl.NumberFormat('vi-VN').format(1_250_000)} đ`);
  });

  it.each([-1, 0.5, Number.NaN])('refuses %d', (amount) => {
    expect(() => formatVnd(amount)).toThrow(RangeError);
  });
});

describe('the hand-over page', () => {
  const html = page();
  const text = textOf(html);

  it('is a UTF-8 HTML5 document in Vietnamese, sized for A4', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="vi">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(/@page \{ size: A4; margin: [^}]+\}/);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('runs nothing and loads nothing: no script, link, image, external style or font, no address at all', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<svg|@import|url\(|@font-face|\son[a-z]+=|href=|src=/i);
  });

  it('has the national heading, the title, the number and the day', () => {
    for (const words of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'BIÊN BẢN BÀN GIAO BƯU GỬI KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH',
      'Số: BG-H38.22-250716-7KQ4M',
      'ngày 16 tháng 7 năm 2025',
    ]) {
      expect(text, words).toContain(words);
    }
    expect(html).toContain(`<p class="agency">${AGENCY_NAME}</p>`);
  });

  it('says when, where, and who: the centre’s officer to be written in by hand, the partner’s staff as recorded', () => {
    expect(text).toContain(`Hôm nay, vào hồi 08 giờ 30 phút, ngày 16 tháng 7 năm 2025, tại ${AGENCY_NAME}, chúng tôi gồm:`);
    expect(text).toContain(`Bên giao (Bên A): ${AGENCY_NAME}`);
    expect(html).toContain('Đại diện: Ông/Bà <span class="blank"></span>');
    expect(text).toContain(`Bên nhận (Bên B): ${PARTNER_NAME}`);
    expect(text).toContain('Đại diện: Ông/Bà Phạm Văn Bưu Mã nhân viên: BD-0117');
    // The officer's id is for the system, not the paper.
    expect(text).not.toContain('sub-0042');
  });

  it('lists every shipment with its number, dossier code, tracking number and amount to collect, then the totals', () => {
    expect(text).toContain('STT Mã hồ sơ Mã bưu gửi Tiền thu hộ');
    expect(text).toContain(' 1 H38.22-250714-0001 EV000000001VN 25.000 đ ');
    expect(text).toContain(' 2 H38.22-250714-0002 EV000000002VN 0 đ ');
    expect(text).toContain(' 3 H38.22-250714-0003 EV000000003VN 1.250.000 đ ');
    expect(text).toContain('Tổng cộng: 03 bưu gửi 1.275.000 đ');
    expect(text).toContain('Tổng số bưu gửi: 03. Tổng số tiền Bên B thu hộ khi phát: 1.275.000 đ.');
    expect(html.match(/<tbody>[\s\S]*<\/tbody>/)![0].match(/<tr>/g)).toHaveLength(3);
  });

  it('has a signature block for each side, the partner’s staff named under theirs', () => {
    expect(text).toContain('ĐẠI DIỆN BÊN GIAO (Ký, ghi rõ họ tên) ĐẠI DIỆN BÊN NHẬN (Ký, ghi rõ họ tên) Phạm Văn Bưu');
  });

  it('says when the minutes were recorded', () => {
    expect(text).toContain('Biên bản BG-H38.22-250716-7KQ4M được ghi nhận vào hệ thống lúc 08 giờ 40 phút, ngày 16 tháng 7 năm 2025.');
  });

  it('prints the note with its line breaks, and leaves a line to fill in for a staff id not given', () => {
    const html = page(minutes({ note: 'Niêm phong nguyên vẹn.\nBưu gửi số 3 hơi ẩm.', partnerStaff: { fullName: 'Phạm Văn Bưu' } }));
    expect(html).toContain('<p class="note">Niêm phong nguyên vẹn.\nBưu gửi số 3 hơi ẩm.</p>');
    expect(html).toMatch(/\.note \{[^}]*white-space: pre-line/);
    expect(html).toContain('Mã nhân viên: <span class="blank"></span>');
    expect(textOf(page())).not.toContain('Ghi chú');
  });

  it('counts a batch of two digits or more as it is', () => {
    const amounts = Array.from({ length: 12 }, () => 10_000);
    const many = minutes({}, amounts);
    expect(many.totals).toEqual({ count: 12, codAmountVnd: 120_000 });
    expect(textOf(page(many))).toContain('Tổng cộng: 12 bưu gửi 120.000 đ');
  });
});

describe('escaping', () => {
  const hostile = `Lê "Bé" <b>Tí</b> & Tèo's <script>alert(1)</script>`;
  const html = page(minutes({ partnerStaff: { fullName: hostile, staffId: `"><img src=x onerror=alert(1)>` }, note: `</p><h1>Giả mạo</h1>\n<style>*{display:none}</style>` }), {
    agencyName: `UBND <i>Lâm Giang</i> & "Co"`,
    partnerName: `<a href="http://evil.example">Bưu điện</a>`,
  });

  it('turns every character that could open a tag or close an attribute into an entity', () => {
    expect(html).not.toMatch(/<script|<img|<b>|<i>|<a |<h1>Giả|<style>\*/);
    // No tag of the page's got an attribute from the values.
    expect(html).not.toMatch(/<[a-z]+[^<>]*\s(?:href|src|on[a-z]+)=/i);
    expect(html).toContain('Lê &quot;Bé&quot; &lt;b&gt;Tí&lt;/b&gt; &amp; Tèo&#39;s &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;/p&gt;&lt;h1&gt;Giả mạo&lt;/h1&gt;\n&lt;style&gt;*{display:none}&lt;/style&gt;');
    expect(html).toContain('UBND &lt;i&gt;Lâm Giang&lt;/i&gt; &amp; &quot;Co&quot;');
    expect(html).toContain('&lt;a href=&quot;http://evil.example&quot;&gt;Bưu điện&lt;/a&gt;');
    // One style element, the page's own.
    expect(html.match(/<style>/g)).toHaveLength(1);
  });

  it('keeps the text a reader sees unchanged', () => {
    const text = textOf(html);
    expect(text).toContain(`Đại diện: Ông/Bà ${hostile} Mã nhân viên:`);
    expect(text).toContain(`tại UBND <i>Lâm Giang</i> & "Co", chúng tôi gồm:`);
  });

  it('escapes the title too', () => {
    const handover = { ...minutes(), handoverId: 'BG-</title><script>x</script>' };
    expect(page(handover)).toContain('<title>Biên bản bàn giao bưu gửi BG-&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;</title>');
  });
});
