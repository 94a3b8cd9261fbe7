import { describe, expect, it } from 'vitest';
import { Applicant, CHANNEL_CODES, IdNumber, STATUS_CODES, STATUS_LABELS_VI, Submission, VietnamMobile } from './dossier.ts';

const valid = () => ({
  procedureCode: '1.001193',
  agencyCode: 'H38.22.1',
  channel: 'counter',
  applicant: {
    fullName: 'Trần Thị Bích Ngọc',
    idNumber: '079190001234',
    phone: '0912345678',
    email: 'ngoc.tran@example.vn',
    address: 'Số 5 đường Trần Phú, phường Hòa Bình',
  },
  documents: [{ code: 'TK_KS' }, { code: 'GCS', copies: 1 }],
  resultDelivery: { method: 'counter' },
});

/** The paths of the issues of a failed parse, e.g. "applicant.phone". */
function issuePaths(input: unknown): string[] {
  const result = Submission.safeParse(input);
  expect(result.success, 'the submission was expected to be rejected').toBe(false);
  return result.error!.issues.map((issue) => issue.path.join('.'));
}

describe('portal vocabularies', () => {
  it('status codes are those of the national portal', () => {
    expect(STATUS_CODES).toEqual({
      submitted: 1,
      accepted: 2,
      'not-accepted': 3,
      'in-progress': 4,
      'supplement-requested': 5,
      'payment-requested': 6,
      withdrawn: 7,
      stopped: 8,
      resolved: 9,
      returned: 10,
    });
  });

  it('every status has a distinct Vietnamese label', () => {
    const statuses = Object.keys(STATUS_CODES);
    expect(Object.keys(STATUS_LABELS_VI).sort()).toEqual([...statuses].sort());
    const labels = Object.values(STATUS_LABELS_VI);
    expect(new Set(labels).size).toBe(labels.length);
    for (const label of labels) expect(label.trim().length).toBeGreaterThan(0);
  });

  it('channel codes: 1 counter, 2 online, 3 post', () => {
    expect(CHANNEL_CODES).toEqual({ counter: 1, online: 2, postal: 3 });
  });
});

describe('personal ID number', () => {
  it.each(['001099012345', '079190001234', '000000000000'])('accepts the 12 digits %s', (id) => {
    expect(IdNumber.safeParse(id).success).toBe(true);
  });

  it.each([
    ['11 digits', '00109901234'],
    ['13 digits', '0010990123456'],
    ['the old 9-digit identity card', '123456789'],
    ['a letter', '00109901234A'],
    ['spaces', '001 099 012 345'],
    ['dots', '001.099.012.345'],
    ['a leading space', ' 001099012345'],
    ['empty', ''],
  ])('rejects %s', (_, id) => {
    expect(IdNumber.safeParse(id).success).toBe(false);
  });
});

describe('Vietnamese mobile phone number', () => {
  it.each([
    ['0912345678', '0912345678'],
    ['0389999999', '0389999999'],
    ['0521234567', '0521234567'],
    ['0701234567', '0701234567'],
    ['0865432109', '0865432109'],
    ['+84912345678', '0912345678'],
    ['84912345678', '0912345678'],
    ['+84 91 234 5678', '0912345678'],
    ['091 234 5678', '0912345678'],
    ['091.234.5678', '0912345678'],
    ['091-234-5678', '0912345678'],
    ['0840000000', '0840000000'],
  ])('accepts %s as %s', (input, normalized) => {
    expect(VietnamMobile.parse(input)).toBe(normalized);
  });

  it.each([
    ['a Hà Nội landline', '02438123456'],
    ['a 10-digit number with landline prefix 02', '0212345678'],
    ['unassigned prefix 04', '0412345678'],
    ['unassigned prefix 06', '0612345678'],
    ['prefix 01 (the old 11-digit mobiles, converted in 2018)', '01234567890'],
    ['9 digits', '091234567'],
    ['11 digits', '09123456789'],
    ['no leading 0 or country code', '912345678'],
    ['another country code', '+1912345678'],
    ['+84 followed by another number length', '+8491234567'],
    ['letters', '09123456ab'],
    ['empty', ''],
  ])('rejects %s (%s)', (_, input) => {
    expect(VietnamMobile.safeParse(input).success).toBe(false);
  });

  it('a parsed submission carries the normalized phone', () => {
    const input = valid();
    input.applicant.phone = '+84 912 345 678';
    expect(Submission.parse(input).applicant.phone).toBe('0912345678');
  });
});

