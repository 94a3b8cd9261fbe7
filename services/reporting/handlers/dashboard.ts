import { readFileSync } from 'node:fs';
import { html, httpHandler, type HttpResult } from '../../../libs/platform/http.ts';
import { DASHBOARD_CSP, DASHBOARD_SCRIPT_FILE, DASHBOARD_SCRIPT_PATH, dashboardPage, scriptIdentity } from '../dashboard/shell.ts';

/** The bundled browser script, beside this handler's bundle (see DASHBOARD_SCRIPT_FILE). */
const script = readFileSync(new URL(`./${DASHBOARD_SCRIPT_FILE}`, import.meta.url));
const identity = scriptIdentity(script);
const page = dashboardPage(identity);

/**
 * GET /reports/dashboard and GET /reports/dashboard/app.js — the officers' dashboard: a page with
 * no data in it and its script, which calls the reporting API with the officer's own token. Public
 * because they hold nothing but code; the figures answer only to a token.
 */
export const handler = httpHandler(async (event): Promise<HttpResult> => {
  if (event.rawPath === DASHBOARD_SCRIPT_PATH) {
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/javascript; charset=utf-8',
        'x-content-type-options': 'nosniff',
        // The page names the script by its content's hash: an address never changes content.
        'cache-control': 'public, max-age=31536000, immutable',
      },
      body: script.toString('utf8'),
    };
  }
  return html(200, page, { 'content-security-policy': DASHBOARD_CSP });
});
