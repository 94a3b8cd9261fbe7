import { MessageKind } from '../../../libs/events/survey.ts';
import * as z from 'zod';
import { timeOf } from '../../../libs/calendar/office-hours.ts';
import { localDateOf, localMinutesOf } from '../../../libs/calendar/working-days.ts';
import type { IntakeEvent, IntakeEventType } from '../../../libs/events/intake.ts';
import { SURVEY_CONSUMES } from '../consumes.ts';
import data from '../data/templates.json' with { type: 'json' };
import { gsm7Length, isGsm7, segmentsOf, SEGMENT_CAPACITY, toSmsText, type SmsEncoding } from './gsm7.ts';

/**
 * The citizen's SMS, as data (data/templates.json), rendered into one GSM-7 segment.
 *
 * A text's placeholders are of three sorts. `{code}`, `{date}`, `{time}` and `{link}` are never
 * shortened: a cut code or link is worse than no message. `{agency}` is shortened by the
 * abbreviations in the data, `always` ones first ("Uy ban nhan dan" → "UBND"), the `whenNeeded`
 * ones only if the message would not fit otherwise. `{missing}` and `{reason}`, typed by
 * officers, are cut last, with "...", to what still fits (the link leads to the whole text).
 * If a message cannot fit even then, the template is wrong for its data: `renderMessage` throws
 * rather than send a second billed part. The test renders every text with the longest values
 * the service allows (`SMS_LIMITS`) to prove that never happens.
 */

/** The kinds are the catalog's (libs/events/survey.ts): what SmsSent and SmsDeliveryFailed say. */
export { MessageKind };
export const MESSAGE_KINDS = MessageKind.options;

/** How each placeholder may be shortened. */
const PLACEHOLDERS = { agency: 'abbreviated', code: 'intact', date: 'intact', time: 'intact', link: 'intact', missing: 'cut', reason: 'cut' } as const;
export type Placeholder = keyof typeof PLACEHOLDERS;
export type MessageValues = Partial<Record<Placeholder, string>>;

/**
 * The longest values the service lets into a message, and the room the cut texts keep at least.
 * - `link`: `https://` + a host of at most 17 characters + `/s/` + a 16-character token (96 bits,
 *   base64url) = 44. The survey SMS must also say the agency, the code, the three answers and
 *   the opt-out; with the longest code that leaves about 44 for the link (`SMS_LINK_MAX_LENGTH`,
 *   enforced on configuration by `assertSmsLink`). The lookup link of the other messages is held
 *   to the same length.
 * - `code`: the longest shape `DOSSIER_CODE_PATTERN` issues in practice, `X99.999.999-YYMMDD-99999`
 *   (three-digit units, a five-digit running number).
 * - `agency`: the shortest form of an agency's name (every abbreviation applied); every agency in
 *   intake's agencies.json is within it (a test checks).
 */
export const SMS_LIMITS = { link: 44, code: 24, agency: 20, cutTextRoom: 16 } as const;
export const SMS_LINK_MAX_LENGTH = SMS_LIMITS.link;

