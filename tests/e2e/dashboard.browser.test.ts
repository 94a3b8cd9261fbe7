import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/motcua-function.ts';
import { defaultFilters, queryString, reportParams, trendParams } from '../../services/reporting/dashboard/filters.ts';
import * as panels from '../../services/reporting/dashboard/panels.ts';
import { householdBusiness, startLocalSystem, type LocalSystem } from '../support/local-system.ts';

/**
 * The officers' dashboard in Debian's Chromium (playwright-core, no browser download), against the
 * local runtime serving the synthesized app: dossiers filed and handled through intake's API,
 * counted by reporting's consumer, then the page opened with a province leader's token in the
 * fragment. It must show exactly what the API answers the same token, follow its filters, download
 * the summary, and fit a phone. Screenshots: test-artifacts/dashboard-*.png (gitignored).
 */

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const PHONE = { width: 375, height: 812 };

let system: LocalSystem;
let dataDir: string;
let userDataDir: string;
let browser: BrowserContext;
let leader: string;
const problems: string[] = [];
const foreign: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-e2e-dashboard-'));
  system = await startLocalSystem({ assemblyDir: inject('assemblyDir'), dataDir, inMemory: true, unpolledQueues: [] });
  const district = await system.issuer.mint({ agency: 'H38.22' });
  leader = await system.issuer.mint({ agency: 'H38' });
  const codes: string[] = [];
  for (const [i, channel] of (['counter', 'counter', 'online', 'counter', 'counter', 'counter'] as const).entries()) {
    const received = await system.api('POST', '/dossiers', householdBusiness(700 + i, channel === 'online' ? { channel } : {}), district);
    expect(received.status).toBe(201);
    codes.push(received.body.code);
  }
  const act = async (code: string, action: object) => expect((await system.api('POST', `/dossiers/${code}/actions`, action, district)).status).toBe(200);
  await act(codes[0]!, { type: 'startProcessing' });
  await act(codes[0]!, { type: 'resolve' });
  await act(codes[0]!, { type: 'returnResult' });
  await act(codes[1]!, { type: 'requestSupplement', missing: ['Bản sao giấy chứng nhận quyền sử dụng đất'] });
  await act(codes[3]!, { type: 'refuse', reason: 'Ngành nghề kinh doanh không được phép' });
  // Time cannot be made to pass: two appointments are moved three days back (as the deadline
  // watch's test does) and the watch runs; one of the two is then resolved, late.
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: system.info.dynamodbEndpoint, region: system.info.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
  const dossiers = Object.entries(system.info.tables).find(([key]) => key.includes('DossiersTable'))![1];
  const past = new Date(Date.now() - 3 * 86_400_000).toISOString();
  for (const code of [codes[4]!, codes[5]!]) {
    await documents.send(new UpdateCommand({ TableName: dossiers, Key: { pk: code }, UpdateExpression: 'SET dueAt = :at, watchAt = :at', ExpressionAttributeValues: { ':at': past } }));
  }
  documents.destroy();
  const schedule = system.runtime.assembly.schedules.find((rule) => rule.targetFunctionKeys.some((key) => key.includes('WatchDeadlines')))!;
  await system.runtime.functionHosts.get(schedule.targetFunctionKeys[0]!)!.invoke({ version: '0', 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), detail: {} });
  await act(codes[5]!, { type: 'startProcessing' });
  await act(codes[5]!, { type: 'resolve' });
  // Counted by the consumer (it polls its queue like Lambda would).
  const month = defaultFilters('H38', new Date()).period;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 300))) {
    const { body } = await system.api('GET', `/reports/summary?agency=H38&period=${month}`, undefined, leader);
    const overdue = await system.api('GET', '/reports/overdue?agency=H38', undefined, leader);
    if (body?.totals?.received === 6 && body.totals.cohort?.refused === 1 && body.totals.cohort?.['resolved-late'] === 1 && overdue.body?.count === 1) break;
  }

  userDataDir = mkdtempSync(path.join(tmpdir(), 'motcua-chromium-'));
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    // As officers' browsers are set (Vietnamese numbers and dates wherever the browser formats them).
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
  for (const dir of [dataDir, userDataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  problems.length = 0;
});

async function open(viewport = { width: 1280, height: 900 }, fragment = `#token=${leader}`): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewportSize(viewport);
  page.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource') && problems.push(message.text()));
  page.on('response', (response) => response.status() >= 400 && problems.push(`${response.status()} ${response.url()}`));
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('request', (request) => !request.url().startsWith(system.info.url) && foreign.push(request.url()));
  const response = await page.goto(`${system.info.url}/reports/dashboard${fragment}`);
  expect(response?.status()).toBe(200);
  return page;
}

