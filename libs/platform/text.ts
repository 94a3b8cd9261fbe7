import * as z from 'zod';

export interface FreeTextOptions {
  /** Fewest characters (code points, after NFC and trimming); 1 when absent. */
  readonly min?: number;
  readonly max: number;
  /** Line breaks allowed (reasons, notes); names and addresses stay on one line. */
  readonly multiline?: boolean;
}

/** Bidirectional controls can make a name read differently from what is stored (Trojan Source). */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** C0, DEL, C1, and the Unicode line and paragraph separators, which break lines the way \n does. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const CONTROL_BUT_LINE_FEED = /[^\P{Cc}\n]|[\u2028\u2029]/u;
/**
 * Zero-width spaces, BOM, soft hyphen, word joiner…: invisible, so two names that look the
 * same would differ. The zero-width (non-)joiners are kept: some scripts and emoji need them.
 */
const FORMAT = /(?![\u200C\u200D])\p{Cf}/u;
/**
 * What no keyboard produces: unassigned code points, private-use characters, noncharacters,
 * and the replacement and object-replacement characters (what bytes that were not UTF-8 became).
 */
const NOT_TEXT = /[\p{Cn}\p{Co}\uFFFC\uFFFD]/u;
/** What shows nothing on its own: spaces, combining marks, joiners, the Hangul and Braille blanks. */
const INVISIBLE = /[\s\p{M}\p{Cf}\u115F\u1160\u2800\u3164\uFFA0]/gu;

/**
 * Text a person typed (names, addresses, reasons, notes): normalised to NFC and trimmed,
 * counted in characters (code points), and refused when it holds what no person types
 * on purpose but an attacker or a broken client might. The issue names the rule broken,
 * never the value (it may be personal data).
 */
export function freeText({ min = 1, max, multiline = false }: FreeTextOptions) {
  const controls = multiline ? CONTROL_BUT_LINE_FEED : CONTROL;
  // The rule in words for the API's schemas (docs/openapi.yaml): the lengths count the normalised
  // text, so they cannot be JSON Schema's minLength/maxLength, which count what was sent.
  const description = `Free text: NFC-normalised and trimmed, then ${min}–${max} characters (code points); ${multiline ? 'line feeds allowed' : 'one line'}; no control, bidirectional, invisible format, unassigned, private-use or replacement characters.`;
  return z.string().meta({ description }).transform((raw, ctx) => {
    const refuse = (message: string) => {
      ctx.issues.push({ code: 'custom', message, input: raw });
      return z.NEVER;
    };
    // Checked before normalising: a lone surrogate is not text at all, so nothing is compared with it.
    if (!raw.isWellFormed()) return refuse('must be well-formed Unicode (no lone surrogates)');
    const text = (multiline ? raw.replace(/\r\n/g, '\n') : raw).normalize('NFC').trim();
    if (controls.test(text)) return refuse(multiline ? 'must not contain control characters other than line breaks' : 'must not contain control characters or line breaks');
    if (BIDI_CONTROL.test(text)) return refuse('must not contain bidirectional control characters');
    if (FORMAT.test(text)) return refuse('must not contain invisible format characters (zero-width space, BOM, soft hyphen…)');
    if (NOT_TEXT.test(text)) return refuse('must not contain unassigned, private-use or replacement characters (was it sent as UTF-8?)');
    if (text.replace(INVISIBLE, '') === '') return refuse('must contain visible characters');
    const length = [...text].length;
    if (length < min) return refuse(`must be at least ${min} characters`);
    if (length > max) return refuse(`must be at most ${max} characters`);
    return text;
  });
}
