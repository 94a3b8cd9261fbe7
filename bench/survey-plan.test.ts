import { describe, expect, it } from 'vitest';
import { repliesWritten } from './survey-plan.ts';

const put = (TableName: string, pk: string, replies: { replyId: string; outcome: string }[]) => ({
  Put: { TableName, Item: { pk: { S: pk }, replies: { L: replies.map((r) => ({ M: { replyId: { S: r.replyId }, at: { S: '2026-11-30T00:00:00.000Z' }, reading: { S: 'answer:5' }, outcome: { S: r.outcome } } })) } } },
});

describe('repliesWritten', () => {
  it("reads the replies of the survey items put into the surveys table, and nothing else's", () => {
    const body = JSON.stringify({
      TransactItems: [
        put('Surveys', 'survey#A', [{ replyId: 'twilio:SM1', outcome: 'counted' }, { replyId: 'twilio:SM2', outcome: 'after-answer' }]),
        put('Surveys', 'message#MSG-A-survey-clarify', [{ replyId: 'twilio:SM9', outcome: 'counted' }]),
        put('Other', 'survey#B', [{ replyId: 'twilio:SM8', outcome: 'counted' }]),
        { Update: { TableName: 'Surveys', Key: { pk: { S: 'cap#x#2026-11-30' } } } },
      ],
    });
    expect(repliesWritten(body, 'Surveys')).toEqual([
      { replyId: 'twilio:SM1', outcome: 'counted' },
      { replyId: 'twilio:SM2', outcome: 'after-answer' },
    ]);
  });

  it('finds none in a write without survey items', () => {
    expect(repliesWritten(JSON.stringify({ TransactItems: [] }), 'Surveys')).toEqual([]);
  });
});
