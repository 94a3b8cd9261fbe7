/**
 * Reading a citizen's SMS reply to the satisfaction survey ("… Tra loi 1 = rat hai long,
 * 2 = hai long, 3 = khong hai long. Tu choi nhan tin: soan TC …").
 *
 * Every real answer must count, and nothing else may count at all: when in doubt the reply is
 * `unparsed` (kept, counted as such, and worth at most one clarifying SMS), never a guessed level.
 * Pure and deterministic; no AWS. The judgement calls are listed in services/survey/README.md.
 *
 * The pipeline: the first MAX_READ_CHARACTERS characters → fold (NFC/NFKD, no diacritics, đ → d,
 * lower case) → dossier codes taken out → words (punctuation and emoji are spaces, digits and
 * letters apart) → SMS spellings, abbreviations and bounded typos made canonical around the key
 * phrase "hai long" → courtesy stripped from both ends → read, in this order of precedence:
 * a bare opt-out keyword, a lookup, a question, an opt-out anywhere, a bare opt-in keyword, levels.
 */

export const SATISFACTION_LEVELS = ['very-satisfied', 'satisfied', 'not-satisfied'] as const;
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number];

/**
 * Why a reply was not read:
 * - `empty`: nothing but whitespace, punctuation, emoji and courtesy ("", "👍", "cảm ơn").
 * - `not-a-level`: shaped like an answer but names no level: a number other than 1–3 ("0", "4",
 *   "12", a phone number) or a bare yes/no ("không", "có", "ok", "dạ").
 * - `ambiguous`: more than one level ("1 2", "1 hài lòng"), or a negation we will not guess at
 *   ("không rất hài lòng", "không phải không hài lòng").
 * - `question`: a question mark, or a question form ("hài lòng không", "1 là gì").
 * - `unknown`: anything else (free text with no level, "HCC" without a code).
 */
export const UNPARSED_REASONS = ['empty', 'not-a-level', 'ambiguous', 'question', 'unknown'] as const;
export type UnparsedReason = (typeof UNPARSED_REASONS)[number];

export type Reading =
  | { kind: 'answer'; level: SatisfactionLevel }
  | { kind: 'opt-out' }
  | { kind: 'opt-in' }
  /** "HCC <code>", or a dossier code with no level: the citizen asks about a dossier. `code` is upper case. */
  | { kind: 'lookup'; code: string }
  | { kind: 'unparsed'; reason: UnparsedReason };

/**
 * Only this many characters are read (after leading whitespace): three GSM-7 segments. A survey
 * answer is at the start of a reply; the cap bounds the work whatever a gateway delivers.
 */
export const MAX_READ_CHARACTERS = 480;

const LEVEL_BY_DIGIT: Readonly<Record<string, SatisfactionLevel>> = { 1: 'very-satisfied', 2: 'satisfied', 3: 'not-satisfied' };
/** "một", "hai", "ba" count only when they are the whole answer ("số hai"): "bà" is also "Mrs". */
const LEVEL_BY_NUMBER_WORD: Readonly<Record<string, SatisfactionLevel>> = { mot: 'very-satisfied', hai: 'satisfied', ba: 'not-satisfied' };

const set = (words: string) => new Set(words.split(' '));
const phrases = (list: string) => new Set(list.split(',').map((phrase) => phrase.trim()));

/** Negations in full. "chưa" (not yet), "chả", "chẳng" negate as "không" does. */
const NEGATORS = set('khong chua cha chang');
/** SMS spellings of "không"; read as a negation only in front of "hài lòng" (they are other words elsewhere). "0" is "không" too. */
const NEGATOR_SPELLINGS = set('ko k kg khg kh hk hok hong hem khum k0 0');
/** "Hồng" is a common given name: after a title it is the name, not "hông". */
const TITLES = set('anh chi em co chu bac ong ba ban c a cau thay di');
/** Words that may stand between a negation and "hài lòng" without breaking it ("không phải là", "không cảm thấy", "chưa thật sự"). */
const BRIDGES = set('phai duoc that su thuc la cam thay he may con');
const INTENSIFIERS = set('rat qua');
const INTENSIFIER_PAIRS = phrases('cuc ky, cuc ki, vo cung, hoan toan');
const TRAILING_INTENSIFIERS = set('lam qua');
/** How far back from "hài lòng" a negation or an intensifier is looked for, in words. */
const WALK_BACK = 4;