/** A link the service may put into an SMS: absolute https, GSM-7, within `SMS_LINK_MAX_LENGTH`. For configuration checks at cold start. */
export function assertSmsLink(link: string): string {
  if (!/^https:\/\/[^\s/?#]+(\/\S*)?$/.test(link)) throw new RangeError('an SMS link must be an absolute https URL');
  if (!isGsm7(link) || link.length > SMS_LINK_MAX_LENGTH) throw new RangeError(`an SMS link must be GSM-7 and at most ${SMS_LINK_MAX_LENGTH} characters`);
  return link;
}

/** The variants the code chooses from; the data must have each of them. */
const REQUIRED_VARIANTS: Record<MessageKind, readonly string[]> = {
  received: ['without-appointment'],
  'supplement-requested': ['without-deadline', 'without-list'],
  'result-ready': ['counter', 'postal', 'online'],
  refused: ['without-reason'],
  apology: ['without-reason'],
  survey: [],
  'survey-clarify': [],
  'opted-out': [],
  'opted-in': [],
};

/** The intake events that have a message, and which. */
const TRIGGERS = {
  DossierReceived: 'received',
  DossierSupplementRequested: 'supplement-requested',
  DossierResolved: 'result-ready',
  DossierRefused: 'refused',
  DossierExtended: 'apology',
} as const satisfies Partial<Record<IntakeEventType, MessageKind>>;
type TriggerType = keyof typeof TRIGGERS;

const PLACEHOLDER_PATTERN = /\{([a-z]+)\}/g;

const TemplateText = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    if (!isGsm7(text)) ctx.addIssue({ code: 'custom', message: 'must be GSM-7 (Vietnamese without diacritics)' });
    for (const [, name] of text.matchAll(PLACEHOLDER_PATTERN)) {
      if (!Object.hasOwn(PLACEHOLDERS, name!)) ctx.addIssue({ code: 'custom', message: `unknown placeholder {${name}}` });
    }
    if (/[{}]/.test(text.replace(PLACEHOLDER_PATTERN, ''))) ctx.addIssue({ code: 'custom', message: 'a brace outside a placeholder' });
  });

const Abbreviation = z.strictObject({ from: z.string().min(1), to: z.string().min(1) });

const MessageTemplate = z.strictObject({
  /** The intake event type that sends it; null for the survey's own messages. */
  trigger: z.enum(Object.keys(TRIGGERS) as [TriggerType, ...TriggerType[]]).nullable(),
  enabledByDefault: z.boolean(),
  text: TemplateText,
  /** Other wordings of the same message, chosen by the event (`REQUIRED_VARIANTS`). */
  variants: z.record(z.string().regex(/^[a-z]+(-[a-z]+)*$/), TemplateText),
});

export const TemplateCatalog = z
  .strictObject({
    agencyAbbreviations: z.strictObject({ always: z.array(Abbreviation), whenNeeded: z.array(Abbreviation) }),
    messages: z.strictObject(Object.fromEntries(MESSAGE_KINDS.map((kind) => [kind, MessageTemplate])) as Record<MessageKind, typeof MessageTemplate>),
  })
  .superRefine((catalog, ctx) => {
    for (const kind of MESSAGE_KINDS) {
      const template = catalog.messages[kind];
      const expected = (Object.keys(TRIGGERS) as TriggerType[]).find((type) => TRIGGERS[type] === kind) ?? null;
      if (template.trigger !== expected) ctx.addIssue({ code: 'custom', path: ['messages', kind, 'trigger'], message: `must be ${expected}` });
      for (const variant of REQUIRED_VARIANTS[kind]) {
        if (!Object.hasOwn(template.variants, variant)) ctx.addIssue({ code: 'custom', path: ['messages', kind, 'variants'], message: `missing variant ${variant}` });
      }
    }
  });
export type TemplateCatalog = z.infer<typeof TemplateCatalog>;

export const TEMPLATES: TemplateCatalog = TemplateCatalog.parse(data);

// Every trigger must be an event the survey queue receives, or its message would never be sent.
for (const type of Object.keys(TRIGGERS)) {
  if (!(SURVEY_CONSUMES as readonly string[]).includes(type)) throw new Error(`${type} sends a message but survey does not consume it`);
}

/** Which messages are sent, per kind; anything not given takes the data's default. */
export const MessageSettings = z.strictObject(
  Object.fromEntries(MESSAGE_KINDS.map((kind) => [kind, z.boolean().default(TEMPLATES.messages[kind].enabledByDefault)])) as Record<
    MessageKind,
    z.ZodDefault<z.ZodBoolean>
  >,
);
export type MessageSettings = z.infer<typeof MessageSettings>;
export const DEFAULT_MESSAGE_SETTINGS: MessageSettings = MessageSettings.parse({});

// ---------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------

/** A template that cannot fit one segment, or values it cannot be rendered with: a bug, not a citizen's problem. */
export class SmsTemplateError extends Error {
  override name = 'SmsTemplateError';
}

export interface RenderedSms {
  text: string;
  segments: number;
  encoding: SmsEncoding;
}

