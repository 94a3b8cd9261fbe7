import { describe, expect, it } from 'vitest';
import { Agency, FIELDS, Procedure, type Field } from './catalog.ts';
import procedures from '../data/procedures.json' with { type: 'json' };
import agencies from '../data/agencies.json' with { type: 'json' };

const rawProcedures: unknown[] = procedures;
const rawAgencies: unknown[] = agencies;

describe('procedure catalogue data', () => {
  const parsed = rawProcedures.map((p) => Procedure.parse(p));

  it('every procedure conforms to the Procedure schema', () => {
    for (const [i, raw] of rawProcedures.entries()) {
      const result = Procedure.safeParse(raw);
      expect(result.success, `procedure #${i}: ${result.error?.message ?? ''}`).toBe(true);
    }
  });

  it('has at least 15 procedures', () => {
    expect(parsed.length).toBeGreaterThanOrEqual(15);
  });

  it('procedure codes are unique', () => {
    const codes = parsed.map((p) => p.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('component codes are unique within each procedure', () => {
    for (const p of parsed) {
      const codes = p.components.map((c) => c.code);
      expect(new Set(codes).size, `duplicate component code in ${p.code}`).toBe(codes.length);
    }
  });

  it('every procedure has at least one required component', () => {
    for (const p of parsed) {
      expect(p.components.some((c) => c.required), `${p.code} has no required component`).toBe(true);
    }
  });

  it('covers all fields except possibly one', () => {
    const all = Object.keys(FIELDS) as Field[];
    const covered = new Set(parsed.map((p) => p.field));
    const missing = all.filter((f) => !covered.has(f));
    expect(missing.length, `missing fields: ${missing.join(', ')}`).toBeLessThanOrEqual(1);
  });

  it('every procedure declares the levels that receive it, among them the one that resolves it', () => {
    for (const [i, raw] of rawProcedures.entries()) {
      const procedure = Procedure.parse(raw);
      expect((raw as { receivingLevels?: unknown }).receivingLevels, `procedure #${i} (${procedure.code})`).toBeDefined();
      expect(procedure.receivingLevels, procedure.code).toContain(procedure.level);
    }
  });

  it('every receiving level has agencies in the tree to receive at it', () => {
    const agencyLevels = new Set(rawAgencies.map((a) => Agency.parse(a).level));
    for (const p of parsed) {
      for (const level of p.receivingLevels ?? []) expect(agencyLevels.has(level), `${p.code}: ${level}`).toBe(true);
    }
  });

  it('expresses some time limits in working hours', () => {
    expect(parsed.filter((p) => p.timeLimit.unit === 'workingHours').length).toBeGreaterThanOrEqual(2);
  });
});

describe('agency data', () => {
  const parsed = rawAgencies.map((a) => Agency.parse(a));
  const byCode = new Map(parsed.map((a) => [a.code, a]));

  it('every agency conforms to the Agency schema', () => {
    for (const [i, raw] of rawAgencies.entries()) {
      const result = Agency.safeParse(raw);
      expect(result.success, `agency #${i}: ${result.error?.message ?? ''}`).toBe(true);
    }
  });

  it('agency codes are unique', () => {
    expect(byCode.size).toBe(parsed.length);
  });

  it('every parentCode refers to an existing agency', () => {
    for (const a of parsed) {
      if (a.parentCode !== null) {
        expect(byCode.has(a.parentCode), `${a.code}: unknown parent ${a.parentCode}`).toBe(true);
      }
    }
  });

  it('has exactly one root, the province', () => {
    const roots = parsed.filter((a) => a.parentCode === null);
    expect(roots).toHaveLength(1);
    expect(roots[0]?.kind).toBe('province');
  });

  it("each commune's parent is a district", () => {
    for (const a of parsed.filter((x) => x.kind === 'commune')) {
      const parent = a.parentCode === null ? undefined : byCode.get(a.parentCode);
      expect(parent?.kind, `${a.code}: parent ${a.parentCode}`).toBe('district');
    }
  });

  it("an agency code is prefixed by its parent's code", () => {
    for (const a of parsed) {
      if (a.parentCode !== null) {
        expect(a.code.startsWith(`${a.parentCode}.`), `${a.code} under ${a.parentCode}`).toBe(true);
      }
    }
  });

  it('kind and level agree', () => {
    const levelOf = {
      province: 'province',
      'provincial-centre': 'province',
      district: 'district',
      commune: 'commune',
    } as const;
    for (const a of parsed) {
      expect(a.level, a.code).toBe(levelOf[a.kind]);
    }
  });

  it("gives every agency its counter's address in the demo province, so postal can ship from and to it", () => {
    for (const a of parsed) expect(a.address?.province, a.code).toBe('Tỉnh Hòa Lâm');
  });
});
