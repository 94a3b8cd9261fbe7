/**
 * The pages we print (intake's receipt, postal's hand-over minutes): HTML strings built from
 * stored values, any of which can hold `<`, `&` or quotes, so every value goes through
 * `escapeHtml`. A page loads nothing and runs nothing (no scripts, fonts, images or style sheets
 * from anywhere): it prints the same on an office PC with no network, under a CSP that allows
 * inline style only.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or a quoted attribute value, safe whatever it holds. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

/** A4 paper (on screen: a sheet's width, the margins as padding), black serif text on white. */
function paperStyle({ margins, fontSize, lineHeight }: PaperOptions): string {
  return `@page { size: A4; margin: ${margins}; }
* { box-sizing: border-box; }
html { font-family: "Times New Roman", "Liberation Serif", Tinos, "DejaVu Serif", serif; font-size: ${fontSize}; line-height: ${lineHeight}; color: #000; background: #fff; }
body { margin: 0; }
@media screen { body { max-width: 210mm; margin: 0 auto; padding: ${margins}; } }`;
}

export interface PaperOptions {
  /** The page margins, as CSS `margin` (top right bottom left). */
  readonly margins: string;
  readonly fontSize: string;
  readonly lineHeight: number;
}

/**
 * A whole page in Vietnamese, loading nothing: `title` is text (escaped here); `style` and `main`
 * are markup the page builds.
 */
export function htmlPage({ title, style, main }: { title: string; style: string; main: string }): string {
  return `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${style}
</style>
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`;
}

/** A printable page: `htmlPage` on A4 paper, `style` after the paper's. */
export function printablePage({ title, paper, style, main }: { title: string; paper: PaperOptions; style: string; main: string }): string {
  return htmlPage({ title, style: `${paperStyle(paper)}\n${style}`, main });
}

/** The style of `documentHeading`. */
export const DOCUMENT_HEADING_STYLE = `.heading { display: flex; justify-content: space-between; gap: 6mm; text-align: center; }
.heading > div { flex: 1 1 0; }
.heading .issuer { flex-grow: 0.8; }
.agency { text-transform: uppercase; font-size: 11pt; }
.unit, .nation, .motto { font-weight: bold; }
.nation { font-size: 11pt; }
.rule { width: 35%; margin: 0.5mm auto 1.5mm; border: 0; border-top: 1px solid #000; }
.dated { font-style: italic; }`;

/**
 * The heading of an administrative document (Decree 30/2020/NĐ-CP): the issuer on the left
 * (`issuer` is markup: its name, unit, number), the national name and motto on the right with
 * the date (text) under them.
 */
export function documentHeading(issuer: string, dated: string): string {
  return `<header class="heading">
<div class="issuer">
${issuer}
</div>
<div>
<p class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
<p class="motto">Độc lập - Tự do - Hạnh phúc</p>
<hr class="rule">
<p class="dated">${escapeHtml(dated)}</p>
</div>
</header>`;
}
