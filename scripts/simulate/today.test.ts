import { describe, expect, it } from 'vitest';
import { Submission } from '../../services/intake/domain/dossier.ts';
import { shippedCatalog } from './catalog.ts';
import { seededRandom } from './random.ts';
import { planToday } from './today.ts';

const catalog = shippedCatalog();
const plan = planToday(catalog, ['H38.22.1', 'H38.22.2'], 200, 5, seededRandom(6));

describe("today's planned traffic", () => {
  it("is as many dossiers as asked, each a submission intake accepts, of a procedure its commune receives", () => {
    expect(plan).toHaveLength(200);
    for (const dossier of plan) {
      expect(Submission.safeParse(dossier.body).success, JSON.stringify(dossier.body)).toBe(true);
      const procedure = catalog.procedures.find((p) => p.code === dossier.body.procedureCode)!;
      expect(procedure.receivingLevels).toContain('commune');
      if (dossier.body.channel === 'postal' || (dossier.body.resultDelivery as { method: string }).method === 'postal') expect(procedure.postalAllowed).toBe(true);
    }
  });

  it('mixes channels and fates, numbers never twice, the same for the same seed', () => {
    expect(new Set(plan.map((d) => d.body.channel))).toEqual(new Set(['online', 'counter', 'postal']));
    expect(new Set(plan.map((d) => d.fate)).size).toBe(7);
    const phones = plan.map((d) => (d.body.applicant as { phone: string }).phone);
    expect(new Set(phones).size).toBe(plan.length);
    expect(plan.filter((d) => d.reply).every((d) => d.fate === 'returned' || d.fate === 'supplement-then-returned')).toBe(true);
    expect(planToday(catalog, ['H38.22.1', 'H38.22.2'], 200, 5, seededRandom(6))).toEqual(plan);
  });
});
