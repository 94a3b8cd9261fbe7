/**
 * The pure parts of `npm run bench:survey` (bench/survey.ts): what each citizen replies, and which
 * replies a write of the surveys table applied.
 */

/** What reply `step` of a survey says: the first three are answers, the later ones answers again (kept, not counted). */
export const REPLY_TEXTS = ['1', '2', 'rat hai long', 'hai long', '3'] as const;
export const replyText = (survey: number, step: number): string => REPLY_TEXTS[(survey + step) % REPLY_TEXTS.length]!;

type AttributeValue = { S?: string; M?: Record<string, AttributeValue>; L?: AttributeValue[] };

/**
 * The replies a TransactWriteItems request (its JSON body, as the functions send it to DynamoDB)
 * saves in survey items of `table`, with what became of each (`counted`, `after-answer`, …): once
 * the request succeeds, these are applied.
 */
export function repliesWritten(body: string, table: string): { replyId: string; outcome: string }[] {
  const { TransactItems = [] } = JSON.parse(body) as { TransactItems?: { Put?: { TableName: string; Item: Record<string, AttributeValue> } }[] };
  return TransactItems.flatMap(({ Put }) =>
    Put?.TableName === table && Put.Item.pk?.S?.startsWith('survey#')
      ? (Put.Item.replies?.L ?? []).map((reply) => ({ replyId: reply.M?.replyId?.S ?? '', outcome: reply.M?.outcome?.S ?? '' })).filter((reply) => reply.replyId)
      : [],
  );
}
