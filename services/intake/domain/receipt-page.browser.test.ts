/**
 * The receipt as a browser prints it: Debian's Chromium (no browser download), driven by
 * playwright-core. One A4 sheet for the longest receipt a counter usually prints, a QR
 * code a scanner reads back as the lookup address, and nothing fetched from anywhere.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsqr from 'jsqr';
import { PDFDocument } from 'pdf-lib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DISTRICT, LAND_REGISTRATION, landDossier } from '../../../tests/support/receipt-fixture.ts';
import { qrSvg } from './qr-code.ts';
import { lookupBaseUrl, lookupUrlOf, receiptPage } from './receipt-page.ts';

// jsqr is CommonJS with an ES-module-style default: Node hands over module.exports.
const jsQR = jsqr.default;

/** Installed by `apt-get install chromium` (.ci/run does it when missing). */
const CHROMIUM = '/usr/bin/chromium';
const A4_POINTS = { width: 595.28, height: 841.89 };

let userDataDir: string;
let browser: BrowserContext;
let page: Page;
let requests: string[];

beforeAll(async () => {
  userDataDir = mkdtempSync(path.join(tmpdir(), 'motcua-chromium-'));
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    // Two device pixels per CSS pixel: the QR screenshot is what a phone camera sees of the paper, not a blur.
    deviceScaleFactor: 2,
    offline: true,
  });
});

afterAll(async () => {
  await browser?.close();
  rmSync(userDataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  page = await browser.newPage();
  requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.emulateMedia({ media: 'print' });
});

afterEach(async () => {
  await page.close();
});

async function show(html: string): Promise<void> {
  await page.setContent(html, { waitUntil: 'load' });
}

describe('the printed receipt', () => {
  const dossier = landDossier();
  const lookupUrl = lookupUrlOf(dossier.code, lookupBaseUrl('https://dichvucong.hoalam.gov.vn/tra-cuu'));
  const html = receiptPage(dossier, LAND_REGISTRATION, DISTRICT, { lookupUrl, qrSvg: qrSvg(lookupUrl) });

  it('fits on one A4 page, with nine long components and a long Vietnamese name', async () => {
    expect(dossier.documents.length).toBeGreaterThanOrEqual(8);
    await show(html);
    const pdf = await PDFDocument.load(await page.pdf({ format: 'A4' }));
    expect(pdf.getPageCount()).toBe(1);
    const { width, height } = pdf.getPage(0).getSize();
    // Chromium lays pages out in whole CSS pixels: A4 within a point or two.
    expect(Math.abs(width - A4_POINTS.width)).toBeLessThan(2);
    expect(Math.abs(height - A4_POINTS.height)).toBeLessThan(2);
    expect(requests).toEqual([]);
  });

  it('carries a QR code that decodes to the public lookup address', async () => {
    await show(html);
    const shot = PNG.sync.read(await page.locator('#lookup-qr svg').screenshot());
    const decoded = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height);
    expect(decoded?.data).toBe(lookupUrl);
    expect(requests).toEqual([]);
  });

  it('shows the applicant’s name exactly, whatever it holds, and runs nothing', async () => {
    const hostile = `Lê "Bé" <b>Tí</b> & Tèo's <script>window.ran = true</script><img src=x onerror="window.ran = true">`;
    await show(receiptPage(landDossier({ applicant: { fullName: hostile } }), LAND_REGISTRATION, DISTRICT, { lookupUrl, qrSvg: qrSvg(lookupUrl) }));
    const seen = {
      name: await page.locator('.applicant').textContent(),
      ran: await page.evaluate('window.ran === true'),
      scripts: await page.locator('script').count(),
      images: await page.locator('img').count(),
      language: await page.locator('html').getAttribute('lang'),
      charset: await page.evaluate('document.characterSet'),
    };
    expect(seen).toEqual({ name: hostile, ran: false, scripts: 0, images: 0, language: 'vi', charset: 'UTF-8' });
    expect(requests).toEqual([]);
  });
});