/** Whole-word abbreviations and run-together spellings: [rất][không] + hài lòng ("rhl", "khl", "ko hl", "hailong", "hlong"). */
const COMPOUND = /^(rat|r)?(khong|ko|kg|khg|kh|k)?(hailong|hlong|hl)$/;
const JOINED: Readonly<Record<string, readonly string[]>> = {
  camon: ['cam', 'on'],
  dangky: ['dang', 'ky'],
  dangki: ['dang', 'ky'],
  tuchoi: ['tu', 'choi'],
  huydangky: ['huy', 'dang', 'ky'],
  tracuu: ['tra', 'cuu'],
};

/** Stripped from the ends of a reply while something else remains. */
const LEADING_COURTESY = [['xin', 'cam', 'on'], ['cam', 'on'], ['xin', 'chao'], ['chao'], ['da'], ['vang'], ['thanks']];
const TRAILING_COURTESY = [
  ['xin', 'cam', 'on'], ['cam', 'on', 'rat', 'nhieu'], ['cam', 'on', 'nhieu'], ['cam', 'on'], ['thank', 'you'], ['thank', 'u'],
  ['thanks'], ['thank'], ['thx'], ['tks'], ['a'], ['ak'], ['ah'], ['nhe'], ['nha'], ['nhen'],
];
const COURTESY_WORDS = set('xin cam on chao thanks thank you u thx tks a ak ah nhe nha nhen nhieu');

/** Words that may surround a bare number and leave it an answer ("tôi chọn số 1", "đáp án 1 ạ", "1 cảm ơn cán bộ"). */
const FILLERS = set(
  'so chon lua toi em minh dap an muc y kien danh gia phuong cau tra loi la gui va hoac voi ok oke okay da vang can bo anh chi ban ' +
  [...COURTESY_WORDS].join(' '),
);
/** A bare yes or no is not a level. */
const YES_NO = set('khong co da vang ok oke okay u uh um dung roi');

/** Word sequences that make a reply a question even without "?". */
const QUESTION_PHRASES = phrases('la gi, the nao, nhu nao, la sao, hay khong, hay ko, hay chua, phai khong, phai ko, dung khong, dung ko, duoc khong, duoc ko, tai sao, vi sao');
/** After "hài lòng không", these particles keep it a question ("hài lòng không ạ", "… không vậy"). */
const QUESTION_TAIL = set('a ak ah vay the nhi ha ta nha');

/** Dropped before an opt-out or opt-in keyword ("xin hủy", "tôi muốn đăng ký lại"). */
const LEADING_ASK = [['toi', 'muon'], ['em', 'muon'], ['minh', 'muon'], ['vui', 'long'], ['lam', 'on'], ['xin'], ['cho']];
/** A reply that is only one of these opts out, whatever else (Twilio's own keywords are matched this way). */
const OPT_OUT_WHOLE = phrases(
  'tc, tu choi, huy, huy dk, stop, stopall, stop all, unsubscribe, cancel, end, quit, optout, opt out, revoke, ngung, dung lai',
);
/** Opt-out phrases that count anywhere in a reply. "tu choi" alone does not: "bị từ chối hồ sơ" is a complaint. */
const OPT_OUT_ANYWHERE = phrases(
  'tu choi nhan, tu choi tin, huy dang ky, huy nhan, huy tin, huy dich vu, dung gui, dung nhan, ngung gui, ngung nhan, ' +
  'khong nhan tin, khong muon nhan, dung lam phien, stop all, opt out, stopall, unsubscribe',
);
/** Keywords that opt out as a reply's first or last word ("STOP 1", "1 TC"). */
const OPT_OUT_EDGE = set('tc stop stopall unsubscribe');
/** As the first word they opt out unless the reply also says "hài lòng": "Huy" is a given name, "từ chối" a verb. */
const OPT_OUT_SOFT_FIRST = phrases('huy, tu choi');
/** Opting in takes the whole reply: a wrong opt-in would text someone who asked us to stop. */
const OPT_IN_WHOLE = phrases('dk, dk lai, dang ky, dang ky lai, dang ky nhan tin, start, unstop, yes, subscribe');

