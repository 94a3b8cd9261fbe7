import { createHash } from 'node:crypto';
import { escapeHtml } from '../../../libs/platform/html.ts';

/**
 * The dashboard's page: a shell with no data in it. Its one script (served by the same function,
 * from this origin) reads the officer's token and calls the reporting API with it; the page
 * itself is the same for everyone and needs no authentication. Its style is inline and allowed
 * by its hash, so the policy allows no inline script and no inline style but this one.
 */

export const DASHBOARD_PATH = '/reports/dashboard';
export const DASHBOARD_SCRIPT_PATH = '/reports/dashboard/app.js';
/**
 * The browser script's file in the function's asset, beside the handler's bundle: infra/services/
 * reporting.ts has esbuild bundle services/reporting/dashboard/browser/app.ts there at synth.
 */
export const DASHBOARD_SCRIPT_FILE = 'dashboard.js';

const STYLE = `*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",Arial,sans-serif;font-size:16px;line-height:1.45;color:#1b1f24;background:#f4f6f8}
body{margin:0}
header{background:#a50e0e;color:#fff;padding:12px 16px}
header h1{font-size:1.15rem;margin:0}
header p{margin:2px 0 0;font-size:.85rem;opacity:.9}
main{max-width:1200px;margin:0 auto;padding:12px}
section{background:#fff;border:1px solid #d9dee3;border-radius:8px;padding:12px;margin:0 0 12px;min-width:0}
h2{font-size:1rem;margin:0 0 8px}
h3{font-size:.9rem;margin:10px 0 4px}
ul.note{margin:0;padding-left:18px}
label{display:block;font-size:.85rem;color:#444}
select,input,button,textarea{font:inherit;min-height:44px;padding:6px 8px;border:1px solid #9aa4ae;border-radius:6px;background:#fff;max-width:100%}
textarea{width:100%;min-height:88px}
button{background:#a50e0e;color:#fff;border-color:#a50e0e;cursor:pointer}
button.secondary{background:#fff;color:#a50e0e}
.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:8px;align-items:end}
.filters select,.filters input{width:100%}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:8px}
.card{border:1px solid #e1e5ea;border-radius:6px;padding:8px}
.card .label{font-size:.8rem;color:#555}
.card .value{font-size:1.35rem;font-weight:600}
.card .detail{font-size:.85rem;color:#333}
.narrative{margin:10px 0 0;font-size:.95rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,340px),1fr));gap:12px}
.grid section{margin:0}
.chart{position:relative;height:220px;margin:0 0 8px}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{border-bottom:1px solid #e6e9ed;padding:5px 6px;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{font-weight:600}
td.n,th.n{text-align:right}
td.n{white-space:nowrap}
.status{margin:8px 0;font-size:.9rem}
.status.error{color:#a50e0e;font-weight:600}
.actions{display:flex;flex-wrap:wrap;gap:8px;align-items:end}
.note{font-size:.8rem;color:#555}
[hidden]{display:none!important}`;

const STYLE_HASH = `sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}`;

/**
 * The page's policy: script from this origin only (the bundled app.js, checked by its hash as
 * well), this one inline style, calls to this origin only (the API), nothing framed or framing.
 */
