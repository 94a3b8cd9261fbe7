import { describe, expect, it } from 'vitest';
import { PRODUCER_OF, type DomainEvent } from '../libs/events/catalog.ts';
import { localIsoDate } from '../services/reporting/domain/tally.ts';
import { agenciesOn, itemsReturned, yearOfDossiers } from './reporting-plan.ts';

const withoutIds = (lives: Iterable<DomainEvent[]>) => [...lives].map((events) => events.map(({ eventId: _id, ...rest }) => rest));

describe('yearOfDossiers', () => {
  const lives = [...yearOfDossiers(2025, 400, 7)];

  it('gives each dossier a life intake could have announced: received first, one sequence after another, in time order', () => {
    for (const events of lives) {
      expect(events[0]!.type).toBe('DossierReceived');
      const intake = events.filter((event) => PRODUCER_OF[event.type] === 'intake');
      expect(intake.map((event) => event.sequence)).toEqual(intake.map((_, i) => i + 1));
      const times = events.map((event) => event.occurredAt);
      expect(times).toEqual([...times].sort());
      expect(localIsoDate(events[0]!.occurredAt).startsWith('2025-')).toBe(true);
    }
  });

  it('receives each dossier at an agency of the tree in force that day', () => {
    for (const [first] of lives) {
      const day = localIsoDate(first!.occurredAt);
      const inForce = [...agenciesOn(day, 'commune'), ...agenciesOn(day, 'district'), ...agenciesOn(day, 'provincial-centre')];
      expect(inForce).toContain(first!.agencyCode);
    }
    const agencies = new Set(lives.map(([first]) => first!.agencyCode));
    // Every agency of the demo tree that receives dossiers in the year gets some.
    const receiving = [...new Set(lives.flatMap(([first]) => agenciesOn(localIsoDate(first!.occurredAt), 'commune')))];
    expect(receiving.every((code) => agencies.has(code))).toBe(true);
    expect(agencies.has('H38.1')).toBe(true);
  });

  it('has the cases a report has to count: refusals, supplements, extensions, late ones, returns, deliveries, answers', () => {
    const types = new Set(lives.flat().map((event) => event.type));
    for (const type of ['DossierRefused', 'DossierSupplementRequested', 'DossierSupplementReceived', 'DossierExtended', 'DossierOverdue', 'DossierResolved', 'DossierResultReturned', 'ShipmentDelivered', 'SurveyAnswered']) {
      expect(types).toContain(type);
    }
  });

  it('is the same dossiers for the same seed, whatever the count asked', () => {
    expect(withoutIds(yearOfDossiers(2025, 50, 7))).toEqual(withoutIds(lives.slice(0, 50)));
    expect(withoutIds(yearOfDossiers(2025, 50, 8))).not.toEqual(withoutIds(yearOfDossiers(2025, 50, 7)));
  });
});

describe('itemsReturned', () => {
  it('counts the items of a read answer, none for a write', () => {
    expect(itemsReturned('GetItem', JSON.stringify({ Item: { pk: { S: 'meta' } } }))).toBe(1);
    expect(itemsReturned('GetItem', '{}')).toBe(0);
    expect(itemsReturned('BatchGetItem', JSON.stringify({ Responses: { T: [{}, {}], U: [{}] }, UnprocessedKeys: {} }))).toBe(3);
    expect(itemsReturned('Query', JSON.stringify({ Items: [{}, {}], Count: 2, ScannedCount: 2 }))).toBe(2);
    expect(itemsReturned('TransactWriteItems', '{}')).toBe(0);
  });
});