// (The project's types have no DOM: what runs in the page is given as strings.)
/** Waits for the page to have shown the answers of one more round of calls than `before`. */
// (Not waitForFunction: it evaluates a string in the page, which the page's policy forbids.)
async function loaded(page: Page, before = 0): Promise<void> {
  await expect.poll(async () => (await page.locator('body').getAttribute('data-state')) === 'ready' && (await loads(page)) > before, { timeout: 30_000 }).toBe(true);
}
const loads = async (page: Page): Promise<number> => Number(await page.locator('body').getAttribute('data-loads'));

const api = async (route: string) => {
  const { status, body } = await system.api('GET', route, undefined, leader);
  expect([route, status]).toEqual([route, 200]);
  return body;
};

/** What the page's tables say, row by row. */
const tableText = (page: Page, id: string) => page.locator(`#${id} tbody tr`).evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)));
const rowsOf = (rows: panels.Row[]) => rows.map((row) => [row.label, ...row.values]);
const card = (page: Page, key: string) => page.locator(`[data-figure="${key}"]`).evaluate((box) => [box.querySelector('.value')?.textContent, box.querySelector('.detail')?.textContent ?? null]);

describe('the dashboard on the local runtime', () => {
  it('opens with the token from the fragment, takes it out of the address bar, and shows exactly what the API answers', async () => {
    const page = await open();
    await loaded(page);
    expect(page.url()).toBe(`${system.info.url}/reports/dashboard`);

    const filters = defaultFilters('H38', new Date());
    const query = queryString(reportParams(filters));
    const summary: panels.Summary = await api(`/reports/summary?${query}`);
    expect(summary.totals.received).toBe(6);
    expect(summary.totals.cohort).toMatchObject({ 'resolved-early': 1, 'resolved-late': 1, 'open-overdue': 1, 'open-supplement': 1, refused: 1 });
    const { totals } = summary;
    const p = totals.published!;
    // The published form, formatted here from the JSON on its own.
    expect(await card(page, 'received')).toEqual([panels.viNumber(totals.received), null]);
    expect(await card(page, 'early-or-on-time')).toEqual([String(p.earlyOrOnTime.count), panels.viPercent(p.earlyOrOnTime.percent)]);
    expect(await card(page, 'in-progress')).toEqual([String(p.inProgressWithinDeadline.count), panels.viPercent(p.inProgressWithinDeadline.percent)]);
    expect(await card(page, 'overdue')).toEqual([String(p.overdue.count), panels.viPercent(p.overdue.percent)]);
    expect(await card(page, 'closed')).toEqual([String(p.closedWithoutResult.count), panels.viPercent(p.closedWithoutResult.percent)]);
    expect(await card(page, 'online')).toEqual([String(totals.receivedByChannel.online), null]);
    expect(await card(page, 'counter-postal')).toEqual([String(totals.receivedByChannel.counter + totals.receivedByChannel.postal), null]);
    expect(await page.locator('#narrative').textContent()).toBe(summary.narrative);

    // The panels, each against its own answer.
    expect(await tableText(page, 'channels')).toEqual(rowsOf(panels.channelRows(summary)));
    expect((await tableText(page, 'channels')).map((row) => row[1])).toEqual(['5', '1', '0']);
    expect(await tableText(page, 'satisfaction')).toEqual(rowsOf(panels.satisfactionRows(summary)));
    expect(await tableText(page, 'open')).toEqual([['Trong hạn', String(totals.openAtAsOf.within)], ['Chờ bổ sung', String(totals.openAtAsOf.supplement)], ['Quá hạn', String(totals.openAtAsOf.overdue)]]);
    const byMonth: panels.Summary = await api(`/reports/summary?${queryString(trendParams(filters))}`);
    expect(byMonth.groups).toHaveLength(12);
    expect(await tableText(page, 'trend')).toEqual(rowsOf(panels.trendRows(byMonth)));
    const overdue: panels.Overdue = await api('/reports/overdue?agency=H38');
    expect(overdue.count).toBe(1);
    expect(await page.locator('#overdue-count').textContent()).toBe('1 hồ sơ');
    expect(await tableText(page, 'overdue')).toEqual(overdue.dossiers.map((d) => [d.code, d.procedureName, panels.viDate(d.dueAt), String(d.daysLate)]));
    const byProcedure: panels.Summary = await api(`/reports/summary?${query}&groupBy=procedure`);
    const late = byProcedure.groups.filter((group) => group.figures.activity['resolved.late']! > 0);
    expect(late.map((group) => [group.key, group.figures.activity['resolved.late']])).toEqual([['1.001612', 1]]);
    expect(await tableText(page, 'late')).toEqual(late.map((group) => [`${group.key} · ${group.label}`, '1', String(group.figures.received)]));
    const scores: panels.Circular01 = await api(`/reports/circular-01?${query}`);
    expect(scores.averages.dossiers).toBe(2);
    expect(await tableText(page, 'c01-agencies')).toEqual(rowsOf(panels.circular01AgencyRows(scores)));
    expect(await tableText(page, 'c01')).toEqual(rowsOf(panels.circular01Rows(scores)));
    const index: panels.Index766 = await api(`/reports/index-766?${query}`);
    expect(await page.locator('#index-766-total').textContent()).toBe(panels.index766Total(index));
    expect(await tableText(page, 'index-766')).toEqual(rowsOf(panels.index766Rows(index)));
    expect(await page.locator('#index-766-needs li').allTextContents()).toEqual(panels.index766Needs(index));

    // Four charts drawn, nothing fetched from elsewhere, no script error, no policy violation.
    expect(await page.locator('canvas').evaluateAll((canvases) => canvases.filter((c) => Number(c.getAttribute('width')) > 0).length)).toBe(4);
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-desktop.png'), fullPage: true });
    await page.close();
  });

  it('follows its filters: another agency, another period, a day to stand at', async () => {
    const page = await open();
    await loaded(page);
    let before = await loads(page);
    await page.selectOption('#agency', 'H38.1');
    await loaded(page, before);
    const centre: panels.Summary = await api(`/reports/summary?agency=H38.1&period=${defaultFilters('H38', new Date()).period}`);
    expect(centre.agency.code).toBe('H38.1');
    expect(await card(page, 'received')).toEqual([panels.viNumber(centre.totals.received), null]);
    expect(await card(page, 'received')).toEqual(['0', null]);
    expect(await page.locator('#narrative').textContent()).toBe(centre.narrative);

    before = await loads(page);
    await page.selectOption('#agency', 'H38');
    await loaded(page, before);
    expect(await card(page, 'received')).toEqual(['6', null]);
    before = await loads(page);
    const lastYear = String(new Date().getUTCFullYear() - 1);
    await page.selectOption('#kind', 'year');
    await loaded(page, before);
    before = await loads(page);
    await page.fill('#year', lastYear);
    await page.locator('#year').dispatchEvent('change');
    await loaded(page, before);
    const previous: panels.Summary = await api(`/reports/summary?agency=H38&period=${lastYear}`);
    expect(await card(page, 'received')).toEqual([panels.viNumber(previous.totals.received), null]);
    expect(await page.locator('#narrative').textContent()).toBe(previous.narrative);
    const trend: panels.Summary = await api(`/reports/summary?agency=H38&period=${lastYear}&groupBy=month`);
    expect(await tableText(page, 'trend')).toEqual(rowsOf(panels.trendRows(trend)));
    expect(problems).toEqual([]);
    await page.close();
  });

  it('downloads the summary as Excel and CSV with the token, the figures the page shows', async () => {
    const page = await open();
    await loaded(page);
    await page.selectOption('#group-by', 'channel');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
    expect(xlsx.suggestedFilename()).toMatch(/^bao-cao-H38-.*\.xlsx$/);
    const sheets = await readXlsxFile(readFileSync((await xlsx.path())!));
    expect(sheets.map((sheet) => sheet.sheet)).toEqual(['Tổng hợp', 'Theo kênh']);
    expect(sheets[0]!.data.flat()).toContain(await page.locator('#narrative').textContent());
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    expect(csv.suggestedFilename()).toMatch(/^bao-cao-H38-.*\.csv$/);
    const text = readFileSync((await csv.path())!, 'utf8');
    const [header, ...rows] = text.slice(1).trimEnd().split('\r\n').map((line) => line.split(','));
    const totals = rows.find((row) => row.includes('Tổng cộng'))!;
    expect(totals[header!.indexOf('Tiếp nhận')]).toBe((await card(page, 'received'))[0]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('fits a phone: no sideways scrolling, every panel there', async () => {
    const page = await open(PHONE);
    await loaded(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-phone.png'), fullPage: true });
    expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
    expect(await page.locator('section:visible').count()).toBeGreaterThanOrEqual(11);
    // Columns keep a readable width (a label squeezed to a letter a line reads as nothing).
    const narrow = await page.locator('tr[data-key] > td:first-child').evaluateAll((cells) => cells.filter((cell) => cell.getBoundingClientRect().width < 80).map((cell) => `${cell.closest('table')!.id}: ${cell.textContent}`));
    expect(narrow).toEqual([]);
    const controls = await page.locator('select:visible, input:visible, button:visible').evaluateAll((elements) => elements.map((e) => e.getBoundingClientRect().height));
    for (const height of controls) expect(height).toBeGreaterThanOrEqual(44);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('without a token, asks for one to paste (the link that carries it will do), and then shows the figures', async () => {
    const page = await open(PHONE, '');
    await page.locator('body[data-state="signed-out"]').waitFor();
    expect(await page.locator('#sign-in').isVisible()).toBe(true);
    await page.fill('#token-input', `${system.info.url}/reports/dashboard#token=${leader}`);
    await page.click('#token-use');
    await loaded(page);
    expect(await card(page, 'received')).toEqual(['6', null]);
    expect(await page.evaluate('Object.keys(sessionStorage)')).toEqual(['motcua.dashboard.token']);
    await page.close();
  });
});
