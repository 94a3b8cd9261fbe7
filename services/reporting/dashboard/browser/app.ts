/**
 * The dashboard's script (bundled with Chart.js into app.js, served from this origin): reads the
 * officer's token (services/reporting/dashboard/token.ts), offers their agency's subtree and a
 * period, calls the reporting API with the token, and shows what it answers. Every value from the
 * API goes into the page as text (textContent), never as markup.
 */
import tree from '../../data/agency-tree.json' with { type: 'json' };
import { agencyChoices } from '../agencies.ts';
import { defaultFilters, periodOfKind, periodRange, queryString, reportParams, trendParams, vietnamToday, type Filters, type PeriodKind } from '../filters.ts';
import * as panels from '../panels.ts';
import { claimsOf, TOKEN_STORAGE_KEY, tokenFromFragment, tokenFromPaste } from '../token.ts';
import { barChart, doughnutChart, trendChart } from './charts.ts';

const element = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
const input = (id: string): HTMLInputElement => element<HTMLInputElement>(id);

class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

function start(): void {
  // Taken out of the address bar at once: not kept in history, not copied with the link.
  const given = tokenFromFragment(location.hash);
  if (given) {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, given);
    history.replaceState(null, '', location.pathname + location.search);
  }
  element('token-use').addEventListener('click', () => {
    const pasted = tokenFromPaste(input('token-input').value);
    if (pasted) sessionStorage.setItem(TOKEN_STORAGE_KEY, pasted);
    location.reload();
  });
  element('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_STORAGE_KEY);
    location.reload();
  });
  const token = sessionStorage.getItem(TOKEN_STORAGE_KEY);
  const claims = token ? claimsOf(token) : null;
  if (!token || !claims) return signIn(token ? 'Mã đăng nhập không đúng dạng.' : '');
  if (claims.expiresAt !== null && claims.expiresAt * 1000 <= Date.now()) return signIn('Mã đăng nhập đã hết hạn: xin mã mới.');
  dashboard(token, claims.agency);
}

function signIn(problem: string): void {
  sessionStorage.removeItem(TOKEN_STORAGE_KEY);
  element('dashboard').hidden = true;
  element('sign-in').hidden = false;
  if (problem) element('sign-in').querySelector('.note')!.textContent = problem;
  document.body.dataset.state = 'signed-out';
}

