import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deadlineClock } from '../../../libs/calendar/deadlines.ts';
import { vietnamCalendar } from '../../../libs/calendar/holiday-data.ts';
import { verdictOf } from '../../../libs/calendar/verdicts.ts';
import { localDateOf } from '../../../libs/calendar/working-days.ts';
import { DomainError } from '../../../libs/platform/errors.ts';
import { httpStatusOf } from '../../../libs/platform/http.ts';
import agencies from '../data/agencies.json' with { type: 'json' };
import { decide, OfficerAction, receive } from './actions/index.ts';
import { Agency, Procedure } from './catalog.ts';
import { Submission, type Dossier } from './dossier.ts';

/**
 * The clock rules through the whole dossier, on Vietnam's real calendar: whatever the
 * receipt, apology, hand-off and supplement, stopping the clock never brings any deadline
 * earlier, and a supplement is never a way to turn a late dossier into an on-time one.
 */
const clock = deadlineClock(vietnamCalendar);
const WARD = Agency.parse((agencies as unknown[]).find((raw) => (raw as { code: string }).code === 'H38.22.1'));
const base = {
  code: '9.000002',
  name: 'Thủ tục thử nghiệm',
  nameEn: 'Test procedure',
  field: 'bao-tro-xa-hoi',
  level: 'commune',
  components: [{ code: 'TK01', name: 'Tờ khai theo mẫu', required: true, form: 'original', copies: 1 }],
  fees: [],
  onlineLevel: 'mot-phan',
  postalAllowed: true,
  legalBasis: 'Nghị định 118/2025/NĐ-CP',
};

const HOUR = 3_600_000;
const procedureArb = fc.record({
  timeLimit: fc.oneof(
    fc.record({ unit: fc.constant('workingDays' as const), value: fc.integer({ min: 1, max: 20 }) }),
    fc.record({ unit: fc.constant('workingHours' as const), value: fc.integer({ min: 4, max: 40 }) }),
  ),
  cutoffTime: fc.constantFrom(null, '15:00'),
  supplement: fc.record({ clock: fc.constantFrom('pause' as const, 'restart' as const), closeAfterWorkingDays: fc.constant(15) }),
});
// Receipts 2019–2029 (announced and computed years), then gaps of up to a few weeks.
const receiptArb = fc.integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2029, 11, 1) }).map((ms) => new Date(ms - (ms % 60_000)));
const gapArb = fc.integer({ min: 0, max: 21 * 24 }).map((hours) => hours * HOUR);

function received(procedure: Procedure, at: Date): Dossier {
  const submission = Submission.parse({
    procedureCode: procedure.code,
    agencyCode: WARD.code,
    channel: 'counter',
    applicant: { fullName: 'Nguyễn Văn An', idNumber: '001099012345', phone: '0912345678' },
    documents: [{ code: 'TK01' }],
    resultDelivery: { method: 'counter' },
  });
  return receive({ submission, documents: [{ code: 'TK01', name: 'Tờ khai theo mẫu', copies: 1 }], procedure, agency: WARD, code: 'H38.22.1-250714-0001', now: at, clock }).dossier;
}

/** The decision, or null when the rules refuse the action at that moment (a 4xx, never a crash). */
function tryDecide(dossier: Dossier, action: OfficerAction, now: Date, procedure: Procedure): Dossier | null {
  try {
    return decide(dossier, action, { now, clock, receivingClock: clock, procedure, agencyExists: () => true }).dossier;
  } catch (error) {
    if (error instanceof DomainError && httpStatusOf(error) < 500) return null;
    throw error;
  }
}

const time = (iso: string | null | undefined) => (iso ? new Date(iso).getTime() : Number.NaN);

describe('stopping the clock, over random dossiers on the real calendar', () => {
  it('never brings the appointment, the statutory appointment or an open leg earlier', () => {
    fc.assert(
      fc.property(procedureArb, receiptArb, fc.boolean(), fc.boolean(), gapArb, gapArb, gapArb, (rules, receivedAt, apologise, transfer, g1, g2, g3) => {
        const procedure = Procedure.parse({ ...base, ...rules });
        let dossier = received(procedure, receivedAt);
        let now = new Date(receivedAt.getTime() + HOUR);
        dossier = tryDecide(dossier, { type: 'startProcessing' }, now, procedure)!;
        if (transfer) dossier = tryDecide(dossier, { type: 'transfer', toAgency: 'H38.22', allottedWorkingDays: 3 }, now, procedure) ?? dossier;
        if (apologise && dossier.dueAt) {
          const later = clock.dueAt(new Date(dossier.dueAt), { unit: 'workingDays', value: 5 }).toISOString();
          dossier = tryDecide(dossier, { type: 'extend', reason: 'Cần xác minh thêm', newDueAt: later }, now, procedure) ?? dossier;
        }
        now = new Date(now.getTime() + g1);
        const waiting = tryDecide(dossier, { type: 'requestSupplement', missing: ['Bản sao giấy khai sinh'] }, now, procedure);
        if (!waiting) return; // refused: already overdue (or closed), which the example tests cover
        const back = new Date(now.getTime() + g2);
        const resumed = tryDecide(waiting, { type: 'receiveSupplement' }, back, procedure);
        if (!resumed) return; // brought after the closing period
        expect(time(resumed.dueAt)).toBeGreaterThanOrEqual(time(dossier.dueAt));
        if (dossier.originalDueAt) expect(time(resumed.originalDueAt)).toBeGreaterThanOrEqual(time(dossier.originalDueAt));
        const leg = dossier.transfers.find((candidate) => candidate.closedAt === null);
        if (leg) expect(time(resumed.transfers.find((candidate) => candidate.leg === leg.leg)!.dueAt)).toBeGreaterThanOrEqual(time(leg.dueAt));
        // Every deadline is still an instant of a working day.
        for (const due of [resumed.dueAt, resumed.originalDueAt, ...resumed.transfers.map((l) => l.dueAt)]) {
          if (due) expect(clock.isWorkingDay(localDateOf(new Date(due))), due).toBe(true);
        }
        // Resolving is judged against deadlines that never moved earlier…
        const resolvedAt = new Date(back.getTime() + g3);
        const resolved = tryDecide(resumed, { type: 'resolve' }, resolvedAt, procedure);
        const statutoryBefore = time(dossier.originalDueAt ?? dossier.dueAt);
        if (resolved && statutoryBefore >= resolvedAt.getTime()) expect(resolved.verdict).not.toBe('late');
        // …and a dossier already late by law when its clock stopped is never judged timely.
        if (resolved && verdictOf(now, new Date(statutoryBefore), rules.timeLimit.unit) === 'late') {
          expect(resolved.verdict).toBe('late');
        }
      }),
      { numRuns: 400 },
    );
  });
});
