import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_CSP, DASHBOARD_SCRIPT_PATH, dashboardPage, scriptIdentity } from './shell.ts';

describe("the dashboard's page", () => {
  const script = scriptIdentity('console.log(1)');
  const page = dashboardPage(script);

  it('loads one script, from this origin, named by its content and checked by its hash', () => {
    const tags = [...page.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    expect(tags).toHaveLength(1);
    expect(tags[0]![1]).toBe('');
    expect(tags[0]![0]).toContain(`src="${DASHBOARD_SCRIPT_PATH}?v=${script.version}"`);
    expect(script.integrity).toBe(`sha384-${createHash('sha384').update('console.log(1)').digest('base64')}`);
    expect(tags[0]![0]).toContain(`integrity="${script.integrity}"`);
    expect(page).not.toMatch(/\son[a-z]+=/i);
  });

  it("allows script from this origin only, and exactly the page's one inline style", () => {
    const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1]!);
    expect(styles).toHaveLength(1);
    const hash = createHash('sha256').update(styles[0]!, 'utf8').digest('base64');
    expect(DASHBOARD_CSP).toContain(`style-src 'sha256-${hash}'`);
    expect(DASHBOARD_CSP).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(DASHBOARD_CSP).toMatch(/default-src 'none'/);
    expect(DASHBOARD_CSP).toMatch(/connect-src 'self'/);
    expect(page).not.toMatch(/\sstyle=/);
  });

  it('is in Vietnamese, for a phone, with every panel the script fills', () => {
    expect(page).toMatch(/<html lang="vi">/);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    for (const id of ['agency', 'kind', 'as-of', 'cards', 'narrative', 'trend', 'channels', 'satisfaction', 'overdue', 'late', 'c01', 'index-766', 'export-csv', 'export-xlsx']) expect(page).toContain(`id="${id}"`);
  });
});
