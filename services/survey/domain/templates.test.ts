import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IntakeEvent } from '../../../libs/events/intake.ts';
import agencies from '../../intake/data/agencies.json' with { type: 'json' };
import { DOSSIER_CODE_PATTERN } from '../../intake/domain/dossier-code.ts';
import { isGsm7, segmentsOf } from './gsm7.ts';
import {
  agencySmsNames,
  assertSmsLink,
  DEFAULT_MESSAGE_SETTINGS,
  MESSAGE_KINDS,
  MessageSettings,
  messageForEvent,
  renderMessage,
  SMS_LIMITS,
  SmsTemplateError,
  TemplateCatalog,
  TEMPLATES,
  type MessageKind,
  type MessageValues,
} from './templates.ts';

/** The longest values the service lets into a message (see SMS_LIMITS). */
const LONGEST_CODE = 'H38.999.999-250714-99999';
const LONGEST_LINK = 'https://dvc.hoalam.gov.vn/s/A1b2C3d4E5f6G7h8'; // a 17-character host, a 16-character token
const LONG_FREE_TEXT = 'Bản sao có chứng thực Giấy khai sinh của con (bản gốc đã hết hạn) 📄; Sổ hộ khẩu/CCCD của cha mẹ – “đúng tên”; Đơn đề nghị theo Mẫu 01… ✅ ';
const FREE_300 = LONG_FREE_TEXT.repeat(4).slice(0, 300);
const LONGEST_VALUES: MessageValues = { code: LONGEST_CODE, date: '31/12/2025', time: '17:00', link: LONGEST_LINK, missing: FREE_300, reason: FREE_300 };

const allTexts = MESSAGE_KINDS.flatMap((kind) => [
  { kind, variant: undefined as string | undefined },
  ...Object.keys(TEMPLATES.messages[kind].variants).map((variant) => ({ kind, variant: variant as string | undefined })),
]);
const label = ({ kind, variant }: { kind: MessageKind; variant: string | undefined }) => (variant ? `${kind} (${variant})` : kind);

describe('the longest values', () => {
  it('are the longest the service lets through', () => {
    expect(FREE_300).toHaveLength(300);
    expect(LONGEST_CODE).toMatch(DOSSIER_CODE_PATTERN);
    expect(LONGEST_CODE).toHaveLength(SMS_LIMITS.code);
    expect(LONGEST_LINK).toHaveLength(SMS_LIMITS.link);
    expect(assertSmsLink(LONGEST_LINK)).toBe(LONGEST_LINK);
  });

  it('include every agency of intake: each has an SMS name within the limit', () => {
    for (const agency of agencies) expect(agencySmsNames(agency.name).at(-1)!.length, agency.name).toBeLessThanOrEqual(SMS_LIMITS.agency);
  });
});

