import { expect } from 'vitest';
import { householdBusiness, type LocalSystem } from './local-system.ts';

/** A delivery address in the catalog's province, for results sent by post. */
export const POSTAL_ADDRESS = { line: 'Số 12, ấp Trường Phước', commune: 'Xã Trường Tây', province: 'Tỉnh Hòa Lâm' };

/** Files a household-business dossier (unique per `i`) at H38.22, starts it and resolves it; answers its code. */
export async function resolvedDossier(system: LocalSystem, token: string, i: number, overrides: Record<string, unknown>): Promise<string> {
  const received = await system.api('POST', '/dossiers', householdBusiness(i, overrides), token);
  expect(received.status, JSON.stringify(received.body)).toBe(201);
  for (const type of ['startProcessing', 'resolve']) {
    const acted = await system.api('POST', `/dossiers/${received.body.code}/actions`, { type }, token);
    expect(acted.status, JSON.stringify(acted.body)).toBe(200);
  }
  return received.body.code;
}

/** Reads until `until` holds or the time is up, and answers the last value read (the caller asserts on it). */
export async function eventually<T>(read: () => Promise<T>, until: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (until(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
