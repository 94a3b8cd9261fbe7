import * as z from 'zod';
import { DomainError } from '../../../../libs/platform/errors.ts';
import type { Dossier, Status } from '../dossier.ts';
import * as accept from './accept.ts';
import * as confirmPayment from './confirm-payment.ts';
import * as deliverByPost from './deliver-by-post.ts';
import * as dueSoon from './due-soon.ts';
import * as expireSupplement from './expire-supplement.ts';
import * as extend from './extend.ts';
import * as overdue from './overdue.ts';
import * as receiveSupplement from './receive-supplement.ts';
import * as redirectToCounter from './redirect-to-counter.ts';
import * as refuse from './refuse.ts';
import * as requestPayment from './request-payment.ts';
import * as requestSupplement from './request-supplement.ts';
import * as resolve from './resolve.ts';
import * as returnResult from './return-result.ts';
import * as startProcessing from './start-processing.ts';
import * as transfer from './transfer.ts';
import * as withdraw from './withdraw.ts';
import type { Decision, Performer, SystemContext } from './shared.ts';
import type { WatchContext } from './due-soon.ts';

/**
 * Intake's rules, one module per action (after OpenCRVS's events): each exports its input
 * schema, the statuses it is allowed from, who performs it, and a pure `decide`. Everything
 * else — the officers' wire format, the transition table, what an officer may do next, the
 * one `decide` entry point — is derived here from those modules.
 */

export { DEFAULT_MARGINS, type WarningMargins, type WatchContext } from './due-soon.ts';
export { decide as receive } from './receive.ts';
export type { Decision, OfficerContext, SystemContext } from './shared.ts';

/** What every action module exports. */
interface ActionModule {
  readonly input: z.ZodType<{ type: string }>;
  readonly allowedFrom: readonly Status[];
  readonly performedBy: Performer;
  readonly decide: (dossier: Dossier, input: never, context: never) => Decision;
}

/** Every action on an existing dossier, keyed by its `type` on the wire (receiving one is `receive`). */
export const ACTIONS = {
  accept,
  startProcessing,
  requestSupplement,
  receiveSupplement,
  requestPayment,
  confirmPayment,
  transfer,
  extend,
  resolve,
  returnResult,
  refuse,
  withdraw,
  dueSoon,
  overdue,
  expireSupplement,
  deliverByPost,
  redirectToCounter,
} satisfies Record<string, ActionModule>;

type Registry = typeof ACTIONS;
export type ActionType = keyof Registry;
export type ActionInput = { [T in ActionType]: z.infer<Registry[T]['input']> }[ActionType];
type ContextOf<T extends ActionType> = Parameters<Registry[T]['decide']>[2];
export type OfficerActionType = { [T in ActionType]: Registry[T]['performedBy'] extends { kind: 'officer' } ? T : never }[ActionType];

const ACTION_TYPES = Object.keys(ACTIONS) as ActionType[];
/** The actions an officer may ask for on `POST /dossiers/{code}/actions`. */
export const OFFICER_ACTION_TYPES = ACTION_TYPES.filter((type) => ACTIONS[type].performedBy.kind === 'officer') as OfficerActionType[];

/** What an officer (or the citizen, through one) may ask on `POST /dossiers/{code}/actions`: `{type, ...fields}`. */
type OfficerInput = Registry[OfficerActionType]['input'];
export const OfficerAction = z.discriminatedUnion(
  'type',
  OFFICER_ACTION_TYPES.map((type) => ACTIONS[type].input) as unknown as [OfficerInput, ...OfficerInput[]],
);
export type OfficerAction = z.infer<typeof OfficerAction>;

/** The transition table: from which statuses each action may be taken. */
export const ALLOWED_FROM = Object.fromEntries(ACTION_TYPES.map((type) => [type, ACTIONS[type].allowedFrom])) as Record<ActionType, readonly Status[]>;

/** What the performer may do to a dossier in this status. */
function allowedFor(performer: Performer, status: Status): ActionType[] {
  const same = (other: Performer) => other.kind === performer.kind && (other.kind === 'officer' || (performer.kind === 'system' && other.id === performer.id));
  return ACTION_TYPES.filter((type) => same(ACTIONS[type].performedBy) && ALLOWED_FROM[type].includes(status));
}

/** What an officer may do next to a dossier in this status (the officer's view lists them). */
export function allowedActions(status: Status): OfficerActionType[] {
  return OFFICER_ACTION_TYPES.filter((type) => ALLOWED_FROM[type].includes(status));
}

/**
 * Decides what an action does to a dossier: the next state and the event that announces
 * it, or a DomainError naming why not. Pure: time, calendars and catalog come in.
 */
export function decide<I extends ActionInput>(dossier: Dossier, input: I, context: ContextOf<I['type']>): Decision {
  const action: ActionModule = ACTIONS[input.type];
  if (!action.allowedFrom.includes(dossier.status)) {
    throw new DomainError(
      'ACTION_NOT_ALLOWED',
      `Không thể thực hiện "${input.type}" khi hồ sơ ở trạng thái "${dossier.status}"`,
      `"${input.type}" is not allowed while the dossier is "${dossier.status}"`,
      { status: dossier.status, allowedActions: allowedFor(action.performedBy, dossier.status) },
    );
  }
  return (action.decide as (dossier: Dossier, input: I, context: ContextOf<I['type']>) => Decision)(dossier, input, context);
}

/** The warning the deadline watch owes an open dossier now, if any: overdue first, since it silences "due soon". */
export function owedWarning(dossier: Dossier, context: WatchContext): z.infer<typeof overdue.input> | z.infer<typeof dueSoon.input> | null {
  return overdue.owed(dossier, context) ?? dueSoon.owed(dossier, context);
}

/** Whether the deadline watch must close a dossier whose supplement never came. */
export function owedClosing(dossier: Dossier, context: SystemContext): z.infer<typeof expireSupplement.input> | null {
  return expireSupplement.owed(dossier, context);
}

/** What the deadline watch may do. */
export type WatchAction = NonNullable<ReturnType<typeof owedWarning> | ReturnType<typeof owedClosing>>;
