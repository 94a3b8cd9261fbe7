import { describe, expect, it } from 'vitest';
import type { DomainError } from '../../../libs/platform/errors.ts';
import { httpStatusOf } from '../../../libs/platform/http.ts';
import procedures from '../data/procedures.json' with { type: 'json' };
import { Procedure } from './catalog.ts';
import { assertComplete, checkComponents } from './components.ts';
import { domainErrorOf } from '../../../tests/support/domain-error.ts';

/** A household-business-like checklist: one component in three copies, one certified copy, one optional. */
const PROCEDURE = Procedure.parse({
  code: '9.000002',
  name: 'Thủ tục thử nghiệm chứng thực hợp đồng',
  nameEn: 'Test contract certification',
  field: 'chung-thuc',
  level: 'commune',
  timeLimit: { unit: 'workingDays', value: 2 },
  components: [
    { code: 'DT_HD', name: 'Dự thảo hợp đồng', required: true, form: 'original', copies: 3 },
    { code: 'GTTT', name: 'Bản sao giấy tờ tùy thân', required: true, form: 'certified-copy', copies: 1 },
    { code: 'UQ', name: 'Văn bản ủy quyền', required: false, form: 'original', copies: 1 },
  ],
  fees: [{ name: 'Phí chứng thực hợp đồng', amountVnd: 50_000 }],
  onlineLevel: 'mot-phan',
  postalAllowed: false,
  cutoffTime: null,
  supplement: { clock: 'restart', closeAfterWorkingDays: 15 },
  legalBasis: 'Nghị định 23/2015/NĐ-CP',
});

const details = (error: DomainError) => error.details as Record<string, unknown>;

describe('checkComponents', () => {
  it('exactly the required components: complete, named from the checklist, copies defaulting to the checklist', () => {
    const check = checkComponents(PROCEDURE, [{ code: 'DT_HD' }, { code: 'GTTT' }]);
    expect(check).toEqual({
      received: [
        { code: 'DT_HD', name: 'Dự thảo hợp đồng', copies: 3 },
        { code: 'GTTT', name: 'Bản sao giấy tờ tùy thân', copies: 1 },
      ],
      missing: [],
      notOnChecklist: [],
      duplicated: [],
    });
    expect(assertComplete(check)).toEqual(check.received);
  });

  it('accepts an optional component on the checklist', () => {
    const received = assertComplete(checkComponents(PROCEDURE, [{ code: 'DT_HD' }, { code: 'GTTT' }, { code: 'UQ', copies: 1 }]));
    expect(received.map((document) => document.code)).toEqual(['DT_HD', 'GTTT', 'UQ']);
  });

  it('records the copies actually received', () => {
    const received = assertComplete(checkComponents(PROCEDURE, [{ code: 'DT_HD', copies: 4 }, { code: 'GTTT', copies: 2 }]));
    expect(received.map((document) => document.copies)).toEqual([4, 2]);
  });

  it('a required component not given is missing', () => {
    const check = checkComponents(PROCEDURE, [{ code: 'DT_HD' }]);
    expect(check.missing).toEqual([{ code: 'GTTT', name: 'Bản sao giấy tờ tùy thân', copiesRequired: 1, copiesReceived: 0 }]);
  });

  it('too few copies of a required component is missing too', () => {
    const check = checkComponents(PROCEDURE, [{ code: 'DT_HD', copies: 2 }, { code: 'GTTT' }]);
    expect(check.missing).toEqual([{ code: 'DT_HD', name: 'Dự thảo hợp đồng', copiesRequired: 3, copiesReceived: 2 }]);
  });

  it('nothing given: every required component is missing, the optional one is not', () => {
    const check = checkComponents(PROCEDURE, []);
    expect(check.missing.map((component) => component.code)).toEqual(['DT_HD', 'GTTT']);
  });

  it('a component not on the checklist is flagged', () => {
    const check = checkComponents(PROCEDURE, [{ code: 'DT_HD' }, { code: 'GTTT' }, { code: 'SO_HK' }]);
    expect(check.notOnChecklist).toEqual(['SO_HK']);
    expect(check.received.map((document) => document.code)).toEqual(['DT_HD', 'GTTT']);
  });

  it('a component given twice is flagged', () => {
    const check = checkComponents(PROCEDURE, [{ code: 'DT_HD' }, { code: 'GTTT' }, { code: 'GTTT' }]);
    expect(check.duplicated).toEqual(['GTTT']);
  });
});

describe('assertComplete', () => {
  it('refuses missing components with a 422 listing them', () => {
    const error = domainErrorOf(() => assertComplete(checkComponents(PROCEDURE, [{ code: 'DT_HD', copies: 1 }])));
    expect(httpStatusOf(error)).toBe(422);
    expect(error.code).toBe('MISSING_COMPONENTS');
    expect(details(error).missing).toEqual([
      { code: 'DT_HD', name: 'Dự thảo hợp đồng', copiesRequired: 3, copiesReceived: 1 },
      { code: 'GTTT', name: 'Bản sao giấy tờ tùy thân', copiesRequired: 1, copiesReceived: 0 },
    ]);
  });

  it('refuses components not on the checklist, even when everything required is there', () => {
    const error = domainErrorOf(() => assertComplete(checkComponents(PROCEDURE, [{ code: 'DT_HD' }, { code: 'GTTT' }, { code: 'SO_HK' }])));
    expect(httpStatusOf(error)).toBe(422);
    expect(error.code).toBe('COMPONENTS_NOT_ON_CHECKLIST');
    expect(details(error).notOnChecklist).toEqual(['SO_HK']);
  });

  it('refuses a duplicated component', () => {
    const error = domainErrorOf(() => assertComplete(checkComponents(PROCEDURE, [{ code: 'DT_HD' }, { code: 'DT_HD' }, { code: 'GTTT' }])));
    expect(httpStatusOf(error)).toBe(422);
    expect(error.code).toBe('COMPONENTS_NOT_ON_CHECKLIST');
    expect(details(error).duplicated).toEqual(['DT_HD']);
  });

  it('names every problem in one answer: missing, not on the checklist and duplicated', () => {
    const error = domainErrorOf(() =>
      assertComplete(checkComponents(PROCEDURE, [{ code: 'DT_HD' }, { code: 'DT_HD' }, { code: 'SO_HK' }])),
    );
    expect(error.code).toBe('MISSING_COMPONENTS');
    expect(details(error).missing).toEqual([{ code: 'GTTT', name: 'Bản sao giấy tờ tùy thân', copiesRequired: 1, copiesReceived: 0 }]);
    expect(details(error).notOnChecklist).toEqual(['SO_HK']);
    expect(details(error).duplicated).toEqual(['DT_HD']);
  });
});

describe('against the published catalogue', () => {
  const catalogue = (procedures as unknown[]).map((raw) => Procedure.parse(raw));

  it.each(catalogue.map((procedure) => [procedure.code, procedure] as const))(
    '%s: the required components alone are complete; dropping any one is refused naming it',
    (_, procedure) => {
      const required = procedure.components.filter((component) => component.required);
      const all = required.map((component) => ({ code: component.code }));
      expect(assertComplete(checkComponents(procedure, all)).map((document) => document.code)).toEqual(all.map((d) => d.code));
      for (const dropped of required) {
        const error = domainErrorOf(() =>
          assertComplete(checkComponents(procedure, all.filter((document) => document.code !== dropped.code))),
        );
        expect(error.code).toBe('MISSING_COMPONENTS');
        expect((details(error).missing as { code: string }[]).map((component) => component.code)).toEqual([dropped.code]);
      }
    },
  );
});
