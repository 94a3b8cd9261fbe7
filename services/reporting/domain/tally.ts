import type { DomainEvent } from '../../../libs/events/catalog.ts';
import { PRODUCER_OF } from '../../../libs/events/catalog.ts';
import type { DossierStatus, IntakeEvent } from '../../../libs/events/intake.ts';
import type { SatisfactionLevel, SurveyCriteria } from '../../../libs/events/survey.ts';
import { isoDateOf, localDateOf } from '../../../libs/calendar/working-days.ts';
import type { Verdict } from '../../../libs/calendar/verdicts.ts';
import { rollUpTargets, type AgencyTree } from './agency-tree.ts';
import { dossierScoreCounters } from './dossier-score.ts';

/**
 * Reporting's view of one dossier, and what each event changes in the counters.
 *
 * Counters are kept per agency × day × procedure × channel and only ever added to, so a report
 * reads a few items per period whatever the number of dossiers. Each event gives counts to add:
 *
 * - flows, on the local day the event happened (`received`, `resolved.early`, `answered.satisfied.sms`…);
 * - the dossier's class in its cohort (the dossiers received on one day): −1 on the old class,
 *   +1 on the new, on the day of the change. The published form ("of the dossiers received in
 *   the period: resolved early or on time, in progress within deadline, overdue") as of any
 *   day is the sum of these over the change days up to it;
 * - the standing of open dossiers (within deadline, waiting for a supplement, overdue): the
 *   same −1/+1 on the day of the change, so the standing at the end of any day is a sum too.
 *
 * Intake's events of one dossier are applied in `sequence` order (each version of a dossier has
 * exactly one event): an event that comes early is parked in the tally and applied when the one
 * before it arrives; one already applied changes nothing. Postal's and survey's events are
 * counted once by `eventId`, and parked until the dossier's receipt is known (they are counted
 * under its agencies, procedure and channel). All of this is pure: the live consumer and the
 * rebuild fold the same events through the same function.
 */

export type CohortClass =
  | 'open-within'
  | 'open-supplement'
  | 'open-overdue'
  | 'resolved-early'
  | 'resolved-on-time'
  | 'resolved-late'
  | 'refused'
  | 'withdrawn'
  | 'stopped';
export const COHORT_CLASSES: readonly CohortClass[] = [
  'open-within',
  'open-supplement',
  'open-overdue',
  'resolved-early',
  'resolved-on-time',
  'resolved-late',
  'refused',
  'withdrawn',
  'stopped',
];
export const OPEN_CLASSES: readonly CohortClass[] = ['open-within', 'open-supplement', 'open-overdue'];

export type Channel = 'counter' | 'online' | 'postal';

/** What reporting keeps of a dossier's receipt: where it counts, for good. */
export interface Receipt {
  readonly agencyCode: string;
  readonly procedureCode: string;
  readonly channel: Channel;
  readonly receivedOn: string;
  /** The agencies it counts under, receiver first, by the tree in force the day it was received. */
  readonly targets: readonly string[];
  readonly onlineLevel: 'toan-trinh' | 'mot-phan';
}

export interface DossierTally {
  readonly code: string;
  readonly receipt: Receipt | null;
  /** The last of intake's sequence numbers applied (0: none yet). */
  readonly seq: number;
  readonly status: DossierStatus | null;
  readonly dueAt: string | null;
  /** The appointment the deadline watch announced as passed, if any. */
  readonly overdueFor: string | null;
  readonly verdict: Verdict | null;
  /** How it ended without a result: refused (status not-accepted or stopped), withdrawn, or closed for want of a supplement. */
  readonly closed: 'refused' | 'withdrawn' | 'stopped' | null;
  readonly supplements: number;
  /** Each inter-agency leg: where it went and, once closed, how it was judged. */
  readonly legs: readonly { readonly toAgency: string; readonly verdict: Verdict | null | undefined }[];
  readonly survey: { readonly level: SatisfactionLevel; readonly channel: string; readonly criteria?: SurveyCriteria } | null;
  /** Postal and survey events counted already. */
  readonly applied: readonly string[];
  /** Events that came before the ones they follow, waiting. */
  readonly parked: readonly DomainEvent[];
}

/** One count to add: `attr` on the bucket of local day `day`. */
export interface Count {
  readonly day: string;
  readonly attr: string;
  readonly n: number;
}

/** An entry of the list of overdue dossiers, per agency. */
export interface OverdueEntry {
  readonly code: string;
  readonly procedureCode: string;
  readonly dueAt: string;
}

export interface Applied {
  readonly tally: DossierTally;
  readonly counts: readonly Count[];
  /** The agencies the counts go to (the dossier's targets). */
  readonly targets: readonly string[];
  readonly overdue: { readonly add?: OverdueEntry; readonly remove?: string } | null;
}

/** What the tally adds per dossier for Circular 01 scores (domain/dossier-score.ts). */
export type ScoreCounters = (tally: DossierTally) => Record<string, number>;

export function emptyTally(code: string): DossierTally {
  return { code, receipt: null, seq: 0, status: null, dueAt: null, overdueFor: null, verdict: null, closed: null, supplements: 0, legs: [], survey: null, applied: [], parked: [] };
}

