import { describe, expect, it } from 'vitest';
import { act, newDossier, T1 } from './fixtures.ts';

describe('start processing', () => {
  it('an accepted dossier is then processed', () => {
    const accepted = act(newDossier({ channel: 'online' }), { type: 'accept' }, T1);
    const started = act(accepted.dossier, { type: 'startProcessing' }, T1);
    expect(started.dossier.status).toBe('in-progress');
    expect(started.event.data.statusCode).toBe(4);
  });
});
