import { describe, expect, it } from 'vitest';
import tree from '../data/agency-tree.json' with { type: 'json' };
import { agencyChoices, type TreeEntry } from './agencies.ts';

describe("the agencies an officer may choose", () => {
  it("are the officer's agency and everything under it on some day, depth first in code order, ceased ones dated", () => {
    const entries: TreeEntry[] = [
      { code: 'P', name: 'Tỉnh', parentCode: null, validFrom: '2008-01-01' },
      { code: 'P.2', name: 'Huyện', parentCode: 'P', validFrom: '2008-01-01', validTo: '2025-07-01' },
      { code: 'P.2.10', name: 'Xã Mười', parentCode: 'P.2', validFrom: '2008-01-01', validTo: '2025-07-01' },
      { code: 'P.2.10', name: 'Xã Mười', parentCode: 'P', validFrom: '2025-07-01' },
      { code: 'P.2.9', name: 'Xã Chín', parentCode: 'P.2', validFrom: '2008-01-01' },
      { code: 'Q', name: 'Tỉnh khác', parentCode: null, validFrom: '2008-01-01' },
    ];
    expect(agencyChoices(entries, 'P')).toEqual([
      { code: 'P', label: 'Tỉnh', depth: 0 },
      { code: 'P.2', label: 'Huyện (đến 30/06/2025)', depth: 1 },
      { code: 'P.2.9', label: 'Xã Chín', depth: 2 },
      { code: 'P.2.10', label: 'Xã Mười', depth: 2 },
    ]);
    expect(agencyChoices(entries, 'P.2.9')).toEqual([{ code: 'P.2.9', label: 'Xã Chín', depth: 0 }]);
    expect(agencyChoices(entries, 'X')).toEqual([]);
  });

  it("give the province's leader every agency of the tree once", () => {
    const choices = agencyChoices(tree.agencies, 'H38');
    expect(choices.map((choice) => choice.code).sort()).toEqual([...new Set(tree.agencies.map((agency) => agency.code))].sort());
  });
});