/** `<agency>-YYMMDD-NNNN`, as intake issues them (H38.22-250714-0007), matched on folded text. */
const DOSSIER_CODE = /(?<![a-z0-9])[a-z]\d{2}(?:\.\d{1,3}){0,2}-\d{6}-\d{4,9}(?![0-9])/g;

/** Whether two words are at most one edit apart (insertion, deletion, substitution or swap of neighbours). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** A misspelling of `word`: one edit away, same first letter, at least three letters ("lonh", "hia"; not "ha" as in Hạ Long). */
const typoOf = (word: string) => (token: string): boolean =>
  token !== word && token.length >= 3 && token[0] === word[0] && withinOneEdit(token, word);
const isHaiTypo = typoOf('hai');
const isLongTypo = typoOf('long');
const isKhongTypo = typoOf('khong');
const isRatTypo = typoOf('rat');

/** Lower case, no diacritics (đ → d), compatibility forms folded (fullwidth "？", keycap "1️⃣", "①"); punctuation kept. */
function fold(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/\p{M}+/gu, '').replace(/đ/g, 'd');
}

function wordsOf(folded: string): string[] {
  const spaced = folded.replace(/[^a-z0-9]+/g, ' ').replace(/(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])/g, ' ').trim();
  if (spaced === '') return [];
  return spaced.split(' ').flatMap((word) => {
    const joined = JOINED[word];
    if (joined) return [...joined];
    const compound = COMPOUND.exec(word);
    if (!compound) return [word];
    return [...(compound[1] ? ['rat'] : []), ...(compound[2] ? ['khong'] : []), 'hai', 'long'];
  });
}

/** "hai long" with at most one misspelt word, "h long", "h l" (from "h.long", "h.l") → "hai long". */
function canonicalPairs(words: string[]): void {
  for (let i = 0; i + 1 < words.length; i += 1) {
    const [first, second] = [words[i]!, words[i + 1]!];
    const firstOk = first === 'hai' || first === 'h';
    const secondOk = second === 'long' || (first === 'h' && second === 'l');
    if ((firstOk && (secondOk || isLongTypo(second))) || (isHaiTypo(first) && second === 'long')) {
      words[i] = 'hai';
      words[i + 1] = 'long';
      i += 1;
    }
  }
}

/**
 * How the words in front of "hài lòng" at `phrase` read, walking back at most WALK_BACK words.
 * Given `canonicalise` (the same array), writes the canonical spelling of each word it reads.
 */
function walkBack(words: readonly string[], phrase: number, canonicalise?: string[]) {
  let negations = 0;
  let intensifiedInside = false; // between the negation (if any) and "hài lòng"
  const used: number[] = [];
  let k = phrase - 1;
  while (k >= 0 && phrase - k <= WALK_BACK) {
    const word = words[k]!;
    const pair = k > 0 ? `${words[k - 1]} ${word}` : '';
    if (INTENSIFIER_PAIRS.has(pair)) {
      if (negations === 0) intensifiedInside = true;
      used.push(k, k - 1);
      k -= 2;
      continue;
    }
    let canonical: string | undefined;
    if (NEGATORS.has(word) || INTENSIFIERS.has(word) || BRIDGES.has(word)) canonical = word;
    else if (NEGATOR_SPELLINGS.has(word) && !(word === 'hong' && k > 0 && TITLES.has(words[k - 1]!))) canonical = 'khong';
    else if (isKhongTypo(word)) canonical = 'khong';
    else if (word === 'r' || isRatTypo(word)) canonical = 'rat';
    if (canonical === undefined) break;
    if (canonicalise) canonicalise[k] = canonical;
    if (NEGATORS.has(canonical)) negations += 1;
    else if (INTENSIFIERS.has(canonical) && negations === 0) intensifiedInside = true;
    used.push(k);
    k -= 1;
  }
  return { negations, intensifiedInside, used };
}

const phraseStarts = (words: readonly string[]): number[] =>
  words.flatMap((word, i) => (word === 'hai' && words[i + 1] === 'long' ? [i] : []));

