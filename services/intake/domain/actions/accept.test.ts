import { describe, expect, it } from 'vitest';
import { act, newDossier, T1 } from './fixtures.ts';

describe('accept', () => {
  it('an online dossier waits for an officer, then is accepted', () => {
    const online = newDossier({ channel: 'online' });
    expect(online.status).toBe('submitted');
    const accepted = act(online, { type: 'accept' }, T1);
    expect(accepted.dossier.status).toBe('accepted');
    expect(accepted.event).toEqual({
      type: 'DossierAccepted',
      data: { status: 'accepted', statusCode: 2, dueAt: online.dueAt },
    });
  });
});
