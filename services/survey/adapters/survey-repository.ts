import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ConcurrentChange, lostRace } from '../../../libs/platform/concurrency.ts';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isoDateOf, localDateOf } from '../../../libs/calendar/working-days.ts';
import { outboxItem } from '../../../libs/events/outbox.ts';
import { SURVEY_EVENTS, type SurveyEvent, type SurveyEventType } from '../../../libs/events/survey.ts';
import { isFinal, type OutgoingMessage } from '../domain/message.ts';
import type { Survey } from '../domain/survey.ts';
import type { LinkedSurvey } from '../domain/web-survey.ts';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** Sent surveys by the number's hash and when they went: a reply finds the sender's latest. */
export const PHONE_INDEX = 'byPhone';
/** Messages waiting to be sent, by when they may go (sparse): the sender reads only these. */
export const DUE_INDEX = 'byDue';
/** Messages handed to a gateway without a final report, by when (sparse): the timeout job reads only these. */
export const PENDING_INDEX = 'byPending';
/** A dossier's messages, for the officers' view. */
export const DOSSIER_INDEX = 'byDossier';

export interface SurveyTables {
  readonly surveys: string;
  readonly outbox?: string;
}

const surveyKey = (dossierCode: string) => ({ pk: `survey#${dossierCode}` });
const messageKey = (messageId: string) => ({ pk: `message#${messageId}` });
const contactKey = (dossierCode: string) => ({ pk: `contact#${dossierCode}` });
const optOutKey = (phoneHash: string) => ({ pk: `optout#${phoneHash}` });
const capKey = (phoneHash: string, day: string) => ({ pk: `cap#${phoneHash}#${day}` });
const providerKey = (gateway: string, providerMessageId: string) => ({ pk: `provider#${gateway}#${providerMessageId}` });
const inboundKey = (gateway: string, providerMessageId: string) => ({ pk: `inbound#${gateway}#${providerMessageId}` });
const linkKey = (surveyId: string) => ({ pk: `link#${surveyId}` });

/** An event a change owes, before its envelope. */
export type Owed = { [T in SurveyEventType]: { readonly type: T; readonly occurredAt: string; readonly data: Extract<SurveyEvent, { type: T }>['data'] } }[SurveyEventType];

/**
 * Survey's table and outbox. Numbers live only in `contact#` items, which DynamoDB deletes when
 * their retention ends (TTL `expiresAt`); everything else keeps the number's keyed hash.
 */