describe('applicant', () => {
  it('email and address are optional', () => {
    const applicant = Applicant.parse({ fullName: 'Lê Văn Hùng', idNumber: '001099012345', phone: '0912345678' });
    expect(applicant.email).toBeUndefined();
    expect(applicant.address).toBeUndefined();
  });

  it.each([
    ['a one-letter name', { fullName: 'A' }, 'applicant.fullName'],
    ['a blank name', { fullName: '    ' }, 'applicant.fullName'],
    ['a malformed email', { email: 'ngoc.tran@' }, 'applicant.email'],
    ['a bad ID number', { idNumber: '12345' }, 'applicant.idNumber'],
    ['a landline', { phone: '02438123456' }, 'applicant.phone'],
    ['an unknown field', { nickname: 'Ngọc' }, 'applicant'],
  ])('rejects %s', (_, change, path) => {
    const input = valid();
    Object.assign(input.applicant, change);
    expect(issuePaths(input)).toContain(path);
  });

  it('the name is stored trimmed', () => {
    const input = valid();
    input.applicant.fullName = '  Trần Thị Bích Ngọc  ';
    expect(Submission.parse(input).applicant.fullName).toBe('Trần Thị Bích Ngọc');
  });

  it('names and addresses typed with combining diacritics are stored in NFC', () => {
    const input = valid();
    input.applicant.fullName = 'Trần Thị Bích Ngọc'.normalize('NFD');
    input.applicant.address = 'Số 5 đường Trần Phú'.normalize('NFD');
    const { applicant } = Submission.parse(input);
    expect(applicant.fullName).toBe('Trần Thị Bích Ngọc'.normalize('NFC'));
    expect(applicant.address).toBe('Số 5 đường Trần Phú'.normalize('NFC'));
  });

  it.each([
    ['a name with a right-to-left override', { fullName: 'Trần \u202EcọgN' }, 'applicant.fullName'],
    ['a name on two lines', { fullName: 'Trần Thị\nBích Ngọc' }, 'applicant.fullName'],
    ['a name of zero-width spaces', { fullName: '\u200B\u200B' }, 'applicant.fullName'],
    ['a name of Hangul fillers', { fullName: '\u3164\u3164' }, 'applicant.fullName'],
    ['a name with a lone surrogate', { fullName: 'Trần \uD800' }, 'applicant.fullName'],
    ['an address with a NUL', { address: 'Số 5\u0000 Trần Phú' }, 'applicant.address'],
    ['an address of combining marks', { address: '\u0301\u0301\u0301' }, 'applicant.address'],
  ])('refuses %s, naming the field and the rule but not the value', (_, change, path) => {
    const input = valid();
    Object.assign(input.applicant, change);
    const result = Submission.safeParse(input);
    expect(result.error!.issues.map((issue) => issue.path.join('.'))).toEqual([path]);
    expect(result.error!.issues[0]!.message).toMatch(/^must /);
  });
});

