import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../../../libs/events/catalog.ts';
import { parseDomainEvent } from '../../../libs/events/catalog.ts';
import { DOSSIER_STATUS_CODES, type DossierStatus } from '../../../libs/events/intake.ts';
import tree from '../data/agency-tree.json' with { type: 'json' };
import { agencyTreeOf } from './agency-tree.ts';
import { countersKey, emptyFold, foldEvent, type Folded } from './items.ts';
import type { CounterSource } from './summary.ts';

/** For tests: the demo tree, and a dossier's life as valid bus events (checked by the catalog). */
export const demoTree = agencyTreeOf(tree);

/** `YYYY-MM-DDTHH:mm` Vietnam time → ISO instant. */
export const vn = (local: string): string => new Date(`${local}:00+07:00`).toISOString();

interface DossierSpec {
  code: string;
  agency?: string;
  procedure?: string;
  channel?: 'counter' | 'online' | 'postal';
  receivedAt: string;
  dueAt: string;
}

/** Builds one dossier's events in order, each with the next sequence. */
export function lifeOf(spec: DossierSpec) {
  const events: DomainEvent[] = [];
  let sequence = 0;
  let dueAt: string | null = spec.dueAt;
  const base = (type: string, at: string, status: DossierStatus, data: object, producer: 'intake' | 'other' = 'intake') =>
    parseDomainEvent({
      eventId: randomUUID(),
      type,
      version: 1,
      occurredAt: at,
      sequence: producer === 'intake' ? ++sequence : 1,
      dossierCode: spec.code,
      agencyCode: spec.agency ?? 'H38.22.1',
      procedureCode: spec.procedure ?? '1.001193',
      actor: { kind: 'system', id: 'test' },
      data: producer === 'intake' ? { status, statusCode: DOSSIER_STATUS_CODES[status], dueAt, ...data } : data,
    });
  const builder = {
    events,
    received() {
      events.push(base('DossierReceived', spec.receivedAt, 'accepted', { channel: spec.channel ?? 'counter', receivedAt: spec.receivedAt, resultDelivery: 'counter', procedureLevel: 'commune', onlineLevel: 'toan-trinh' }));
      return builder;
    },
    supplementRequested(at: string) {
      events.push(base('DossierSupplementRequested', at, 'supplement-requested', { missing: ['GCS'], clock: 'pause' }));
      return builder;
    },
    supplementReceived(at: string, newDueAt: string) {
      dueAt = newDueAt;
      events.push(base('DossierSupplementReceived', at, 'in-progress', {}));
      return builder;
    },
    overdue(at: string) {
      events.push(base('DossierOverdue', at, 'in-progress', {}));
      return builder;
    },
    extended(at: string, newDueAt: string) {
      const previousDueAt = dueAt!;
      dueAt = newDueAt;
      events.push(base('DossierExtended', at, 'in-progress', { previousDueAt, reason: 'xin lỗi' }));
      return builder;
    },
    resolved(at: string, verdict: 'early' | 'on-time' | 'late') {
      events.push(base('DossierResolved', at, 'resolved', { resolvedAt: at, verdict }));
      return builder;
    },
    returned(at: string, method: 'counter' | 'postal' | 'online' = 'counter') {
      events.push(base('DossierResultReturned', at, 'returned', { method }));
      return builder;
    },
    refused(at: string) {
      events.push(base('DossierRefused', at, 'stopped', { reason: 'không đủ điều kiện' }));
      return builder;
    },
    answered(at: string, level: 'very-satisfied' | 'satisfied' | 'not-satisfied', channel: 'sms' | 'web' = 'sms') {
      events.push(base('SurveyAnswered', at, 'returned', { level, channel }, 'other'));
      return builder;
    },
    delivered(at: string) {
      events.push(base('ShipmentDelivered', at, 'returned', { shipmentId: `SHP-${spec.code}-R`, partner: 'demo-webhook' }, 'other'));
      return builder;
    },
  };
  return builder;
}

/** Folds events in memory and reads them back as the reporting table would. */
export function foldedSource(events: readonly DomainEvent[], generation = 1): { folded: Folded; source: CounterSource } {
  const folded = emptyFold();
  for (const event of events) foldEvent(folded, generation, event, demoTree);
  const source: CounterSource = async (agency, buckets) =>
    buckets.flatMap((sk) => {
      const item = folded.counters.get(`${countersKey(generation, agency)}\u0000${sk}`);
      return item ? [{ pk: item.pk, sk, ...Object.fromEntries(item.attrs) }] : [];
    });
  return { folded, source };
}
