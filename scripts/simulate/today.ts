import type { Procedure } from '../../services/intake/domain/catalog.ts';
import type { HistoryCatalog } from './history.ts';
import { proceduresReceivedAt } from './history.ts';
import { pick, weighted, type Random } from './random.ts';

/**
 * Today's traffic, planned: which dossiers the counters receive and what the officers do with
 * them. Pure (a plan from the seed); `scripts/simulate/drive.ts` plays it through the public APIs.
 */

export type Fate = 'left-open' | 'supplement-waiting' | 'supplement-then-returned' | 'refused' | 'withdrawn' | 'resolved' | 'returned';

export interface PlannedDossier {
  readonly index: number;
  readonly agency: string;
  readonly body: Record<string, unknown>;
  readonly fate: Fate;
  /** The survey reply the citizen texts back, if any: "1" very satisfied, "2" satisfied, "3" not satisfied. */
  readonly reply: '1' | '2' | '3' | null;
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô'];
const GIVEN = ['Văn An', 'Thị Bình', 'Minh Châu', 'Quốc Dũng', 'Thị Hoa', 'Đức Huy', 'Thu Lan', 'Văn Nam', 'Ngọc Mai', 'Thanh Tùng'];
const FATES: readonly (readonly [Fate, number])[] = [
  ['left-open', 0.15],
  ['supplement-waiting', 0.06],
  ['supplement-then-returned', 0.06],
  ['refused', 0.05],
  ['withdrawn', 0.03],
  ['resolved', 0.1],
  ['returned', 0.55],
];

/** The digits of a made-up number, unique per seed and dossier (never a real person's on purpose). */
const digits = (seed: number, index: number, width: number) => String((seed * 7919 + index * 104_729) % 10 ** width).padStart(width, '0');

export function planToday(catalog: HistoryCatalog, receivers: readonly string[], count: number, seed: number, random: Random): PlannedDossier[] {
  const levelOf = new Map(catalog.agencies.map((agency) => [agency.code, agency.level]));
  const addressOf = new Map(catalog.agencies.map((agency) => [agency.code, (agency as { address?: { commune: string; province: string } }).address]));
  return Array.from({ length: count }, (_, index) => {
    const agency = pick(random, receivers);
    const procedure: Procedure = pick(random, proceduresReceivedAt(catalog, levelOf.get(agency)!));
    const address = addressOf.get(agency) ?? { commune: 'Phường Hòa Bình', province: 'Tỉnh Hòa Lâm' };
    const postal = { line: `Số ${1 + (index % 90)} đường Lê Lợi`, commune: address.commune, province: address.province };
    let channel = weighted(random, [['online', 0.6], ['counter', 0.35], ['postal', 0.05]] as const);
    if (channel === 'postal' && !procedure.postalAllowed) channel = 'counter';
    const byPost = procedure.postalAllowed && random() < 0.25;
    const fate = weighted(random, FATES);
    const body = {
      procedureCode: procedure.code,
      agencyCode: agency,
      channel,
      applicant: { fullName: `${pick(random, FAMILY)} ${pick(random, GIVEN)}`, idNumber: `0382${digits(seed, index, 8)}`, phone: `098${digits(seed, index, 7)}` },
      documents: procedure.components.filter((component) => component.required).map((component) => ({ code: component.code })),
      resultDelivery: byPost ? { method: 'postal', address: postal } : { method: 'counter' },
      ...(channel === 'postal' ? { pickupAddress: postal } : {}),
    };
    const answers = fate === 'returned' || fate === 'supplement-then-returned';
    const reply = answers && random() < 0.7 ? weighted(random, [['1', 0.55], ['2', 0.38], ['3', 0.07]] as const) : null;
    return { index, agency, body, fate, reply };
  });
}
