import { describe, expect, it } from 'vitest';
import { DISTRICT, LAND_REGISTRATION, landDossier } from '../../../tests/support/receipt-fixture.ts';
import { qrSvg } from './qr-code.ts';
import {
  DEFAULT_LOOKUP_BASE_URL,
  dateInWords,
  escapeHtml,
  lookupBaseUrl,
  lookupUrlOf,
  receiptPage,
  timeInWords,
  timeLimitInWords,
} from './receipt-page.ts';

const at = (local: string): Date => new Date(`${local}:00+07:00`);
const LOOKUP = 'https://dichvucong.hoalam.gov.vn/tra-cuu/H38.22-251124-0007';

function page(dossier = landDossier(), lookupUrl = LOOKUP): string {
  return receiptPage(dossier, LAND_REGISTRATION, DISTRICT, { lookupUrl, qrSvg: qrSvg(lookupUrl) });
}

/** The page's text as a reader sees it: tags dropped, entities decoded, spaces collapsed. */
const textOf = (html: string): string =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<svg[\s\S]*?<\/svg>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&emsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('Vietnamese phrasing of times and limits', () => {
  it.each([
    // Days below 10 and months 1–2 take a leading zero (Decree 30/2020); hours and minutes always two digits.
    ['2026-02-05T08:07', '08 giờ 07 phút, ngày 05 tháng 02 năm 2026'],
    ['2025-07-14T09:00', '09 giờ 00 phút, ngày 14 tháng 7 năm 2025'],
    ['2025-12-22T17:00', '17 giờ 00 phút, ngày 22 tháng 12 năm 2025'],
    ['2026-01-01T00:00', '00 giờ 00 phút, ngày 01 tháng 01 năm 2026'],
  ])('%s reads "%s"', (local, words) => {
    expect(timeInWords(at(local))).toBe(words);
  });

  it('speaks Vietnam time whatever the instant’s own zone: 23:30 UTC is the next morning', () => {
    expect(timeInWords(new Date('2025-12-31T23:30:00Z'))).toBe('06 giờ 30 phút, ngày 01 tháng 01 năm 2026');
    expect(dateInWords(new Date('2025-12-31T23:30:00Z'))).toBe('ngày 01 tháng 01 năm 2026');
  });

  it.each([
    [{ unit: 'workingDays', value: 20 }, '20 ngày làm việc'],
    [{ unit: 'workingHours', value: 4 }, '4 giờ làm việc'],
    [{ unit: 'calendarDays', value: 30 }, '30 ngày'],
    [{ unit: 'workingDays', value: 0.5 }, '0,5 ngày làm việc'],
  ] as const)('%o reads "%s"', (limit, words) => {
    expect(timeLimitInWords(limit)).toBe(words);
  });
});

describe('the receipt page', () => {
  const dossier = landDossier();
  const html = page(dossier);
  const text = textOf(html);

  it('is a UTF-8 HTML5 document in Vietnamese, sized for A4', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="vi">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(/@page \{ size: A4; margin: [^}]+\}/);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('runs nothing and loads nothing: no script, no external style sheet, font or image', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|@font-face|\son[a-z]+=/i);
    // The only address in the page is the lookup link the citizen may follow.
    expect([...html.matchAll(/(?:href|src)="([^"]*)"/g)].map((match) => match[1])).toEqual([LOOKUP]);
  });

  it('has the form’s header, title and signature blocks', () => {
    for (const words of [
      'ỦY BAN NHÂN DÂN THÀNH PHỐ LÂM GIANG'.normalize(),
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      'NGƯỜI NỘP HỒ SƠ',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
    ]) {
      expect(text.toLocaleUpperCase('vi').includes(words.toLocaleUpperCase('vi')), words).toBe(true);
    }
    expect(text).toContain('BỘ PHẬN MỘT CỬA');
  });

  it('shows what the form asks: agency, code, procedure, applicant, every component with its copies, limit, times and where the result goes', () => {
    const { applicant } = dossier;
    expect(text).toContain(`${DISTRICT.name} tiếp nhận hồ sơ của: ${applicant.fullName}`);
    expect(text).toContain(`Mã hồ sơ: ${dossier.code}`);
    expect(text).toContain(`Nội dung yêu cầu giải quyết: ${LAND_REGISTRATION.name} (mã thủ tục ${LAND_REGISTRATION.code})`);
    expect(text).toContain(`Số định danh cá nhân: ${applicant.idNumber}`);
    expect(text).toContain(`Số điện thoại: ${applicant.phone}`);
    expect(text).toContain(`Email: ${applicant.email}`);
    expect(text).toContain(`Địa chỉ: ${applicant.address}`);
    expect(dossier.documents.length).toBeGreaterThanOrEqual(8);
    dossier.documents.forEach((document, i) => {
      const form = { original: 'Bản chính', copy: 'Bản sao', 'certified-copy': 'Bản sao có chứng thực' }[LAND_REGISTRATION.components[i]!.form];
      expect(text).toContain(` ${i + 1} ${document.name} ${form} ${String(document.copies).padStart(2, '0')} `);
    });
    expect(text).toContain('2. Số lượng hồ sơ: 01 (bộ)');
    expect(text).toContain('3. Thời gian giải quyết hồ sơ theo quy định: 20 ngày làm việc');
    expect(text).toContain('4. Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 24 tháng 11 năm 2025');
    // 20 working days from Monday 24/11/2025: the appointment the deadline clock gave the dossier.
    expect(dossier.dueAt).toBe(at('2025-12-22T17:00').toISOString());
    expect(text).toContain('5. Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 22 tháng 12 năm 2025');
    expect(text).toContain('6. Đăng ký nhận kết quả: Qua dịch vụ bưu chính công ích, đến địa chỉ: Số 9 đường Bạch Đằng, tổ dân phố 2, Phường Hòa Bình, Tỉnh Hòa Lâm');
    expect(text).toContain(`truy cập ${LOOKUP} , rồi nhập 4 số cuối`);
    expect(text).toContain(`ngày 24 tháng 11 năm 2025`);
  });

  it('inlines the QR code as SVG', () => {
    expect(html).toMatch(/<figure class="qr" id="lookup-qr"[^>]*><svg[^>]*viewBox=[\s\S]*?<\/svg>/);
  });

  it.each([
    ['counter', { method: 'counter' }, `Trực tiếp tại nơi nộp hồ sơ (${DISTRICT.name})`],
    ['online', { method: 'online' }, 'Trực tuyến, trên Cổng Dịch vụ công'],
  ] as const)('says where a %s result is collected', (_, resultDelivery, words) => {
    expect(textOf(page(landDossier({ resultDelivery })))).toContain(`6. Đăng ký nhận kết quả: ${words}`);
  });

  it('prints the one-line address of a dossier received before addresses were structured', () => {
    const { address: _structured, ...delivery } = dossier.resultDelivery;
    const older = { ...dossier, resultDelivery: { ...delivery, unstructuredAddress: 'Thôn 3, xã Lâm Thượng, tỉnh Hòa Lâm' } };
    const text = textOf(receiptPage(older, LAND_REGISTRATION, DISTRICT, { lookupUrl: LOOKUP, qrSvg: qrSvg(LOOKUP) }));
    expect(text).toContain('đến địa chỉ: Thôn 3, xã Lâm Thượng, tỉnh Hòa Lâm');
  });

  it('leaves a dotted line to fill in by hand for what the applicant did not give', () => {
    const html = page(landDossier({ applicant: { email: undefined, address: undefined } }));
    expect(html).toContain('Email: <span class="blank"></span>');
    expect(html).toContain('Địa chỉ: <span class="blank"></span>');
  });

  it('prints the time limit the dossier was received under, not a later change to the catalog', () => {
    const changed = { ...LAND_REGISTRATION, timeLimit: { unit: 'workingDays', value: 15 } } as const;
    const html = receiptPage(dossier, changed, DISTRICT, { lookupUrl: LOOKUP, qrSvg: qrSvg(LOOKUP) });
    expect(textOf(html)).toContain('theo quy định: 20 ngày làm việc');
  });
});