export class SurveyRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tables: SurveyTables;

  constructor(client: DynamoDBDocumentClient, tables: SurveyTables) {
    this.client = client;
    this.tables = tables;
  }

  async survey(dossierCode: string): Promise<Survey | null> {
    return (await this.item(surveyKey(dossierCode))) as Survey | null;
  }

  async message(messageId: string): Promise<OutgoingMessage | null> {
    return (await this.item(messageKey(messageId))) as OutgoingMessage | null;
  }

  async messagesOf(dossierCode: string): Promise<OutgoingMessage[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({ TableName: this.tables.surveys, IndexName: DOSSIER_INDEX, KeyConditionExpression: 'messageDossier = :code', ExpressionAttributeValues: { ':code': dossierCode } }),
    );
    // The index is eventually consistent: each message read again from the table.
    const found = await Promise.all(Items.map((item) => this.message(item.messageId as string)));
    return found.filter((message): message is OutgoingMessage => message !== null);
  }

  /** The number to send to, while its retention lasts (DynamoDB's TTL deletes it within a day or two after; we stop using it at once). */
  async contact(dossierCode: string, now: Date): Promise<string | null> {
    const item = await this.item(contactKey(dossierCode));
    return item && Number(item.expiresAt) * 1000 > now.getTime() ? (item.phone as string) : null;
  }

  async optedOut(phoneHash: string): Promise<boolean> {
    return (await this.item(optOutKey(phoneHash))) !== null;
  }

  async sentToday(phoneHash: string, now: Date): Promise<number> {
    return Number((await this.item(capKey(phoneHash, dayOf(now))))?.count ?? 0);
  }

  async messageOfProvider(gateway: string, providerMessageId: string): Promise<string | null> {
    return ((await this.item(providerKey(gateway, providerMessageId)))?.messageId as string | undefined) ?? null;
  }

  /** The sender's latest survey that went out (its replies go to it). */
  async latestSurveyOf(phoneHash: string): Promise<Survey | null> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({ TableName: this.tables.surveys, IndexName: PHONE_INDEX, KeyConditionExpression: 'surveyPhone = :hash', ExpressionAttributeValues: { ':hash': phoneHash }, ScanIndexForward: false, Limit: 1 }),
    );
    return Items[0] ? this.survey(Items[0].dossierCode as string) : null;
  }

  /**
   * What a returned or otherwise noteworthy dossier asks for, written once: the number (with its
   * retention), the survey if any, and the messages. A need seen again (a redelivered event) finds
   * them there and writes nothing.
   */
  async plan(plan: { dossierCode: string; phone: string; retainUntil: Date; survey?: Survey; agencyName?: string; messages: readonly OutgoingMessage[] }): Promise<'planned' | 'already'> {
    const items: TransactItem[] = [
      { Put: { TableName: this.tables.surveys, Item: { ...contactKey(plan.dossierCode), phone: plan.phone, expiresAt: Math.ceil(plan.retainUntil.getTime() / 1000) } } },
      // The survey with its web link's item: the token finds it.
      ...(plan.survey ? [surveyItem(plan.survey), linkItem(plan.survey, plan.agencyName)].map((Item) => ({ Put: { TableName: this.tables.surveys, Item, ConditionExpression: 'attribute_not_exists(pk)' } })) : []),
      ...plan.messages.map((message) => ({ Put: { TableName: this.tables.surveys, Item: messageItem(message), ConditionExpression: 'attribute_not_exists(pk)' } })),
    ];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return 'planned';
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((reason) => reason.Code === 'ConditionalCheckFailed')) return 'already';
      throw error;
    }
  }

  /** Messages that may go at `now`, oldest first. */
  async due(now: Date, limit = 200): Promise<string[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({ TableName: this.tables.surveys, IndexName: DUE_INDEX, KeyConditionExpression: 'due = :due AND dueAt <= :now', ExpressionAttributeValues: { ':due': 'due', ':now': now.toISOString() }, Limit: limit }),
    );
    return Items.map((item) => item.messageId as string);
  }

  /** Messages handed over before `before` and still without a final report. */
  async pendingSince(before: Date, limit = 500): Promise<string[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({ TableName: this.tables.surveys, IndexName: PENDING_INDEX, KeyConditionExpression: 'pending = :pending AND pendingSince < :before', ExpressionAttributeValues: { ':pending': 'pending', ':before': before.toISOString() }, Limit: limit }),
    );
    return Items.map((item) => item.messageId as string);
  }

  /**
   * Saves a changed message (and the survey it sent, the day's count, the gateway's id mapping,
   * messages it asks for) with the events owed, in one transaction, each item conditional on the
   * version read. Each event gets its own sequence: an owner's version goes up by one per event
   * it announces (at least one per change), and its events take the versions in order.
   */
  async save(change: {
    message?: { previous: OutgoingMessage; next: OutgoingMessage };
    survey?: { previous: Survey; next: Survey };
    events: readonly Owed[];
    countSentFor?: { phoneHash: string; at: Date; cap: number };
    newMessages?: readonly OutgoingMessage[];
  }): Promise<void> {
    const isMessageEvent = (event: Owed) => event.type === 'SmsSent' || event.type === 'SmsDeliveryFailed';
    const items: TransactItem[] = [];
    const outbox: TransactItem[] = [];
    const owned = <T extends { version: number }>(pair: { previous: T; next: T }, events: readonly Owed[], key: string, owner: { dossierCode: string; agencyCode: string; procedureCode: string }): T => {
      const saved = { ...pair.next, version: pair.previous.version + Math.max(1, events.length) };
      events.forEach((event, index) => {
        const envelope = envelopeOf(owner, event, pair.previous.version + 1 + index);
        outbox.push({ Put: { TableName: this.outbox(), Item: outboxItem(envelope, key), ConditionExpression: 'attribute_not_exists(pk)' } });
      });
      return saved;
    };
    const messageEvents = change.events.filter(isMessageEvent);
    const surveyEvents = change.events.filter((event) => !isMessageEvent(event));
    if (messageEvents.length && !change.message) throw new Error('message events without their message');
    if (surveyEvents.length && !change.survey) throw new Error('survey events without their survey');
    if (change.message) {
      const saved = owned(change.message, messageEvents, `message#${change.message.next.messageId}`, change.message.next);
      items.push(this.versioned(messageItem(saved), change.message.previous.version));
      if (saved.providerMessageId && saved.gateway && change.message.previous.providerMessageId !== saved.providerMessageId) {
        items.push({ Put: { TableName: this.tables.surveys, Item: { ...providerKey(saved.gateway, saved.providerMessageId), messageId: saved.messageId } } });
      }
    }
    if (change.survey) {
      const saved = owned(change.survey, surveyEvents, `survey#${change.survey.next.dossierCode}`, change.survey.next);
      items.push(this.versioned(surveyItem(saved), change.survey.previous.version));
    }
    if (change.countSentFor) {
      const { phoneHash, at, cap } = change.countSentFor;
      items.push({
        Update: {
          TableName: this.tables.surveys,
          Key: capKey(phoneHash, dayOf(at)),
          UpdateExpression: 'ADD #count :one SET expiresAt = :expires',
          // The cap holds even when two senders race for the same number.
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :cap',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':expires': Math.ceil(at.getTime() / 1000) + 3 * 86_400 },
        },
      });
    }
    for (const message of change.newMessages ?? []) items.push({ Put: { TableName: this.tables.surveys, Item: messageItem(message), ConditionExpression: 'attribute_not_exists(pk)' } });
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: [...items, ...outbox] }));
    } catch (error) {
      if (lostRace(error)) throw new ConcurrentChange('a message or survey');
      throw error;
    }
  }

  /** Records an opt-out (the hash only, kept) or removes it on an opt-in. */
  async setOptOut(phoneHash: string, optedOut: boolean, at: Date): Promise<void> {
    if (optedOut) await this.client.send(new PutCommand({ TableName: this.tables.surveys, Item: { ...optOutKey(phoneHash), at: at.toISOString() } }));
    else await this.client.send(new TransactWriteCommand({ TransactItems: [{ Delete: { TableName: this.tables.surveys, Key: optOutKey(phoneHash) } }] }));
  }

  /** Records an inbound message id once: false when the gateway delivered it before. */
  async firstInbound(gateway: string, providerMessageId: string, at: Date): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({ TableName: this.tables.surveys, Item: { ...inboundKey(gateway, providerMessageId), at: at.toISOString(), expiresAt: Math.ceil(at.getTime() / 1000) + 30 * 86_400 }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /**
   * The survey a web link names, or null. The token is the survey's random id (an unguessable
   * capability; its expiry is the survey's, kept here): the link item says whose it is, and the
   * survey must still carry that id.
   */
  async surveyByToken(token: string): Promise<LinkedSurvey | null> {
    const link = await this.item(linkKey(token));
    if (!link) return null;
    const survey = await this.survey(link.dossierCode as string);
    if (!survey || survey.surveyId !== token) return null;
    return { survey, agencyName: (link.agencyName as string | undefined) ?? null };
  }

  private versioned(item: Record<string, unknown>, previousVersion: number): TransactItem {
    return { Put: { TableName: this.tables.surveys, Item: item, ConditionExpression: '#version = :previous', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':previous': previousVersion } } };
  }

  private async item(key: { pk: string }): Promise<Record<string, unknown> | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tables.surveys, Key: key, ConsistentRead: true }));
    return Item ? strip(Item) : null;
  }

  private outbox(): string {
    if (!this.tables.outbox) throw new Error('this function was not given the survey outbox');
    return this.tables.outbox;
  }
}