export interface RenderOptions {
  /** A named variant of the kind's text (`received` → `without-appointment`); the main text if absent. */
  variant?: string;
  templates?: TemplateCatalog;
}

const ELLIPSIS = '...';
const LIMIT = SEGMENT_CAPACITY['GSM-7'].single;

function replaceWords(text: string, abbreviations: readonly { from: string; to: string }[]): string {
  return abbreviations.reduce((name, { from, to }) => name.replace(new RegExp(`(?<![A-Za-z])${from.replace(/\s+/g, '\\s+')}(?![A-Za-z])`, 'gi'), to), text);
}

/** An agency's name in SMS form, longest first: with the `always` abbreviations, then with all of them. */
export function agencySmsNames(name: string, templates: TemplateCatalog = TEMPLATES): string[] {
  const usual = replaceWords(toSmsText(name), templates.agencyAbbreviations.always);
  const shortest = replaceWords(usual, templates.agencyAbbreviations.whenNeeded);
  return shortest === usual ? [usual] : [usual, shortest];
}

/** A cut text: at most `room` septets, ending in "...", at a word boundary when one is near. */
function cut(text: string, room: number): string {
  if (gsm7Length(text) <= room) return text;
  const chars = [...text];
  let kept = '';
  let used = 0;
  for (const char of chars) {
    const n = gsm7Length(char);
    if (used + n > room - ELLIPSIS.length) break;
    kept += char;
    used += n;
  }
  const space = kept.lastIndexOf(' ');
  if (space >= kept.length * 0.7) kept = kept.slice(0, space);
  kept = kept.replace(/[\s.,;:!?-]+$/, '');
  if (!kept) throw new SmsTemplateError(`no room left for a text: ${room} septets`);
  return kept + ELLIPSIS;
}

/** The largest equal cap under which the cut texts fit `room` together: the shortest stay whole, the longest share the rest. */
function capFor(lengths: readonly number[], room: number): number {
  let cap = Math.max(...lengths);
  while (cap > 0 && lengths.reduce((sum, n) => sum + Math.min(n, cap), 0) > room) cap -= 1;
  return cap;
}

/** The text with its values; a cut value's "..." takes the place of the full stop after it ("Ly do: Thieu ban sao..." not "....."). */
function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{([a-z]+)\}(\.?)/g, (_, name: string, stop: string) => {
    const value = values[name]!;
    return value.endsWith(ELLIPSIS) ? value : value + stop;
  });
}

/**
 * One message, rendered into one GSM-7 segment. Every value passes through `toSmsText`; a
 * placeholder of the text without a value (or with one that is empty as SMS text) is a
 * `SmsTemplateError`, as is a message that does not fit after shortening.
 */
export function renderMessage(kind: MessageKind, values: MessageValues, options: RenderOptions = {}): RenderedSms {
  const templates = options.templates ?? TEMPLATES;
  const template = templates.messages[kind];
  const text = options.variant === undefined ? template.text : template.variants[options.variant];
  if (text === undefined) throw new SmsTemplateError(`${kind} has no variant ${options.variant}`);

  const names = [...new Set([...text.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1] as Placeholder))];
  const sms: Record<string, string> = {};
  for (const name of names) {
    // A cut text ends where the template's punctuation follows: "Ly do: Thieu ban sao.." would read badly.
    const value = toSmsText(values[name] ?? '');
    sms[name] = PLACEHOLDERS[name] === 'cut' ? value.replace(/[\s.,;:]+$/, '') : value;
    if (!sms[name]) throw new SmsTemplateError(`${kind}: no value for {${name}}`);
  }

  const agencyForms = names.includes('agency') ? agencySmsNames(values.agency!, templates) : [''];
  for (const agency of agencyForms) {
    const whole = fill(text, { ...sms, agency });
    if (gsm7Length(whole) <= LIMIT) return rendered(whole);
  }

  const agency = agencyForms.at(-1)!;
  const cutNames = names.filter((name) => PLACEHOLDERS[name] === 'cut');
  const room = LIMIT - gsm7Length(fill(text, { ...sms, agency, ...Object.fromEntries(cutNames.map((name) => [name, ''])) }));
  if (cutNames.length === 0 || room < 0) throw new SmsTemplateError(`${kind}: does not fit one segment even with the shortest agency name`);
  const cap = capFor(
    cutNames.map((name) => gsm7Length(sms[name]!)),
    room,
  );
  const shortened = Object.fromEntries(cutNames.map((name) => [name, cut(sms[name]!, cap)]));
  return rendered(fill(text, { ...sms, agency, ...shortened }));
}