function stripCourtesy(words: string[]): string[] {
  const endsWith = (tail: readonly string[]) => tail.every((word, i) => words[words.length - tail.length + i] === word);
  const startsWith = (head: readonly string[]) => head.every((word, i) => words[i] === word);
  for (let changed = true; changed;) {
    changed = false;
    const head = LEADING_COURTESY.find((h) => h.length < words.length && startsWith(h));
    if (head) { words = words.slice(head.length); changed = true; }
    const tail = TRAILING_COURTESY.find((t) => t.length < words.length && endsWith(t));
    if (tail) { words = words.slice(0, words.length - tail.length); changed = true; }
  }
  return words;
}

/** The canonical words of a reply: every spelling the reader treats alike comes out the same. */
function canonicalWords(folded: string): string[] {
  const words = wordsOf(folded);
  canonicalPairs(words);
  for (const phrase of phraseStarts(words)) walkBack(words, phrase, words);
  return stripCourtesy(words);
}

/**
 * The reply as the reader sees it: folded, SMS spellings and typos around "hai long" made
 * canonical, courtesy stripped from both ends ("Không hài lòng ạ!" → "khong hai long", "K.HL"
 * → "khong hai long"). Idempotent. Unlike readReply it reads the whole text and keeps dossier codes.
 */
export function normalizeReply(text: string): string {
  return canonicalWords(fold(text)).join(' ');
}

type LevelFinding = { levels: Set<SatisfactionLevel>; unsure: boolean; questionForm: boolean; phrases: number; used: Set<number> };

/** The levels the words name in "hài lòng" phrases, with their negations and intensifiers. */
function phraseLevels(words: readonly string[]): LevelFinding {
  const finding: LevelFinding = { levels: new Set(), unsure: false, questionForm: false, phrases: 0, used: new Set() };
  for (const start of phraseStarts(words)) {
    finding.phrases += 1;
    const back = walkBack(words, start);
    [start, start + 1, ...back.used].forEach((i) => finding.used.add(i));
    let next = start + 2;
    let intensified = back.intensifiedInside;
    if (INTENSIFIER_PAIRS.has(`${words[next]} ${words[next + 1]}`)) {
      intensified = true;
      finding.used.add(next).add(next + 1);
      next += 2;
    } else if (TRAILING_INTENSIFIERS.has(words[next]!)) {
      intensified = true;
      finding.used.add(next);
      next += 1;
    }
    // "hài lòng không (ạ)": asking, not answering.
    const after = words[next];
    if (after !== undefined && after !== '0' && (NEGATORS.has(after) || NEGATOR_SPELLINGS.has(after)) && words.slice(next + 1).every((w) => QUESTION_TAIL.has(w))) {
      finding.questionForm = true;
    }
    if (back.negations > 1 || (back.negations === 1 && back.intensifiedInside)) finding.unsure = true;
    else finding.levels.add(back.negations === 1 ? 'not-satisfied' : intensified ? 'very-satisfied' : 'satisfied');
  }
  return finding;
}

/** Whether one of the phrases (one to three words) occurs, other than right in front of "hài lòng" ("phải không hài lòng" negates, it does not ask). */
function hasPhrase(words: readonly string[], list: ReadonlySet<string>): boolean {
  for (let i = 0; i < words.length; i += 1) {
    let phrase = words[i]!;
    for (let n = 1; n <= 3 && i + n <= words.length; n += 1) {
      if (n > 1) phrase += ` ${words[i + n - 1]}`;
      if (list.has(phrase) && words[i + n] !== 'hai') return true;
    }
  }
  return false;
}

function withoutLeadingAsk(words: readonly string[]): readonly string[] {
  const ask = LEADING_ASK.find((head) => head.length < words.length && head.every((word, i) => words[i] === word));
  return ask ? words.slice(ask.length) : words;
}

function optOutAnywhere(words: readonly string[], levelPhrases: number): boolean {
  const asked = withoutLeadingAsk(words);
  const first = asked[0]!;
  if (OPT_OUT_EDGE.has(first) || OPT_OUT_EDGE.has(words[words.length - 1]!)) return true;
  if (levelPhrases === 0 && (OPT_OUT_SOFT_FIRST.has(first) || OPT_OUT_SOFT_FIRST.has(asked.slice(0, 2).join(' ')))) return true;
  return hasPhrase(words, OPT_OUT_ANYWHERE);
}