/** The local date (`YYYY-MM-DD`, Vietnam) of an instant. */
export const localIsoDate = (instant: string): string => isoDateOf(localDateOf(new Date(instant)));

/** The class of a dossier in its cohort, or null before its receipt is known. */
export function classOf(tally: DossierTally): CohortClass | null {
  if (!tally.receipt || !tally.status) return null;
  if (tally.closed) return tally.closed;
  switch (tally.status) {
    case 'resolved':
    case 'returned':
      return `resolved-${tally.verdict ?? 'on-time'}`;
    case 'not-accepted':
      return 'refused';
    case 'withdrawn':
      return 'withdrawn';
    case 'stopped':
      return 'stopped';
    case 'supplement-requested':
      return 'open-supplement';
    default:
      return tally.overdueFor !== null && tally.overdueFor === tally.dueAt ? 'open-overdue' : 'open-within';
  }
}

const isIntake = (event: DomainEvent): event is IntakeEvent => PRODUCER_OF[event.type] === 'intake';

/**
 * Applies one event to a dossier's tally: the new tally, the counts to add, and the change to the
 * overdue lists. A duplicate gives no counts; an event that came early is parked (no counts) and
 * applied, with whatever it unblocks, when its predecessor arrives.
 */
export function applyEvent(tally: DossierTally, event: DomainEvent, tree: AgencyTree, scores: ScoreCounters = dossierScoreCounters): Applied {
  if (seen(tally, event)) return { tally, counts: [], targets: tally.receipt?.targets ?? [], overdue: null };
  let current: DossierTally = { ...tally, parked: [...tally.parked, event] };
  const counts: Count[] = [];
  let overdue: Applied['overdue'] = null;
  for (let next = readyIn(current); next; next = readyIn(current)) {
    const step = applyReady({ ...current, parked: current.parked.filter((e) => e !== next) }, next, tree, scores);
    current = step.tally;
    counts.push(...step.counts);
    overdue = mergeOverdue(overdue, step.overdue);
  }
  return { tally: current, counts: compact(counts), targets: current.receipt?.targets ?? [], overdue };
}

function seen(tally: DossierTally, event: DomainEvent): boolean {
  if (tally.parked.some((e) => e.eventId === event.eventId)) return true;
  if (isIntake(event)) return event.sequence <= tally.seq || tally.parked.some((e) => isIntake(e) && e.sequence === event.sequence);
  return tally.applied.includes(event.eventId);
}

/** The parked event that can be applied now: intake's next in sequence, or another once received. */
function readyIn(tally: DossierTally): DomainEvent | undefined {
  return tally.parked.find((e) => (isIntake(e) ? e.sequence === tally.seq + 1 : tally.receipt !== null));
}

function mergeOverdue(a: Applied['overdue'], b: Applied['overdue']): Applied['overdue'] {
  if (!b) return a;
  if (!a) return b;
  // Within one batch a dossier may go overdue and be resolved: the net is what counts.
  if (a.add && b.remove) return null;
  return b;
}

function compact(counts: readonly Count[]): Count[] {
  const sums = new Map<string, Count>();
  for (const count of counts) {
    const key = `${count.day}\u0000${count.attr}`;
    const n = (sums.get(key)?.n ?? 0) + count.n;
    sums.set(key, { ...count, n });
  }
  return [...sums.values()].filter((count) => count.n !== 0);
}

function applyReady(before: DossierTally, event: DomainEvent, tree: AgencyTree, scores: ScoreCounters): Omit<Applied, 'targets'> {
  const after = isIntake(event) ? nextOfIntake(before, event, tree) : nextOfOther(before, event);
  const receipt = after.receipt!;
  const day = localIsoDate(isIntake(event) && event.type === 'DossierReceived' ? event.data.receivedAt : event.occurredAt);
  const dims = `|${receipt.procedureCode}|${receipt.channel}`;
  const counts: Count[] = flowsOf(before, event).map((metric) => ({ day, attr: metric + dims, n: 1 }));

  const [was, is] = [classOf(before), classOf(after)];
  if (was !== is) {
    const cohort = (cls: CohortClass, n: number) => ({ day, attr: `x|${receipt.receivedOn}|${cls}|${receipt.channel}`, n });
    const stock = (cls: CohortClass, n: number) => ({ day, attr: `s|${cls}${dims}`, n });
    if (was) counts.push(cohort(was, -1));
    if (is) counts.push(cohort(is, +1));
    if (was && OPEN_CLASSES.includes(was)) counts.push(stock(was, -1));
    if (is && OPEN_CLASSES.includes(is)) counts.push(stock(is, +1));
  }
  // Scores count under the day the dossier was received, so they add up in any order.
  const [scoreBefore, scoreAfter] = [before.receipt ? scores(before) : {}, scores(after)];
  for (const key of new Set([...Object.keys(scoreBefore), ...Object.keys(scoreAfter)])) {
    const n = (scoreAfter[key] ?? 0) - (scoreBefore[key] ?? 0);
    if (n !== 0) counts.push({ day: receipt.receivedOn, attr: key + dims, n });
  }
  const overdue =
    was !== 'open-overdue' && is === 'open-overdue'
      ? { add: { code: after.code, procedureCode: receipt.procedureCode, dueAt: after.dueAt! } }
      : was === 'open-overdue' && is !== 'open-overdue'
        ? { remove: after.code }
        : null;
  return { tally: after, counts, overdue };
}