function dashboard(token: string, officerAgency: string): void {
  element('sign-in').hidden = true;
  element('dashboard').hidden = false;
  const choices = agencyChoices(tree.agencies, officerAgency);
  const agencySelect = element<HTMLSelectElement>('agency');
  for (const choice of choices.length ? choices : [{ code: officerAgency, label: officerAgency, depth: 0 }]) {
    agencySelect.add(new Option(`${'\u2003'.repeat(choice.depth)}${choice.label}`, choice.code));
  }
  element('officer').textContent = `Cán bộ: ${choices[0]?.label ?? officerAgency}`;

  const initial = defaultFilters(officerAgency, new Date());
  agencySelect.value = initial.agency;
  input('month').value = initial.period;
  input('year').value = initial.period.slice(0, 4);
  element<HTMLSelectElement>('quarter').value = periodOfKind('quarter', `${initial.period}-01`).slice(6);
  input('from').value = initial.from;
  input('to').value = initial.to;
  const today = vietnamToday(new Date());
  for (const id of ['month', 'from', 'to', 'as-of']) input(id).max = id === 'month' ? today.slice(0, 7) : today;
  showKind('month');

  let latest = 0;
  const load = async () => {
    const run = ++latest;
    document.body.dataset.state = 'loading';
    status('Đang tải số liệu…');
    try {
      const filters = readFilters();
      const report = queryString(reportParams(filters));
      const [summary, byMonth, byProcedure, overdue, index766, circular01] = await Promise.all([
        get<panels.Summary>(`/reports/summary?${report}`),
        get<panels.Summary>(`/reports/summary?${queryString(trendParams(filters))}`),
        get<panels.Summary>(`/reports/summary?${report}&groupBy=procedure`),
        get<panels.Overdue>(`/reports/overdue?${queryString({ agency: filters.agency })}`),
        get<panels.Index766>(`/reports/index-766?${report}`),
        get<panels.Circular01>(`/reports/circular-01?${report}`),
      ]);
      if (run !== latest) return;
      render(filters, { summary, byMonth, byProcedure, overdue, index766, circular01 });
      status('');
      document.body.dataset.loads = String(Number(document.body.dataset.loads ?? 0) + 1);
      document.body.dataset.state = 'ready';
    } catch (error) {
      if (run !== latest) return;
      if (error instanceof ApiError && error.status === 401) return signIn('Mã đăng nhập không còn hiệu lực: xin mã mới.');
      status((error as Error).message, true);
      document.body.dataset.state = 'error';
    }
  };

  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(path, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
    const body = (await response.json().catch(() => null)) as { messages?: { vi?: string } } | null;
    if (!response.ok) throw new ApiError(response.status, body?.messages?.vi ?? `Không tải được số liệu (mã lỗi ${response.status}).`);
    return body as T;
  };

  element('kind').addEventListener('change', () => {
    showKind(element<HTMLSelectElement>('kind').value as PeriodKind);
    void load();
  });
  for (const id of ['agency', 'month', 'quarter', 'year', 'from', 'to', 'as-of']) element(id).addEventListener('change', () => void load());
  element('export-xlsx').addEventListener('click', () => void download('xlsx'));
  element('export-csv').addEventListener('click', () => void download('csv'));

  /** A file of the summary as the filters choose, fetched with the token and saved from a blob. */
  const download = async (format: 'csv' | 'xlsx') => {
    try {
      const groupBy = element<HTMLSelectElement>('group-by').value;
      const response = await fetch(`/reports/summary?${queryString({ ...reportParams(readFilters()), ...(groupBy ? { groupBy } : {}), format })}`, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { messages?: { vi?: string } } | null;
        throw new Error(body?.messages?.vi ?? `Không tải được tệp (mã lỗi ${response.status}).`);
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `bao-cao.${format}`;
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      status((error as Error).message, true);
    }
  };

  void load();
}

function showKind(kind: PeriodKind): void {
  element<HTMLSelectElement>('kind').value = kind;
  for (const box of document.querySelectorAll<HTMLElement>('[data-kind]')) box.hidden = !box.dataset.kind!.split(' ').includes(kind);
}

function readFilters(): Filters {
  const kind = element<HTMLSelectElement>('kind').value as PeriodKind;
  const year = input('year').value;
  const period = kind === 'month' ? input('month').value : kind === 'quarter' ? `${year}-Q${element<HTMLSelectElement>('quarter').value}` : kind === 'year' ? year : '';
  return { agency: element<HTMLSelectElement>('agency').value, kind, period, from: input('from').value, to: input('to').value, asOf: input('as-of').value };
}

function status(message: string, error = false): void {
  const line = element('status');
  line.textContent = message;
  line.classList.toggle('error', error);
}

interface Answers {
  summary: panels.Summary;
  byMonth: panels.Summary;
  byProcedure: panels.Summary;
  overdue: panels.Overdue;
  index766: panels.Index766;
  circular01: panels.Circular01;
}

function render(filters: Filters, answers: Answers): void {
  const { summary } = answers;
  const range = periodRange(filters);
  element('period-label').textContent = `(${summary.agency.name}, ${panels.viDate(range.from)} – ${panels.viDate(range.to)})`;
  element('as-of-label').textContent = `(cuối ngày ${panels.viDate(summary.asOf)})`;

  const cards = element('cards');
  cards.replaceChildren(
    ...panels.publishedCards(summary).map((card) => {
      const box = document.createElement('div');
      box.className = 'card';
      box.dataset.figure = card.key;
      box.append(text('div', card.label, 'label'), text('div', card.value, 'value'));
      if (card.detail) box.append(text('div', card.detail, 'detail'));
      return box;
    }),
  );
  element('narrative').textContent = summary.narrative;

  const trend = panels.trendRows(answers.byMonth);
  fill('trend', trend);
  trendChart(trend.map((row) => row.label.replace(/^Tháng /, '')), trend.map((row) => (Number.isNaN(row.n) ? null : row.n)), trend.map((row) => row.overdue));

  const channels = panels.channelRows(summary);
  fill('channels', channels);
  doughnutChart('chart-channels', channels.map((row) => row.label), channels.map((row) => row.n));

  const satisfaction = panels.satisfactionRows(summary);
  fill('satisfaction', satisfaction);
  barChart('chart-satisfaction', satisfaction.map((row) => row.label), satisfaction.map((row) => row.n));

  fill('open', panels.openRows(summary));

  const overdue = panels.overdueRows(answers.overdue);
  element('overdue-count').textContent = overdue.length ? `${panels.viNumber(answers.overdue.count)} hồ sơ` : 'Không có hồ sơ nào đang quá hạn.';
  fill('overdue', overdue);

  const late = panels.lateProcedureRows(answers.byProcedure);
  fill('late', late, 'Không có hồ sơ nào giải quyết quá hạn trong kỳ.');
  barChart('chart-late', late.map((row) => row.key), late.map((row) => row.n), true);

  fill('c01-agencies', panels.circular01AgencyRows(answers.circular01));
  fill('c01', panels.circular01Rows(answers.circular01));
  element('index-766-total').textContent = panels.index766Total(answers.index766);
  fill('index-766', panels.index766Rows(answers.index766));
  element('index-766-needs').replaceChildren(...panels.index766Needs(answers.index766).map((line) => text('li', line)));
}

function text(tag: string, content: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  node.textContent = content;
  if (className) node.className = className;
  return node;
}

/** A table's body: one row per entry (the label, then right-aligned numbers), or a line saying there is none. */
function fill(id: string, rows: readonly panels.Row[], empty = 'Không có số liệu.'): void {
  const table = element<HTMLTableElement>(id);
  const numeric = [...table.tHead!.rows[0]!.cells].map((cell) => cell.classList.contains('n'));
  const body = table.tBodies[0]!;
  if (!rows.length) {
    const cell = text('td', empty);
    (cell as HTMLTableCellElement).colSpan = numeric.length;
    const row = document.createElement('tr');
    row.append(cell);
    body.replaceChildren(row);
    return;
  }
  body.replaceChildren(
    ...rows.map((entry) => {
      const row = document.createElement('tr');
      row.dataset.key = entry.key;
      row.append(text('td', entry.label), ...entry.values.map((value, i) => text('td', value, numeric[i + 1] ? 'n' : undefined)));
      return row;
    }),
  );
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