describe('submission', () => {
  it('a complete counter submission parses', () => {
    const parsed = Submission.parse(valid());
    expect(parsed.channel).toBe('counter');
    expect(parsed.documents).toEqual([{ code: 'TK_KS' }, { code: 'GCS', copies: 1 }]);
  });

  it.each(['counter', 'online', 'postal'])('accepts channel %s', (channel) => {
    const pickup = channel === 'postal' ? { pickupAddress: { line: 'Thôn 3', commune: 'Xã Lâm Thượng', province: 'Tỉnh Hòa Lâm' } } : {};
    expect(Submission.parse({ ...valid(), channel, ...pickup }).channel).toBe(channel);
  });

  it.each(['email', 'zalo', 'phone', '', 'Counter'])('rejects channel "%s"', (channel) => {
    expect(issuePaths({ ...valid(), channel })).toContain('channel');
  });

  it.each(['counter', 'online'])('result delivered %s needs no address', (method) => {
    expect(Submission.parse({ ...valid(), resultDelivery: { method } }).resultDelivery).toEqual({ method });
  });

  const ADDRESS = { line: 'Số 5 đường Trần Phú', commune: 'Phường Hòa Bình', province: 'Tỉnh Hòa Lâm' };

  it('a postal return needs the delivery address', () => {
    expect(issuePaths({ ...valid(), resultDelivery: { method: 'postal' } })).toContain('resultDelivery.address');
    expect(issuePaths({ ...valid(), resultDelivery: { method: 'postal', address: { ...ADDRESS, line: '  ' } } })).toEqual(['resultDelivery.address.line']);
  });

  it('a postal return with its structured address parses, fees collected on delivery 0 unless given', () => {
    const resultDelivery = { method: 'postal', address: ADDRESS };
    expect(Submission.parse({ ...valid(), resultDelivery }).resultDelivery).toEqual(resultDelivery);
    const collecting = { ...resultDelivery, collectOnDeliveryVnd: 50_000 };
    expect(Submission.parse({ ...valid(), resultDelivery: collecting }).resultDelivery).toEqual(collecting);
  });

  it('refuses the one-line address of earlier versions (the partner needs commune and province apart)', () => {
    expect(issuePaths({ ...valid(), resultDelivery: { method: 'postal', address: 'Số 5 đường Trần Phú, phường Hòa Bình' } })).toEqual(['resultDelivery.address']);
  });

  it.each([
    ['without its commune', { line: ADDRESS.line, province: ADDRESS.province }, 'resultDelivery.address.commune'],
    ['without its province', { line: ADDRESS.line, commune: ADDRESS.commune }, 'resultDelivery.address.province'],
    ['with a field of its own', { ...ADDRESS, district: 'Thành phố Lâm Giang' }, 'resultDelivery.address'],
    ['with a control character', { ...ADDRESS, line: 'Thôn 3\u001B[2J' }, 'resultDelivery.address.line'],
    ['with a commune of one character', { ...ADDRESS, commune: 'X' }, 'resultDelivery.address.commune'],
  ])('refuses a delivery address %s', (_, address, path) => {
    expect(issuePaths({ ...valid(), resultDelivery: { method: 'postal', address } })).toEqual([path]);
  });

  it.each([-1, 1.5, '50000', 100_000_001])('refuses %s đồng collected on delivery', (collectOnDeliveryVnd) => {
    expect(issuePaths({ ...valid(), resultDelivery: { method: 'postal', address: ADDRESS, collectOnDeliveryVnd } })).toEqual(['resultDelivery.collectOnDeliveryVnd']);
  });

  it.each(['counter', 'online'])('a result delivered %s has no address nor fees collected on delivery', (method) => {
    expect(issuePaths({ ...valid(), resultDelivery: { method, address: ADDRESS } })).toEqual(['resultDelivery.address']);
    expect(issuePaths({ ...valid(), resultDelivery: { method, collectOnDeliveryVnd: 0 } })).toEqual(['resultDelivery.collectOnDeliveryVnd']);
  });

  it('a dossier filed through the postal channel needs the structured address it is collected from', () => {
    expect(issuePaths({ ...valid(), channel: 'postal' })).toEqual(['pickupAddress']);
    expect(issuePaths({ ...valid(), channel: 'postal', pickupAddress: 'Thôn 3, xã Lâm Thượng' })).toEqual(['pickupAddress']);
    expect(Submission.parse({ ...valid(), channel: 'postal', pickupAddress: ADDRESS }).pickupAddress).toEqual(ADDRESS);
  });

  it.each(['counter', 'online'])('a dossier filed %s has no pickup address', (channel) => {
    expect(issuePaths({ ...valid(), channel, pickupAddress: ADDRESS })).toEqual(['pickupAddress']);
  });

  it.each(['email', 'zalo', 'courier'])('rejects delivery method %s', (method) => {
    expect(issuePaths({ ...valid(), resultDelivery: { method } })).toContain('resultDelivery.method');
  });

  it('rejects unknown fields at the top level and in the delivery', () => {
    expect(issuePaths({ ...valid(), priority: 'high' })).toContain('');
    expect(issuePaths({ ...valid(), resultDelivery: { method: 'counter', fee: 0 } })).toContain('resultDelivery');
  });

  it.each([
    ['zero copies', [{ code: 'TK_KS', copies: 0 }]],
    ['fractional copies', [{ code: 'TK_KS', copies: 1.5 }]],
    ['more than 20 copies', [{ code: 'TK_KS', copies: 21 }]],
    ['an empty code', [{ code: '' }]],
    ['an unknown document field', [{ code: 'TK_KS', note: 'x' }]],
    ['more than 50 documents', Array.from({ length: 51 }, (_, i) => ({ code: `D${i}` }))],
  ])('rejects documents with %s', (_, documents) => {
    expect(issuePaths({ ...valid(), documents }).some((path) => path.startsWith('documents'))).toBe(true);
  });

  it.each(['procedureCode', 'agencyCode', 'channel', 'applicant', 'documents', 'resultDelivery'])('requires %s', (field) => {
    const input: Record<string, unknown> = valid();
    delete input[field];
    expect(issuePaths(input)).toContain(field);
  });
});