describe('escaping', () => {
  const hostile = `Lê "Bé" <b>Tí</b> & Tèo's <script>alert(1)</script>`;
  const html = page(
    landDossier({
      applicant: { fullName: hostile, address: `<img src=x onerror=alert(1)> Ấp "Mới" & Co`, email: `o'brien+le@example.vn` },
      resultDelivery: { method: 'postal', address: { line: `</p><h1>Giả mạo</h1>`, commune: 'Phường Hòa Bình', province: 'Tỉnh Hòa Lâm' } },
    }),
    `${DEFAULT_LOOKUP_BASE_URL}/H38.22-251124-0007?"><script>x</script>`,
  );

  it('turns every character that could open a tag or close an attribute into an entity', () => {
    expect(html).not.toMatch(/<script|<img|<b>|<h1>Giả/);
    expect(html).toContain('Lê &quot;Bé&quot; &lt;b&gt;Tí&lt;/b&gt; &amp; Tèo&#39;s &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; Ấp &quot;Mới&quot; &amp; Co');
    expect(html).toContain('&lt;/p&gt;&lt;h1&gt;Giả mạo&lt;/h1&gt;');
    expect(html).toContain('Email: o&#39;brien+le@example.vn');
    expect(html).toContain('href="http://localhost:3000/dossiers/H38.22-251124-0007?&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
  });

  it('keeps the text a reader sees unchanged', () => {
    expect(textOf(html)).toContain(`tiếp nhận hồ sơ của: ${hostile}`);
  });

  it('escapes the five characters and nothing else', () => {
    expect(escapeHtml(`<>&"' Nguyễn`)).toBe('&lt;&gt;&amp;&quot;&#39; Nguyễn');
  });

  it('refuses a QR drawing that could run or load anything', () => {
    const dossier = landDossier();
    for (const svg of ['<svg onload="alert(1)"></svg>', '<svg><script>1</script></svg>', '<svg><image href="http://x/y.png"/></svg>', '<img src=x>']) {
      expect(() => receiptPage(dossier, LAND_REGISTRATION, DISTRICT, { lookupUrl: LOOKUP, qrSvg: svg }), svg).toThrow(/bare inline SVG/);
    }
  });
});

describe('the lookup address', () => {
  it('is the configured base with the code as a path segment, never the phone digits', () => {
    expect(lookupUrlOf('H38.22-251124-0007', lookupBaseUrl('https://dichvucong.hoalam.gov.vn/tra-cuu/'))).toBe(
      'https://dichvucong.hoalam.gov.vn/tra-cuu/H38.22-251124-0007',
    );
    expect(lookupUrlOf('H38.22-251124-0007', lookupBaseUrl(undefined))).toBe('http://localhost:3000/dossiers/H38.22-251124-0007');
    expect(lookupUrlOf('a/b?c', DEFAULT_LOOKUP_BASE_URL)).toBe('http://localhost:3000/dossiers/a%2Fb%3Fc');
  });

  it.each(['not a url', 'javascript:alert(1)', 'ftp://example.vn/x', 'https://example.vn/tra-cuu?ma=', 'https://example.vn/#/tra-cuu'])(
    'refuses %j at cold start',
    (configured) => {
      expect(() => lookupBaseUrl(configured)).toThrow(/PUBLIC_LOOKUP_BASE_URL/);
    },
  );
});