export const DASHBOARD_CSP = `default-src 'none'; script-src 'self'; style-src '${STYLE_HASH}'; connect-src 'self'; img-src 'self' data: blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

export interface DashboardScript {
  /** SHA-384 of the script, base64 (Subresource Integrity). */
  readonly integrity: string;
  /** A short version of the content, so that a new deployment's script is never read from a cache. */
  readonly version: string;
}

/** The integrity and version of the script's bytes. */
export function scriptIdentity(bytes: Uint8Array | string): DashboardScript {
  return {
    integrity: `sha384-${createHash('sha384').update(bytes).digest('base64')}`,
    version: createHash('sha256').update(bytes).digest('hex').slice(0, 16),
  };
}

const PERIOD_KINDS = [['month', 'Tháng'], ['quarter', 'Quý'], ['year', 'Năm'], ['range', 'Khoảng thời gian']] as const;
const GROUPINGS = [['', 'Không nhóm'], ['agency', 'Theo đơn vị'], ['field', 'Theo lĩnh vực'], ['procedure', 'Theo thủ tục'], ['channel', 'Theo kênh'], ['month', 'Theo tháng']] as const;

const options = (choices: readonly (readonly [string, string])[]): string => choices.map(([value, label]) => `<option value="${value}">${escapeHtml(label)}</option>`).join('');

/** A table with its header; the script fills the body. */
const table = (id: string, headers: readonly string[], numeric: readonly boolean[]): string =>
  `<div class="table-wrap"><table id="${id}"><thead><tr>${headers.map((h, i) => `<th${numeric[i] ? ' class="n"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody></tbody></table></div>`;

/** The whole page, in Vietnamese. */
export function dashboardPage(script: DashboardScript): string {
  return `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>Theo dõi kết quả giải quyết thủ tục hành chính</title>
<style>${STYLE}</style>
<script src="${DASHBOARD_SCRIPT_PATH}?v=${script.version}" integrity="${script.integrity}" defer></script>
</head>
<body data-state="loading">
<header><h1>Theo dõi kết quả giải quyết thủ tục hành chính</h1><p id="officer">Bộ phận Một cửa</p></header>
<main>
<section id="sign-in" hidden>
<h2>Mã đăng nhập của cán bộ</h2>
<p class="note">Dán mã đăng nhập (ID token) do quản trị viên cấp. Mã chỉ được giữ trong thẻ trình duyệt này và mất khi đóng thẻ.</p>
<label for="token-input">Mã đăng nhập</label>
<textarea id="token-input" autocomplete="off" spellcheck="false"></textarea>
<p class="actions"><button id="token-use" type="button">Sử dụng mã</button></p>
</section>
<div id="dashboard" hidden>
<section aria-label="Bộ lọc">
<div class="filters">
<div><label for="agency">Đơn vị</label><select id="agency"></select></div>
<div><label for="kind">Kỳ báo cáo</label><select id="kind">${options(PERIOD_KINDS)}</select></div>
<div data-kind="month"><label for="month">Tháng</label><input id="month" type="month"></div>
<div data-kind="quarter"><label for="quarter">Quý</label><select id="quarter">${options([['1', 'Quý I'], ['2', 'Quý II'], ['3', 'Quý III'], ['4', 'Quý IV']])}</select></div>
<div data-kind="quarter year"><label for="year">Năm</label><input id="year" type="number" min="2000" max="2100" step="1" inputmode="numeric"></div>
<div data-kind="range"><label for="from">Từ ngày</label><input id="from" type="date"></div>
<div data-kind="range"><label for="to">Đến ngày</label><input id="to" type="date"></div>
<div><label for="as-of">Số liệu tính đến ngày</label><input id="as-of" type="date"></div>
</div>
<p id="status" class="status" role="status"></p>
</section>
<section aria-labelledby="h-published">
<h2 id="h-published">Kết quả giải quyết hồ sơ <span id="period-label"></span></h2>
<div id="cards" class="cards"></div>
<p id="narrative" class="narrative"></p>
</section>
<div class="grid">
<section aria-labelledby="h-trend"><h2 id="h-trend">Tỷ lệ giải quyết trước hạn và đúng hạn theo tháng</h2><div class="chart"><canvas id="chart-trend" role="img" aria-label="Biểu đồ tỷ lệ đúng hạn theo tháng"></canvas></div>${table('trend', ['Tháng', 'Tiếp nhận', 'Trước hạn và đúng hạn', 'Quá hạn'], [false, true, true, true])}</section>
<section aria-labelledby="h-channels"><h2 id="h-channels">Kênh tiếp nhận</h2><div class="chart"><canvas id="chart-channels" role="img" aria-label="Biểu đồ kênh tiếp nhận"></canvas></div>${table('channels', ['Kênh', 'Hồ sơ', 'Tỷ lệ'], [false, true, true])}</section>
<section aria-labelledby="h-satisfaction"><h2 id="h-satisfaction">Mức độ hài lòng</h2><div class="chart"><canvas id="chart-satisfaction" role="img" aria-label="Biểu đồ mức độ hài lòng"></canvas></div>${table('satisfaction', ['Mức độ', 'Lượt đánh giá', 'Tỷ lệ'], [false, true, true])}</section>
<section aria-labelledby="h-open"><h2 id="h-open">Hồ sơ đang giải quyết <span id="as-of-label"></span></h2>${table('open', ['Tình trạng', 'Hồ sơ'], [false, true])}</section>
<section aria-labelledby="h-overdue"><h2 id="h-overdue">Hồ sơ đang quá hạn (hiện tại)</h2><p id="overdue-count" class="note"></p>${table('overdue', ['Mã hồ sơ', 'Thủ tục', 'Hẹn trả', 'Số ngày quá hạn'], [false, false, false, true])}</section>
<section aria-labelledby="h-late"><h2 id="h-late">Thủ tục có nhiều hồ sơ giải quyết quá hạn</h2><div class="chart"><canvas id="chart-late" role="img" aria-label="Biểu đồ thủ tục quá hạn"></canvas></div>${table('late', ['Thủ tục', 'Quá hạn', 'Tiếp nhận'], [false, true, true])}</section>
<section aria-labelledby="h-c01"><h2 id="h-c01">Đánh giá theo Thông tư 01/2018/TT-VPCP</h2>${table('c01-agencies', ['Đơn vị', 'Hồ sơ', 'Điểm trung bình'], [false, true, true])}${table('c01', ['Chỉ số', 'Điểm trung bình (tối đa 2)', 'Hồ sơ được chấm'], [false, true, true])}</section>
<section aria-labelledby="h-766"><h2 id="h-766">Chỉ số phục vụ theo Quyết định 766/QĐ-TTg</h2><p id="index-766-total"></p>${table('index-766', ['Nhóm chỉ số', 'Điểm', 'Tối đa'], [false, true, true])}<h3>Chưa tính được, vì thiếu số liệu</h3><ul id="index-766-needs" class="note"></ul></section>
</div>
<section aria-labelledby="h-export">
<h2 id="h-export">Tải báo cáo</h2>
<div class="actions">
<div><label for="group-by">Nhóm số liệu</label><select id="group-by">${options(GROUPINGS)}</select></div>
<button id="export-xlsx" type="button">Tải Excel (XLSX)</button>
<button id="export-csv" type="button" class="secondary">Tải CSV</button>
<button id="sign-out" type="button" class="secondary">Xóa mã đăng nhập</button>
</div>
</section>
</div>
<noscript><p>Trang này cần bật JavaScript.</p></noscript>
</main>
</body>
</html>
`;
}
