import * as z from 'zod';
import { GROUPINGS } from './summary.ts';
import { COHORT_CLASSES } from './tally.ts';

/**
 * The reports' answers as schemas, for the API's contract (docs/openapi.yaml) and the tests that
 * check a live answer against it. The types are domain/figures.ts's and domain/summary.ts's.
 */

const count = z.int();
const percent = z.number().min(0).max(100).nullable();
const Share = z.strictObject({ count, percent });
const byChannel = z.strictObject({ counter: count, online: count, postal: count });

export const FiguresView = z.strictObject({
  received: count,
  receivedByChannel: byChannel,
  cohort: z.strictObject(Object.fromEntries(COHORT_CLASSES.map((cls) => [cls, count]))).nullable().describe('Of the dossiers received in the period, where each stood at the end of asOf (null for groupings by procedure or field)'),
  published: z
    .strictObject({ earlyOrOnTime: Share, inProgressWithinDeadline: Share, overdue: Share, closedWithoutResult: Share })
    .nullable()
    .describe('The published form: shares of the dossiers received, in hundredths that add up to 100'),
  activity: z.record(z.string(), count).describe('What happened in the period (resolved by verdict, returned by method, supplements, postal, SMS…), whenever received'),
  satisfaction: z.strictObject({
    answers: count,
    levels: z.strictObject({ 'very-satisfied': count, satisfied: count, 'not-satisfied': count }),
    byChannel: z.record(z.string(), count),
    satisfiedPercent: percent,
  }),
  openAtAsOf: z.strictObject({ within: count, supplement: count, overdue: count }).describe("Every open dossier of the agency's subtree at the end of asOf, whenever received"),
  scoreCounters: z.record(z.string(), count),
});

export const SummaryView = z.strictObject({
  agency: z.strictObject({ code: z.string(), name: z.string() }),
  period: z.strictObject({ from: z.iso.date(), to: z.iso.date() }),
  asOf: z.iso.date(),
  totals: FiguresView,
  narrative: z.string().describe('The published line, vi-VN: "Tiếp nhận 22.547 hồ sơ; giải quyết trước hạn và đúng hạn 22.379 hồ sơ (99,26%); …"'),
  groupBy: z.enum(GROUPINGS).nullable(),
  groups: z.array(z.strictObject({ key: z.string(), label: z.string(), figures: FiguresView, narrative: z.string() })),
});

export const OverdueView = z.strictObject({
  agency: z.string(),
  at: z.iso.datetime({ offset: true }),
  count,
  dossiers: z.array(z.strictObject({ code: z.string(), procedureCode: z.string(), procedureName: z.string(), dueAt: z.iso.datetime({ offset: true }), daysLate: count })),
});

export const OverdueQuery = z.strictObject({ agency: z.string().min(1).max(64).optional() });

const scope = { agency: z.strictObject({ code: z.string(), name: z.string() }), period: z.strictObject({ from: z.iso.date(), to: z.iso.date() }), asOf: z.iso.date() };
const text = z.strictObject({ vi: z.string(), en: z.string() });

export const Index766View = z.looseObject({
  ...scope,
  groups: z.array(z.looseObject({ group: z.string(), label: text, maxPoints: z.number(), computable: z.boolean() })).describe('Each group: computable ones with points, formula and inputs; the others with what data they need (services/reporting/domain/index-766.ts)'),
  total: z.looseObject({ points: z.number().nullable(), computedMaxPoints: z.number() }),
});

const averages = z.looseObject({ dossiers: count }).describe('Average points per indicator and in total (services/reporting/domain/circular-01-averages.ts)');
export const Circular01View = z.union([
  z.strictObject({ ...scope, indicators: z.record(z.string(), text), averages, byAgency: z.array(z.strictObject({ code: z.string(), name: z.string(), averages })) }),
  z.strictObject({ dossierCode: z.string(), indicators: z.record(z.string(), text), score: z.looseObject({ total: z.number(), maxDecided: z.number() }).nullable() }),
]);
