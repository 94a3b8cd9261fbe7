import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { markSent, openSurvey } from '../domain/survey.ts';
import { SurveyRepository } from './survey-repository.ts';

const t0 = new Date('2026-03-02T03:00:00Z');
const TOKEN = 'AbCd-_0123456789';
const survey = markSent(openSurvey({ dossierCode: 'H38.22.1-260302-0001', agencyCode: 'H38.22.1', procedureCode: '1.001612', agencyName: 'Ủy ban nhân dân phường Hòa Bình', surveyId: TOKEN, phoneHash: 'hash' }, { now: t0, sendAfter: t0 }), t0, { expiresAfterDays: 7 });

/** A table in memory that answers GetCommand and applies TransactWriteCommand's puts (conditions are DynamoDB's business, not this test's). */
function tableInMemory() {
  const items = new Map<string, Record<string, unknown>>();
  const transactions: TransactWriteCommand[] = [];
  const client = {
    send: async (command: unknown) => {
      if (command instanceof GetCommand) return { Item: items.get(command.input.Key!.pk as string) };
      if (command instanceof TransactWriteCommand) {
        transactions.push(command);
        for (const item of command.input.TransactItems!) if (item.Put) items.set(item.Put.Item!.pk as string, item.Put.Item!);
        return {};
      }
      throw new Error('not used here');
    },
  } as unknown as DynamoDBDocumentClient;
  return { repository: new SurveyRepository(client, { surveys: 'Surveys' }), items, transactions };
}

describe('a survey found by its web link', () => {
  it('is planned with its link item, in the same transaction', async () => {
    const { repository, transactions } = tableInMemory();
    await repository.plan({ dossierCode: survey.dossierCode, phone: '+84912345678', retainUntil: t0, survey, agencyName: 'UBND phường Hòa Lâm', messages: [] });
    expect(transactions).toHaveLength(1);
    const link = transactions[0]!.input.TransactItems!.find((item) => item.Put?.Item?.pk === `link#${TOKEN}`);
    expect(link?.Put).toMatchObject({ Item: { pk: `link#${TOKEN}`, dossierCode: survey.dossierCode, agencyName: 'UBND phường Hòa Lâm' }, ConditionExpression: 'attribute_not_exists(pk)' });
  });

  it('writes no link when no survey is planned', async () => {
    const { repository, items } = tableInMemory();
    await repository.plan({ dossierCode: survey.dossierCode, phone: '+84912345678', retainUntil: t0, messages: [] });
    expect([...items.keys()].some((pk) => pk.startsWith('link#'))).toBe(false);
  });

  it('is found by its token, with the agency the SMS named; an unknown token finds nothing', async () => {
    const { repository } = tableInMemory();
    await repository.plan({ dossierCode: survey.dossierCode, phone: '+84912345678', retainUntil: t0, survey, agencyName: 'UBND phường Hòa Lâm', messages: [] });
    expect(await repository.surveyByToken(TOKEN)).toEqual({ survey, agencyName: 'UBND phường Hòa Lâm' });
    expect(await repository.surveyByToken('ZZZZ-_0123456789')).toBeNull();
  });

  it('finds nothing when the dossier’s survey no longer carries that token', async () => {
    const { repository, items } = tableInMemory();
    await repository.plan({ dossierCode: survey.dossierCode, phone: '+84912345678', retainUntil: t0, survey, messages: [] });
    items.set(`survey#${survey.dossierCode}`, { ...items.get(`survey#${survey.dossierCode}`), surveyId: 'another-token-00' });
    expect(await repository.surveyByToken(TOKEN)).toBeNull();
  });
});
