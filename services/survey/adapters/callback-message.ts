import * as z from 'zod';
import { DELIVERY_STATUSES } from '../domain/gateways.ts';
import type { GatewayCallback } from './gateway.ts';

/**
 * What goes on the SMS-callbacks queue: a gateway's callback in our terms, authenticated and read
 * (the routes do both, then answer at once), applied by one consumer. An inbound message's number
 * and text are personal data: the queue is encrypted, and nothing logs them.
 */
export const CallbackMessage = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('inbound'), gateway: z.string().min(1), providerMessageId: z.string().min(1), from: z.string().min(1), text: z.string(), receivedAt: z.iso.datetime() }),
  z.strictObject({
    kind: z.literal('status'),
    gateway: z.string().min(1),
    providerMessageId: z.string().min(1),
    messageId: z.string().min(1).optional(),
    status: z.enum(DELIVERY_STATUSES).nullable(),
    rawStatus: z.string().min(1),
    errorCode: z.string().optional(),
    reportId: z.string().min(1),
    receivedAt: z.iso.datetime(),
  }),
]);
export type CallbackMessage = z.infer<typeof CallbackMessage>;

export const callbackMessage = (callback: GatewayCallback): CallbackMessage => CallbackMessage.parse(callback);