const unparsed = (reason: UnparsedReason): Reading => ({ kind: 'unparsed', reason });

/** Reads a reply; never throws, reads only the first MAX_READ_CHARACTERS characters after leading whitespace. */
export function readReply(text: string): Reading {
  const start = String(text).trimStart();
  // NFC before the cap, so that a letter counts as one character with or without its diacritics.
  const folded = fold(start.slice(0, MAX_READ_CHARACTERS * 4).normalize('NFC').slice(0, MAX_READ_CHARACTERS));
  const asked = folded.includes('?') || folded.includes('¿');
  const codes = [...folded.matchAll(DOSSIER_CODE)].map((match) => match[0].toUpperCase());
  const words = canonicalWords(folded.replace(DOSSIER_CODE, ' '));

  if (words.length === 0 && codes.length === 0) return unparsed(asked ? 'question' : 'empty');
  const whole = withoutLeadingAsk(words).join(' ');
  if (OPT_OUT_WHOLE.has(whole) || OPT_OUT_ANYWHERE.has(whole)) return { kind: 'opt-out' };

  if (words[0] === 'hcc' || words.slice(0, 2).join(' ') === 'tra cuu') return codes[0] ? { kind: 'lookup', code: codes[0] } : unparsed('unknown');
  const found = phraseLevels(words);
  const numbers = bareNumberLevels(words, found);
  const levels = new Set([...found.levels, ...numbers.levels]);
  const optOut = words.length > 0 && optOutAnywhere(words, found.phrases);
  if (codes[0] && levels.size === 0 && !found.unsure && !optOut) return { kind: 'lookup', code: codes[0] };

  if (asked || found.questionForm || hasPhrase(words, QUESTION_PHRASES)) return unparsed('question');
  if (optOut) return { kind: 'opt-out' };
  if (OPT_IN_WHOLE.has(whole)) return { kind: 'opt-in' };

  if (found.unsure || levels.size > 1 || (numbers.levels.size > 0 && numbers.others > 0)) return unparsed('ambiguous');
  const [level] = levels;
  if (level) return { kind: 'answer', level };
  if (words.every((word) => COURTESY_WORDS.has(word))) return unparsed('empty');
  if (numbers.clean && (numbers.others > 0 || words.some((word) => YES_NO.has(word) || NEGATOR_SPELLINGS.has(word)))) return unparsed('not-a-level');
  return unparsed('unknown');
}

/**
 * Numbers count only in a reply made of numbers, fillers and "hài lòng" phrases ("1", "số 1 ạ",
 * "1 rất hài lòng"); in free text a digit is a count or a date ("đi lại 3 lần"), not an answer.
 * `others`: numbers that are not 1–3 ("0", "4", "12", a phone number), and a yes/no beside a
 * level digit ("không 1"); next to a level digit they make it ambiguous, next to words they are
 * ignored ("hài lòng 100%").
 */
function bareNumberLevels(words: readonly string[], found: LevelFinding) {
  const rest = words.filter((_, i) => !found.used.has(i));
  const isNumber = (word: string) => /^\d+$/.test(word);
  const clean = rest.every((word) => isNumber(word) || FILLERS.has(word) || YES_NO.has(word) || NEGATOR_SPELLINGS.has(word) || word in LEVEL_BY_NUMBER_WORD);
  const levels = new Set<SatisfactionLevel>();
  let others = 0;
  if (!clean) return { clean, levels, others };
  const digits = rest.filter(isNumber);
  for (const digit of digits) {
    const level = LEVEL_BY_DIGIT[digit.replace(/^0+(?=\d)/, '')];
    if (level) levels.add(level);
    else others += 1;
  }
  if (found.phrases === 0) {
    for (const word of rest) {
      const level = LEVEL_BY_NUMBER_WORD[word];
      if (level) levels.add(level);
    }
  }
  // A yes/no next to a number ("không 1") leaves it unclear which one is meant.
  if (rest.some((word) => (YES_NO.has(word) || NEGATOR_SPELLINGS.has(word)) && !FILLERS.has(word)) && levels.size > 0) others += 1;
  return { clean, levels, others };
}