function nextOfIntake(tally: DossierTally, event: IntakeEvent, tree: AgencyTree): DossierTally {
  const next = { ...tally, seq: event.sequence, status: event.data.status, dueAt: event.data.dueAt };
  switch (event.type) {
    case 'DossierReceived': {
      const receivedOn = localIsoDate(event.data.receivedAt);
      return { ...next, receipt: receiptOf(event, receivedOn, tree) };
    }
    case 'DossierSupplementRequested':
      return { ...next, supplements: tally.supplements + 1 };
    case 'DossierOverdue':
      return { ...next, overdueFor: event.data.dueAt };
    case 'DossierTransferred':
      return { ...next, legs: [...closeLeg(tally.legs, event.data.closedLeg), { toAgency: event.data.toAgency, verdict: undefined }] };
    case 'DossierResolved':
      return { ...next, verdict: event.data.verdict, legs: closeLeg(tally.legs, event.data.closedLeg) };
    case 'DossierRefused':
      return { ...next, closed: 'refused', legs: closeLeg(tally.legs, event.data.closedLeg) };
    case 'DossierWithdrawn':
      return { ...next, closed: 'withdrawn', legs: closeLeg(tally.legs, event.data.closedLeg) };
    case 'DossierSupplementExpired':
      return { ...next, closed: 'stopped', legs: closeLeg(tally.legs, event.data.closedLeg) };
    default:
      return next;
  }
}

function receiptOf(event: Extract<IntakeEvent, { type: 'DossierReceived' }>, receivedOn: string, tree: AgencyTree): Receipt {
  const [year, month, day] = receivedOn.split('-').map(Number);
  const targets = rollUpTargets(tree, event.agencyCode, { year: year!, month: month!, day: day! }).map((agency) => agency.code);
  return { agencyCode: event.agencyCode, procedureCode: event.procedureCode, channel: event.data.channel, receivedOn, targets, onlineLevel: event.data.onlineLevel };
}

function closeLeg(legs: DossierTally['legs'], closed: { leg: number; verdict: Verdict | null } | undefined): DossierTally['legs'] {
  if (!closed) return legs;
  return legs.map((leg, index) => (index + 1 === closed.leg ? { ...leg, verdict: closed.verdict } : leg));
}

function nextOfOther(tally: DossierTally, event: DomainEvent): DossierTally {
  const applied = [...tally.applied, event.eventId];
  if (event.type === 'SurveyAnswered' && !tally.survey) {
    const { level, channel, criteria } = event.data;
    return { ...tally, applied, survey: criteria ? { level, channel, criteria } : { level, channel } };
  }
  return { ...tally, applied };
}

/** The flow counters an event adds one to (before: the tally it applies to). */
function flowsOf(before: DossierTally, event: DomainEvent): string[] {
  switch (event.type) {
    case 'DossierReceived':
      // Decision 766 counts dossiers received online under a fully online service apart.
      return event.data.channel === 'online' && event.data.onlineLevel === 'toan-trinh' ? ['received', 'received.online-full'] : ['received'];
    case 'DossierSupplementRequested':
      // A second request is where lateness hides behind pauses: counted on its own.
      return before.supplements === 1 ? ['supplement.requested', 'supplement.repeated'] : ['supplement.requested'];
    case 'DossierSupplementReceived':
      return ['supplement.received'];
    case 'DossierExtended':
      return ['extended'];
    case 'DossierOverdue':
      return ['overdue'];
    case 'DossierTransferred':
      return ['transferred'];
    case 'DossierResolved':
      return [`resolved.${event.data.verdict}`];
    case 'DossierResultReturned':
      return [`returned.${event.data.method}`];
    case 'DossierResultRedirected':
      return ['redirected'];
    case 'DossierRefused':
      return ['refused'];
    case 'DossierWithdrawn':
      return ['withdrawn'];
    case 'DossierSupplementExpired':
      return ['stopped'];
    case 'ShipmentCreated':
      return [`postal.created.${event.data.direction}`];
    case 'ShipmentDelivered':
      return ['postal.delivered'];
    case 'ShipmentDeliveryFailed':
      return ['postal.failed'];
    case 'ShipmentStuck':
      return ['postal.stuck'];
    case 'InboundDossierDelivered':
      return ['postal.inbound'];
    case 'SurveyAnswered':
      // Only the first answer counts (the survey service sends one; an import may add another).
      return before.survey ? [] : [`answered.${event.data.level}.${event.data.channel}`];
    case 'SurveyReplyUnparsed':
      return ['survey.unparsed'];
    case 'SurveyOptedOut':
      return ['survey.opted-out'];
    case 'SmsSent':
      return ['sms.sent'];
    case 'SmsDeliveryFailed':
      return ['sms.failed'];
    default:
      return [];
  }
}
