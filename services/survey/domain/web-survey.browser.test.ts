/**
 * The web survey as a citizen's browser uses it: Debian's Chromium (no browser download), driven
 * by playwright-core, on a counter tablet and on a phone. A small local server answers GET and
 * POST /s/{token} with the same pages, statuses and headers (the CSP included) as the handlers,
 * over one in-memory survey, and records what the browser posts: the form is filled by tapping
 * labels, sent by its button, and what arrives must read as the answer tapped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pageResponse } from '../adapters/pages.ts';
import { readSurveyForm } from './survey-form.ts';
import { markSent, openSurvey, type Survey } from './survey.ts';
import { submitSurvey, surveyPage, type LinkedSurvey } from './web-survey.ts';

/** Installed by `apt-get install chromium` (.ci/run does it when missing). */
const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'Zx9-_Qw3Er5Ty7Ui';
const VIEWPORTS = { 'a counter tablet': { width: 800, height: 1280 }, 'a phone': { width: 375, height: 740 } } as const;
/** The smallest comfortable target for a finger (WCAG 2.5.5 asks 44 CSS pixels; Android 48). */
const MIN_TARGET = 48;

let userDataDir: string;
let browser: BrowserContext;
let server: Server;
let origin: string;
let page: Page;
let requests: string[];
let survey: LinkedSurvey | null;
let posted: { contentType: string | undefined; body: string }[];

beforeAll(async () => {
  userDataDir = mkdtempSync(path.join(tmpdir(), 'motcua-chromium-'));
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const now = new Date();
      let answer;
      if (request.url !== `/s/${TOKEN}`) answer = pageResponse(surveyPage(null, now));
      else if (request.method === 'POST') {
        const body = Buffer.concat(chunks).toString('utf8');
        posted.push({ contentType: request.headers['content-type'], body });
        const submission = submitSurvey(survey, body, now, TOKEN);
        // What the handler saves.
        if (submission.answered) survey = { ...survey!, survey: submission.answered.next };
        answer = pageResponse(submission.page);
      } else answer = pageResponse(surveyPage(survey, now));
      response.writeHead(answer.statusCode!, answer.headers as Record<string, string>).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(userDataDir, { recursive: true, force: true });
});

beforeEach(() => {
  const now = new Date();
  const opened: Survey = openSurvey({ dossierCode: 'H38.22.1-260302-0001', agencyCode: 'H38.22.1', procedureCode: '1.001612', agencyName: 'Ủy ban nhân dân phường Hòa Bình', surveyId: TOKEN, phoneHash: 'hash' }, { now, sendAfter: now });
  survey = { survey: markSent(opened, now, { expiresAfterDays: 7 }), agencyName: 'Bộ phận Một cửa Ủy ban nhân dân phường Hòa Lâm, thành phố Hòa Lâm' };
  posted = [];
});

async function open(viewport: { width: number; height: number }): Promise<Page> {
  const opened = await browser.newPage();
  await opened.setViewportSize(viewport);
  opened.on('request', (request) => requests.push(request.url()));
  const response = await opened.goto(`${origin}/s/${TOKEN}`);
  expect(response?.status()).toBe(200);
  return opened;
}

beforeEach(() => {
  requests = [];
});

afterEach(async () => {
  await page?.close();
});

describe.each(Object.entries(VIEWPORTS))('the web survey on %s', (_, viewport) => {
  it('is answered by tapping labels; what is posted reads as the answer tapped, and the survey thanks', async () => {
    page = await open(viewport);
    await page.getByText('Rất hài lòng', { exact: true }).click();
    await page.getByText('Lịch sự, tận tình, chu đáo', { exact: true }).click();
    await page.getByText('Hai lần', { exact: true }).click();
    expect(await page.locator('input:checked').evaluateAll((inputs) => inputs.map((input) => input.getAttribute('value')))).toEqual(['very-satisfied', 'courteous', 'two']);

    await Promise.all([page.waitForURL(`${origin}/s/${TOKEN}`, { waitUntil: 'load' }), page.getByRole('button', { name: 'Gửi đánh giá' }).click()]);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Cảm ơn ông/bà đã đánh giá');

    expect(posted).toHaveLength(1);
    expect(posted[0]!.contentType).toBe('application/x-www-form-urlencoded');
    expect(readSurveyForm(posted[0]!.body)).toEqual({ ok: true, answer: { level: 'very-satisfied', criteria: { staffAttitude: 'courteous', visits: 'two' } } });
    expect(survey?.survey.answer).toMatchObject({ level: 'very-satisfied', channel: 'web' });
    // The page, its post and the 303 back: nothing else fetched, from anywhere.
    expect(requests.every((url) => url.startsWith(`${origin}/s/${TOKEN}`))).toBe(true);
  });

  it('fits the screen, with finger-sized choices and button, and runs nothing', async () => {
    page = await open(viewport);
    const targets = await page.locator('label.choice, button').evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect()).map(({ width, height }) => ({ width, height })));
    expect(targets).toHaveLength(10);
    for (const { width, height } of targets) {
      expect(height).toBeGreaterThanOrEqual(MIN_TARGET);
      expect(width).toBeGreaterThanOrEqual(Math.min(viewport.width - 64, 600));
    }
    const seen = {
      overflows: await page.evaluate('document.documentElement.scrollWidth > document.documentElement.clientWidth'),
      scripts: await page.locator('script').count(),
      language: await page.locator('html').getAttribute('lang'),
      charset: await page.evaluate('document.characterSet'),
    };
    expect(seen).toEqual({ overflows: false, scripts: 0, language: 'vi', charset: 'UTF-8' });
  });

  it('does not post without the overall level, and counts only the first of two submissions', async () => {
    page = await open(viewport);
    const other = await open(viewport);
    try {
      // Only optional answers: the browser asks for the level itself, nothing is posted.
      await page.getByText('Bình thường', { exact: true }).click();
      await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
      // (The project's types have no DOM: the browser's own check, asked as a string.)
      expect(await page.evaluate(`document.querySelector('input[name="level"]').validity.valueMissing`)).toBe(true);
      expect(posted).toEqual([]);

      await page.getByText('Không hài lòng', { exact: true }).click();
      await Promise.all([page.waitForURL(`${origin}/s/${TOKEN}`, { waitUntil: 'load' }), page.getByRole('button', { name: 'Gửi đánh giá' }).click()]);
      await other.getByText('Hài lòng', { exact: true }).click();
      const [second] = await Promise.all([other.waitForResponse((response) => response.request().method() === 'POST'), other.getByRole('button', { name: 'Gửi đánh giá' }).click()]);
      expect(second.status()).toBe(409);
      await expect.poll(() => other.locator('h1').textContent()).toBe('Phiếu đã được trả lời');

      expect(posted.map(({ body }) => readSurveyForm(body))).toEqual([
        { ok: true, answer: { level: 'not-satisfied', criteria: { staffAttitude: 'acceptable', visits: null } } },
        { ok: true, answer: { level: 'satisfied' } },
      ]);
      expect(survey?.survey.answer).toMatchObject({ level: 'not-satisfied', criteria: { staffAttitude: 'acceptable', visits: null } });
    } finally {
      await other.close();
    }
  });
});

describe('a link that names no survey', () => {
  it('says only that the survey was not found (404)', async () => {
    page = await browser.newPage();
    const response = await page.goto(`${origin}/s/AAAAAAAAAAAAAAAA`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Không tìm thấy phiếu khảo sát');
  });
});
