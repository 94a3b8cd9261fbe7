/**
 * The GSM 03.38 (3GPP TS 23.038) default alphabet, how many septets a text takes, how many SMS
 * segments it is billed as, and `toSmsText`, which makes any Vietnamese text GSM-7.
 *
 * Why it matters: one character outside the alphabet (a Vietnamese diacritic, a curly quote
 * pasted from Word, an emoji) switches the whole message to UCS-2, where a segment holds 70
 * characters instead of 160, and the citizen's one message becomes three billed parts.
 */

/** The basic table, in code order (0x00–0x7F); 0x1B is the escape to the extension table, not a character. */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** The extension table: each costs two septets (the escape, then the character). */
const EXTENSION = '\f^{}\\[~]|€';

const BASIC_SET = new Set([...BASIC].filter((c) => c !== '\u001b'));
const EXTENSION_SET = new Set(EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** Single-part and per-part capacities: a multipart message spends 6 octets of each part on its header (UDH). */
export const SEGMENT_CAPACITY = {
  'GSM-7': { single: 160, multipart: 153 },
  'UCS-2': { single: 70, multipart: 67 },
} as const;

/** Septets a GSM-7 character takes: 1 in the basic table, 2 in the extension table, undefined outside both. */
function septetsOf(char: string): 1 | 2 | undefined {
  if (BASIC_SET.has(char)) return 1;
  if (EXTENSION_SET.has(char)) return 2;
  return undefined;
}

/** Whether every character of the text is in the GSM-7 default alphabet or its extension table. */
export function isGsm7(text: string): boolean {
  for (const char of text) if (septetsOf(char) === undefined) return false;
  return true;
}

/** Septets the text takes in GSM-7 (extension characters count 2); a RangeError if it is not GSM-7. */
export function gsm7Length(text: string): number {
  let septets = 0;
  for (const char of text) {
    const n = septetsOf(char);
    if (n === undefined) throw new RangeError(`not in the GSM-7 alphabet: U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
    septets += n;
  }
  return septets;
}

export interface Segmentation {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2): what the capacities are counted in. */
  units: number;
  segments: number;
}

/**
 * How a gateway would split the text. One segment up to 160 septets (GSM-7) or 70 code units
 * (UCS-2); beyond that, parts of 153 / 67, filled greedily without splitting an escape pair or
 * a surrogate pair across two parts (handsets and gateways do the same), so a long text with
 * extension characters or emoji can take one part more than `ceil(units / 153)`. An empty text
 * is still one message.
 */
export function segmentsOf(text: string): Segmentation {
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  const sizes = [...text].map((char) => (encoding === 'GSM-7' ? septetsOf(char)! : char.length));
  const units = sizes.reduce((sum, n) => sum + n, 0);
  const capacity = SEGMENT_CAPACITY[encoding];
  if (units <= capacity.single) return { encoding, units, segments: 1 };
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > capacity.multipart) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { encoding, units, segments };
}

/** Typography that has a GSM-7 reading (what Word, phones and Vietnamese keyboards insert). */
const TYPOGRAPHY: Readonly<Record<string, string>> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'", '\u00B4': "'", '\u0060': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"', '\u00AB': '"', '\u00BB': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u2026': '...', '\u2022': '-', '\u00B7': '.', '\u2044': '/', '\u00D7': 'x',
  // đ and Đ are letters of their own, not d with a combining mark: NFD leaves them whole.
  // Ð (Icelandic eth) is what some old Vietnamese keyboards type for Đ.
  '\u0111': 'd', '\u0110': 'D', '\u00D0': 'D',
};

/**
 * Any text as GSM-7 SMS text, in Vietnamese without diacritics ("Hồ sơ đã được tiếp nhận" →
 * "Ho so da duoc tiep nhan"):
 * - diacritics are stripped from every Latin letter (also the few GSM-7 itself has, é, ü, …,
 *   so a message reads uniformly unaccented), đ/Đ → d/D;
 * - compatibility forms are unfolded (NFKD: full-width letters, ligatures, superscripts);
 * - typographic quotes, dashes, the ellipsis and bullets become their plain counterparts;
 * - every run of white space (line breaks, tabs, no-break spaces) becomes one space, and the
 *   ends are trimmed: a message is one paragraph;
 * - anything else outside GSM-7 (emoji, other scripts, symbols) is dropped, since a single such
 *   character would make the whole message UCS-2. Extension-table characters (€, [ ], …) are
 *   kept; they cost two septets, which the length rules count.
 */
export function toSmsText(s: string): string {
  // Before unfolding too: NFKD would turn ´ into a space and a combining accent.
  const plain = [...s].map((char) => TYPOGRAPHY[char] ?? char).join('');
  const kept = [...plain.normalize('NFKD')].map((char) => {
    if (/\s/u.test(char)) return ' ';
    // Unfolding can bring typography of its own (½ → 1⁄2); combining marks are not GSM-7, so they go.
    return TYPOGRAPHY[char] ?? (septetsOf(char) === undefined ? '' : char);
  });
  return kept.join('').replace(/ {2,}/g, ' ').trim();
}
