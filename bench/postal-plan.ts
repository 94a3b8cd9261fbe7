import type { ShipmentStatus } from '../services/postal/domain/status.ts';

/**
 * The pure parts of `npm run bench:postal` (bench/postal.ts): what each shipment is told, in which
 * order the webhooks go out, and which updates a write of the shipments table applied.
 */

export interface PlannedStep {
  readonly status: ShipmentStatus;
  readonly location: string;
  readonly attempt?: number;
  readonly note?: string;
  readonly recipientName?: string;
}

/**
 * A shipment's story in `count` updates after the partner's own `accepted` (the simulator sends
 * that one): picked up, as many sorting-centre hops as fit, then a failed delivery and a
 * successful second attempt. Fewer than six updates cut the story short from the end.
 */
export function storyOf(count: number): PlannedStep[] {
  const end: PlannedStep[] = [
    { status: 'out_for_delivery', location: 'Bưu cục phát', attempt: 1 },
    { status: 'delivery_failed', location: 'Bưu cục phát', attempt: 1, note: 'Người nhận vắng nhà' },
    { status: 'out_for_delivery', location: 'Bưu cục phát', attempt: 2 },
    { status: 'delivered', location: 'Bưu cục phát', attempt: 2, recipientName: 'Người nhận' },
  ];
  const hops = Math.max(0, count - 1 - end.length);
  const story: PlannedStep[] = [
    { status: 'picked_up', location: 'Bưu cục giao dịch Trung tâm' },
    ...Array.from({ length: hops }, (_, hop): PlannedStep => ({ status: 'in_transit', location: `Trung tâm khai thác ${hop + 1}` })),
    ...end,
  ];
  return story.slice(0, count);
}

export interface Post {
  /** Index of the update in the plan (0 … updates − 1). */
  readonly update: number;
  /** A second post of the same update (the same webhook-id and body), as a retrying sender does. */
  readonly resend: boolean;
}

/**
 * The order of the posts: `updates` updates spread round-robin over the shipments (update i is
 * step ⌊i / shipments⌋ of shipment i mod shipments, so a shipment's steps go out in order and far
 * apart), and every `duplicateEvery`-th update posted a second time `resendAfter` posts later
 * (or last), so that the resend meets the original on the queue or just after it was applied.
 */
export function postingOrder(updates: number, duplicateEvery: number, resendAfter: number): Post[] {
  const slots: Post[][] = Array.from({ length: updates }, () => []);
  const tail: Post[] = [];
  for (let update = 0; update < updates; update += 1) {
    slots[update]!.unshift({ update, resend: false });
    if (duplicateEvery > 0 && update % duplicateEvery === duplicateEvery - 1) {
      const at = update + resendAfter;
      (at < updates ? slots[at]! : tail).push({ update, resend: true });
    }
  }
  return [...slots.flat(), ...tail];
}

type AttributeValue = { S?: string; M?: Record<string, AttributeValue>; L?: AttributeValue[] };

/**
 * The update ids of the shipment items a TransactWriteItems request (its JSON body, as the
 * functions send it to DynamoDB) puts into `table`: once the request succeeds, these are applied.
 */
export function updateIdsWritten(body: string, table: string): string[] {
  const { TransactItems = [] } = JSON.parse(body) as { TransactItems?: { Put?: { TableName: string; Item: Record<string, AttributeValue> } }[] };
  return TransactItems.flatMap(({ Put }) =>
    Put?.TableName === table && Put.Item.pk?.S?.startsWith('shipment#') ? (Put.Item.updates?.L ?? []).map((update) => update.M?.updateId?.S ?? '').filter(Boolean) : [],
  );
}

/** The p-th percentile (nearest rank) of ascending values. */
export const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