function rendered(text: string): RenderedSms {
  const { encoding, segments } = segmentsOf(text);
  if (encoding !== 'GSM-7' || segments !== 1) throw new SmsTemplateError(`rendered as ${segments} ${encoding} segments`);
  return { text, segments, encoding };
}

// ---------------------------------------------------------------------------
// Which message an intake event sends
// ---------------------------------------------------------------------------

export interface PlannedMessage {
  kind: MessageKind;
  variant?: string;
  values: MessageValues;
}

export interface MessageContext {
  /** The agency's name as intake has it ("Ủy ban nhân dân phường Hòa Bình"). */
  agencyName: string;
  /** The citizen's lookup link for the dossier, at most `SMS_LINK_MAX_LENGTH`. */
  lookupLink: string;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** dd/MM/yyyy of an instant, in Vietnam. */
export function smsDate(instant: string): string {
  const { year, month, day } = localDateOf(new Date(instant));
  return `${pad2(day)}/${pad2(month)}/${year}`;
}

/** HH:mm of an instant, in Vietnam. */
export function smsTime(instant: string): string {
  return timeOf(localMinutesOf(new Date(instant)));
}

/** How officers' list of missing documents reads in one line. */
const MISSING_SEPARATOR = '; ';

/**
 * The message an intake event sends the citizen, or null when its type sends none (the survey
 * itself is scheduled elsewhere, on the result's return) or the settings turn its kind off.
 */
export function messageForEvent(event: IntakeEvent, context: MessageContext, settings: MessageSettings = DEFAULT_MESSAGE_SETTINGS): PlannedMessage | null {
  if (!Object.hasOwn(TRIGGERS, event.type)) return null;
  const kind = TRIGGERS[event.type as TriggerType];
  if (!settings[kind]) return null;
  const common = { agency: context.agencyName, code: event.dossierCode, link: context.lookupLink };
  switch (event.type) {
    case 'DossierReceived': {
      const { dueAt } = event.data;
      return dueAt ? { kind, values: { ...common, date: smsDate(dueAt), time: smsTime(dueAt) } } : { kind, variant: 'without-appointment', values: common };
    }
    case 'DossierSupplementRequested': {
      const { missing, closesAt } = event.data;
      const list = missing.map((item) => toSmsText(item).replace(/[\s.;,]+$/, '')).filter(Boolean).join(MISSING_SEPARATOR);
      // A list that is nothing once made SMS text (only emoji, say) is left to the link.
      if (!list) return { kind, variant: 'without-list', values: common };
      const values = { ...common, missing: list };
      return closesAt ? { kind, values: { ...values, date: smsDate(closesAt) } } : { kind, variant: 'without-deadline', values };
    }
    case 'DossierResolved': {
      const delivery = event.data.resultDelivery;
      return delivery ? { kind, variant: delivery, values: common } : { kind, values: common };
    }
    case 'DossierRefused':
      return withReason(kind, event.data.reason, common);
    case 'DossierExtended': {
      // An extension always carries its new appointment; without one there is nothing to announce.
      if (!event.data.dueAt) return null;
      return withReason(kind, event.data.reason, { ...common, date: smsDate(event.data.dueAt) });
    }
    default:
      return null;
  }
}

/** A reason that is nothing once made SMS text (only emoji, say) takes the text without "Ly do:". */
function withReason(kind: MessageKind, reason: string, values: MessageValues): PlannedMessage {
  return toSmsText(reason) ? { kind, values: { ...values, reason } } : { kind, variant: 'without-reason', values };
}