const dayOf = (at: Date) => isoDateOf(localDateOf(at));

/** The index attributes are copies, set only on the items each index is for (an index key can be neither null nor another type). */
const INDEX_ATTRIBUTES = ['pk', 'surveyPhone', 'surveySentAt', 'due', 'dueAt', 'pending', 'pendingSince', 'messageDossier'];

function strip(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !INDEX_ATTRIBUTES.includes(name)));
}

/** A survey item: in the phone index once sent. */
function surveyItem(survey: Survey): Record<string, unknown> {
  return { ...surveyKey(survey.dossierCode), ...survey, ...(survey.sentAt ? { surveyPhone: survey.phoneHash, surveySentAt: survey.sentAt } : {}) };
}

/** The web link's item: the token names the dossier (and the agency, for the page's heading). */
function linkItem(survey: Survey, agencyName: string | undefined): Record<string, unknown> {
  return { ...linkKey(survey.surveyId), dossierCode: survey.dossierCode, ...(agencyName ? { agencyName } : {}) };
}

/** A message item: in the due index while it waits to go, in the pending index while a gateway holds it without a final word. */
function messageItem(message: OutgoingMessage): Record<string, unknown> {
  const waiting = message.sendAfter !== null && !message.suppressed && !isFinal(message.status);
  const pending = message.sentAt !== null && !isFinal(message.status);
  return {
    ...messageKey(message.messageId),
    ...message,
    messageDossier: message.dossierCode,
    ...(waiting ? { due: 'due', dueAt: message.sendAfter } : {}),
    ...(pending ? { pending: 'pending', pendingSince: message.sentAt } : {}),
  };
}

function envelopeOf(owner: { dossierCode: string; agencyCode: string; procedureCode: string }, owed: Owed, sequence: number): SurveyEvent {
  return SURVEY_EVENTS[owed.type].parse({
    eventId: randomUUID(),
    version: 1,
    type: owed.type,
    occurredAt: owed.occurredAt,
    sequence,
    dossierCode: owner.dossierCode,
    agencyCode: owner.agencyCode,
    procedureCode: owner.procedureCode,
    actor: { kind: 'system', id: 'survey' },
    data: owed.data,
  }) as SurveyEvent;
}

export { ConcurrentChange };
