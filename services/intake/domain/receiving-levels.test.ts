import { describe, expect, it } from 'vitest';
import { httpStatusOf } from '../../../libs/platform/http.ts';
import { domainErrorOf } from '../../../tests/support/domain-error.ts';
import { Procedure, type AdministrativeLevel } from './catalog.ts';
import { assertReceivableAt, receivingLevelsOf } from './receiving-levels.ts';

const judicialRecord = { level: 'province', receivingLevels: ['province'] } as const;
const meritPension = { level: 'province', receivingLevels: ['province', 'commune'] } as const;
const at = (level: AdministrativeLevel) => ({ level });

describe('where a procedure may be received', () => {
  it('lets a counter of a declared level receive it', () => {
    expect(() => assertReceivableAt(judicialRecord, at('province'))).not.toThrow();
    expect(() => assertReceivableAt(meritPension, at('commune'))).not.toThrow();
    expect(() => assertReceivableAt(meritPension, at('province'))).not.toThrow();
  });

  it('refuses a province-only procedure at a commune with 422 PROCEDURE_NOT_RECEIVED_HERE, naming the levels', () => {
    const error = domainErrorOf(() => assertReceivableAt(judicialRecord, at('commune')));
    expect(httpStatusOf(error)).toBe(422);
    expect(error.code).toBe('PROCEDURE_NOT_RECEIVED_HERE');
    expect(error.details).toEqual({ procedureLevel: 'province', agencyLevel: 'commune', receivingLevels: ['province'] });
    expect(error.messageVi).toBe('Thủ tục này không được tiếp nhận tại cơ quan cấp xã (chỉ tiếp nhận tại: cấp tỉnh)');
    expect(error.messageEn).toBe('This procedure is not received at commune level (received at: province)');
  });

  it('refuses at a level between two declared ones', () => {
    expect(domainErrorOf(() => assertReceivableAt(meritPension, at('district'))).details).toMatchObject({ receivingLevels: ['province', 'commune'] });
  });

  it('without declared levels, receives only where the procedure is resolved', () => {
    const undeclared = { level: 'commune' } as const;
    expect(receivingLevelsOf(undeclared)).toEqual(['commune']);
    expect(() => assertReceivableAt(undeclared, at('commune'))).not.toThrow();
    expect(domainErrorOf(() => assertReceivableAt(undeclared, at('province'))).details).toEqual({ procedureLevel: 'commune', agencyLevel: 'province', receivingLevels: ['commune'] });
  });
});

describe('the catalog schema', () => {
  const levels = Procedure.shape.receivingLevels;

  it('takes one or more known levels, each once', () => {
    expect(levels.parse(['province', 'commune'])).toEqual(['province', 'commune']);
    expect(levels.parse(undefined)).toBeUndefined();
  });

  it.each([[[]], [['commune', 'commune']], [['ward']]])('refuses %j', (value) => {
    expect(levels.safeParse(value).success).toBe(false);
  });
});