describe('every template, rendered with the longest real values', () => {
  for (const text of allTexts) {
    it(`${label(text)} is one GSM-7 segment for every agency, with code, date, time and link intact`, () => {
      for (const agency of agencies) {
        const sms = renderMessage(text.kind, { ...LONGEST_VALUES, agency: agency.name }, { variant: text.variant });
        expect(sms.encoding).toBe('GSM-7');
        expect(sms.segments).toBe(1);
        expect(isGsm7(sms.text)).toBe(true);
        expect(segmentsOf(sms.text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
        expect(sms.text.length).toBeLessThanOrEqual(160);
        const template = text.variant ? TEMPLATES.messages[text.kind].variants[text.variant]! : TEMPLATES.messages[text.kind].text;
        for (const name of ['code', 'date', 'time', 'link'] as const) {
          if (template.includes(`{${name}}`)) expect(sms.text).toContain(LONGEST_VALUES[name]);
        }
      }
    });
  }

  it('leaves every cut text at least SMS_LIMITS.cutTextRoom septets, even with the longest agency name allowed', () => {
    const agency = 'Z'.repeat(SMS_LIMITS.agency);
    for (const text of allTexts) {
      const template = text.variant ? TEMPLATES.messages[text.kind].variants[text.variant]! : TEMPLATES.messages[text.kind].text;
      const cutTexts = ['missing', 'reason'].filter((name) => template.includes(`{${name}}`));
      const sms = renderMessage(text.kind, { ...LONGEST_VALUES, agency, missing: 'x', reason: 'x' }, { variant: text.variant });
      const room = 160 - sms.text.length + cutTexts.length;
      expect(room, label(text)).toBeGreaterThanOrEqual(cutTexts.length * SMS_LIMITS.cutTextRoom);
    }
  });
});

describe('renderMessage', () => {
  const hoaBinh = { agency: 'Ủy ban nhân dân phường Hòa Bình', code: 'H38.22.1-250714-0007', link: 'https://dvc.hoalam.gov.vn/s/AbCdEfGhIjKlMnOp' };

  it('writes the usual messages whole, with the usual abbreviations', () => {
    expect(renderMessage('received', { ...hoaBinh, date: '16/07/2025', time: '17:00' })).toEqual({
      text: 'UBND phuong Hoa Binh: Ho so H38.22.1-250714-0007 da duoc tiep nhan, hen tra ket qua 17:00 16/07/2025. Tra cuu https://dvc.hoalam.gov.vn/s/AbCdEfGhIjKlMnOp',
      segments: 1,
      encoding: 'GSM-7',
    });
    expect(renderMessage('survey', hoaBinh).text).toBe(
      'UBND phuong Hoa Binh: Danh gia HS H38.22.1-250714-0007: 1=Rat hai long,2=Hai long,3=Khong hai long. TC=tu choi https://dvc.hoalam.gov.vn/s/AbCdEfGhIjKlMnOp',
    );
    expect(renderMessage('refused', { ...hoaBinh, reason: 'Không thuộc thẩm quyền.' }).text).toBe(
      'UBND phuong Hoa Binh: Ho so H38.22.1-250714-0007 khong duoc giai quyet. Ly do: Khong thuoc tham quyen. Chi tiet https://dvc.hoalam.gov.vn/s/AbCdEfGhIjKlMnOp',
    );
  });

  it('abbreviates the unit of an agency only when the message would not fit otherwise', () => {
    const lamGiang = { ...hoaBinh, agency: 'Ủy ban nhân dân thành phố Lâm Giang' };
    expect(renderMessage('result-ready', lamGiang).text).toMatch(/^UBND thanh pho Lam Giang: /);
    expect(renderMessage('received', { ...lamGiang, code: LONGEST_CODE, date: '16/07/2025', time: '17:00', link: LONGEST_LINK }).text).toMatch(/^UBND TP Lam Giang: /);
  });

  it('cuts an officer’s text with "..." to what fits, after abbreviating the agency, and keeps the rest of the message intact', () => {
    const sms = renderMessage('supplement-requested', { ...hoaBinh, missing: FREE_300, date: '21/07/2025' });
    expect(sms.text.length).toBeLessThanOrEqual(160);
    expect(sms.text).toMatch(/^UBND P\. Hoa Binh: Ho so H38\.22\.1-250714-0007 can bo sung: Ban sao co chung thuc [A-Za-z ]+\.\.\. Han bo sung 21\/07\/2025\. https:\/\/dvc\.hoalam\.gov\.vn\/s\/AbCdEfGhIjKlMnOp$/);
    // Its own final full stop is not doubled by the template's.
    expect(renderMessage('refused', { ...hoaBinh, reason: 'Thiếu giấy tờ.' }).text).toContain('Ly do: Thieu giay to. Chi tiet');
  });

  it('cuts two officer texts in one message fairly', () => {
    const catalog = TemplateCatalog.parse({ ...TEMPLATES, messages: { ...TEMPLATES.messages, refused: { ...TEMPLATES.messages.refused, text: '{code}: {missing}. {reason}. {link}' } } });
    const sms = renderMessage('refused', { ...hoaBinh, missing: 'a '.repeat(100), reason: 'Ngắn' }, { templates: catalog });
    expect(sms.text).toMatch(/^H38\.22\.1-250714-0007: (a )+a\.\.\. Ngan\. https/);
    expect(sms.text.length).toBeLessThanOrEqual(160);
  });

  it('refuses what it cannot render: a template bug, not a message in two parts', () => {
    const tooLong = TemplateCatalog.parse({ ...TEMPLATES, messages: { ...TEMPLATES.messages, survey: { ...TEMPLATES.messages.survey, text: `{agency} {code} ${'x'.repeat(120)} {link}` } } });
    expect(() => renderMessage('survey', hoaBinh, { templates: tooLong })).toThrow(SmsTemplateError);
    expect(() => renderMessage('received', hoaBinh)).toThrow(/no value for \{(date|time)\}/);
    expect(() => renderMessage('refused', { ...hoaBinh, reason: '😀😀' })).toThrow(/no value for \{reason\}/);
    expect(() => renderMessage('received', hoaBinh, { variant: 'nope' })).toThrow(/no variant nope/);
    expect(() => renderMessage('received', { ...hoaBinh, link: `https://x.vn/${'a'.repeat(150)}`, date: '16/07/2025', time: '17:00' })).toThrow(SmsTemplateError);
  });
});

describe('the template data', () => {
  const withText = (kind: MessageKind, text: string) => ({ ...TEMPLATES, messages: { ...TEMPLATES.messages, [kind]: { ...TEMPLATES.messages[kind], text } } });

  it('is refused when a text is not GSM-7, names an unknown placeholder, or has a stray brace', () => {
    expect(TemplateCatalog.safeParse(withText('survey', 'Hồ sơ {code}')).success).toBe(false);
    expect(TemplateCatalog.safeParse(withText('survey', 'Ho so {dossier}')).success).toBe(false);
    expect(TemplateCatalog.safeParse(withText('survey', 'Ho so {code')).success).toBe(false);
    expect(TemplateCatalog.safeParse(withText('survey', 'Ho so {code}')).success).toBe(true);
  });

  it('is refused when a variant the code chooses is missing, or a trigger is wrong', () => {
    const { counter: _, ...variants } = TEMPLATES.messages['result-ready'].variants;
    expect(TemplateCatalog.safeParse({ ...TEMPLATES, messages: { ...TEMPLATES.messages, 'result-ready': { ...TEMPLATES.messages['result-ready'], variants } } }).success).toBe(false);
    expect(TemplateCatalog.safeParse({ ...TEMPLATES, messages: { ...TEMPLATES.messages, survey: { ...TEMPLATES.messages.survey, trigger: 'DossierResolved' } } }).success).toBe(false);
  });

  it('says how to answer and how to opt out, in the words the reply parser reads', () => {
    expect(TEMPLATES.messages.survey.text).toContain('1=Rat hai long,2=Hai long,3=Khong hai long');
    expect(TEMPLATES.messages.survey.text).toMatch(/\bTC\b/);
    expect(TEMPLATES.messages['opted-out'].text).toMatch(/\bDK\b/);
    expect(TEMPLATES.messages['opted-in'].text).toMatch(/\bTC\b/);
  });
});

describe('MessageSettings', () => {
  it('defaults to the data: every citizen message on', () => {
    expect(DEFAULT_MESSAGE_SETTINGS).toEqual(Object.fromEntries(MESSAGE_KINDS.map((kind) => [kind, true])));
    expect(MessageSettings.parse({ apology: false })).toMatchObject({ apology: false, received: true });
    expect(MessageSettings.safeParse({ overdue: true }).success).toBe(false);
    expect(MessageSettings.safeParse({ received: 'yes' }).success).toBe(false);
  });
});

describe('messageForEvent', () => {
  const context = { agencyName: 'Ủy ban nhân dân phường Hòa Bình', lookupLink: 'https://dvc.hoalam.gov.vn/tra-cuu' };
  const facts = { status: 'accepted' as const, statusCode: 2, dueAt: '2025-07-16T10:00:00.000Z' };
  const event = (type: IntakeEvent['type'], data: object): IntakeEvent =>
    ({
      eventId: '5f0c3b8e-8b4e-4c55-9d8e-2f3a4b5c6d7e',
      version: 1,
      occurredAt: '2025-07-14T02:00:00.000Z',
      sequence: 1,
      dossierCode: 'H38.22.1-250714-0007',
      agencyCode: 'H38.22.1',
      procedureCode: '1.000001',
      actor: { kind: 'officer' },
      type,
      data: { ...facts, ...data },
    }) as IntakeEvent;
  const common = { agency: context.agencyName, code: 'H38.22.1-250714-0007', link: context.lookupLink };
  const received = event('DossierReceived', { channel: 'counter', receivedAt: '2025-07-14T02:00:00.000Z', resultDelivery: 'counter', procedureLevel: 'commune', onlineLevel: 'mot-phan' });

  it('announces the receipt with the appointment in Vietnam time', () => {
    expect(messageForEvent(received, context)).toEqual({ kind: 'received', values: { ...common, date: '16/07/2025', time: '17:00' } });
    expect(messageForEvent(event('DossierReceived', { ...received.data, dueAt: '2025-07-16T17:30:00.000Z' }), context)?.values).toMatchObject({ date: '17/07/2025', time: '00:30' });
    expect(messageForEvent(event('DossierReceived', { ...received.data, dueAt: null }), context)).toEqual({ kind: 'received', variant: 'without-appointment', values: common });
  });

  it('lists what is missing, with the closing date when there is one', () => {
    const data = { status: 'supplement-requested', statusCode: 5, dueAt: null, missing: ['Bản sao giấy khai sinh.', '😀', 'Đơn đề nghị'], clock: 'pause' };
    expect(messageForEvent(event('DossierSupplementRequested', { ...data, closesAt: '2025-08-13T10:00:00.000Z' }), context)).toEqual({
      kind: 'supplement-requested',
      values: { ...common, missing: 'Ban sao giay khai sinh; Don de nghi', date: '13/08/2025' },
    });
    expect(messageForEvent(event('DossierSupplementRequested', data), context)).toMatchObject({ variant: 'without-deadline' });
    expect(messageForEvent(event('DossierSupplementRequested', { ...data, missing: ['📄'] }), context)).toEqual({ kind: 'supplement-requested', variant: 'without-list', values: common });
  });

  it('says the result is ready, in the words of how it goes back', () => {
    const resolved = { status: 'resolved', statusCode: 9, resolvedAt: '2025-07-15T02:00:00.000Z', verdict: 'early' };
    for (const delivery of ['counter', 'postal', 'online'] as const) {
      expect(messageForEvent(event('DossierResolved', { ...resolved, resultDelivery: delivery }), context)).toEqual({ kind: 'result-ready', variant: delivery, values: common });
    }
    expect(messageForEvent(event('DossierResolved', resolved), context)).toEqual({ kind: 'result-ready', values: common });
  });

  it('gives the reason of a refusal and the new appointment of an apology', () => {
    expect(messageForEvent(event('DossierRefused', { status: 'not-accepted', statusCode: 3, reason: 'Không thuộc thẩm quyền' }), context)).toEqual({
      kind: 'refused',
      values: { ...common, reason: 'Không thuộc thẩm quyền' },
    });
    expect(messageForEvent(event('DossierRefused', { reason: '🙏🙏🙏' }), context)).toMatchObject({ variant: 'without-reason' });
    const extended = { dueAt: '2025-07-25T10:00:00.000Z', previousDueAt: '2025-07-16T10:00:00.000Z', reason: 'Chờ ý kiến của Sở' };
    expect(messageForEvent(event('DossierExtended', extended), context)).toEqual({ kind: 'apology', values: { ...common, date: '25/07/2025', reason: 'Chờ ý kiến của Sở' } });
    expect(messageForEvent(event('DossierExtended', { ...extended, dueAt: null }), context)).toBeNull();
  });

  it('sends nothing for other events, nor for a kind the settings turn off', () => {
    expect(messageForEvent(event('DossierAccepted', {}), context)).toBeNull();
    expect(messageForEvent(event('DossierResultReturned', { method: 'counter' }), context)).toBeNull();
    expect(messageForEvent(received, context, MessageSettings.parse({ received: false }))).toBeNull();
  });

  it('plans messages that render', () => {
    const planned = messageForEvent(received, context)!;
    expect(renderMessage(planned.kind, planned.values, { variant: planned.variant }).text).toBe(
      'UBND phuong Hoa Binh: Ho so H38.22.1-250714-0007 da duoc tiep nhan, hen tra ket qua 17:00 16/07/2025. Tra cuu https://dvc.hoalam.gov.vn/tra-cuu',
    );
  });
});

describe('any message, whatever the values within the limits', () => {
  const word = fc.string({ unit: fc.constantFrom(...'aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ'), minLength: 1, maxLength: 8 });
  const agency = fc
    .tuple(fc.constantFrom('Ủy ban nhân dân', 'Trung tâm Phục vụ hành chính công', 'UBND'), fc.constantFrom('phường', 'xã', 'thị trấn', 'huyện', 'thành phố', 'tỉnh', 'quận'), fc.array(word, { minLength: 1, maxLength: 3 }))
    .map(([organ, unit, words]) => `${organ} ${unit} ${words.join(' ')}`)
    .filter((name) => agencySmsNames(name).at(-1)!.length <= SMS_LIMITS.agency);
  const code = fc
    .tuple(fc.stringMatching(/^[A-Z]\d{2}(\.\d{1,3}){0,2}$/), fc.stringMatching(/^\d{6}$/), fc.stringMatching(/^\d{4,5}$/))
    .map(([unit, day, running]) => `${unit}-${day}-${running}`);
  const link = fc
    .tuple(fc.stringMatching(/^[a-z0-9]([a-z0-9.-]{0,15}[a-z0-9])?$/), fc.stringMatching(/^[A-Za-z0-9_-]{1,16}$/))
    .map(([host, token]) => `https://${host}/s/${token}`);
  const anyCodePoints = fc.array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 400 }).map((points) => String.fromCodePoint(...points));
  const freeText = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 400 }), anyCodePoints, fc.array(word, { maxLength: 80 }).map((words) => words.join(' ')));
  const date = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true });
  const kindAndVariant = fc.constantFrom(...allTexts);

  it('is one GSM-7 segment of at most 160 septets, with its code and link whole', () => {
    fc.assert(
      fc.property(kindAndVariant, agency, code, link, freeText, freeText, date, ({ kind, variant }, agencyName, dossierCode, url, missing, reason, at) => {
        const iso = at.toISOString();
        const values = { agency: agencyName, code: dossierCode, link: url, missing: missing + ' x', reason: reason + ' x', date: iso.slice(0, 10), time: iso.slice(11, 16) };
        const sms = renderMessage(kind, values, { variant });
        expect(sms.encoding).toBe('GSM-7');
        expect(isGsm7(sms.text)).toBe(true);
        expect(segmentsOf(sms.text).units).toBeLessThanOrEqual(160);
        const template = variant ? TEMPLATES.messages[kind].variants[variant]! : TEMPLATES.messages[kind].text;
        if (template.includes('{code}')) expect(sms.text).toContain(dossierCode);
        if (template.includes('{link}')) expect(sms.text).toContain(url);
      }),
      { numRuns: 300 },
    );
  });
});
