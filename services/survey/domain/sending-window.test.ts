import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW, isInsideWindow, nextDayOpening, nextSendingInstant, SendingWindow } from './sending-window.ts';

const at = (local: string) => new Date(`${local}+07:00`);

describe('the sending window (Vietnam time)', () => {
  it('lets a message go at once inside 07:00–21:00', () => {
    expect(nextSendingInstant(at('2026-03-02T10:15:00'), DEFAULT_WINDOW)).toEqual(at('2026-03-02T10:15:00'));
    expect(nextSendingInstant(at('2026-03-02T07:00:00'), DEFAULT_WINDOW)).toEqual(at('2026-03-02T07:00:00'));
  });

  it('holds a message due in the evening until the next morning, and one due before dawn until that morning', () => {
    expect(nextSendingInstant(at('2026-03-02T21:00:00'), DEFAULT_WINDOW)).toEqual(at('2026-03-03T07:00:00'));
    expect(nextSendingInstant(at('2026-03-02T23:59:00'), DEFAULT_WINDOW)).toEqual(at('2026-03-03T07:00:00'));
    expect(nextSendingInstant(at('2026-03-03T05:30:00'), DEFAULT_WINDOW)).toEqual(at('2026-03-03T07:00:00'));
  });

  it('counts the day in Vietnam, not in UTC (00:30 in Hà Nội is 17:30 UTC the day before)', () => {
    expect(nextSendingInstant(new Date('2026-03-02T17:30:00Z'), DEFAULT_WINDOW)).toEqual(at('2026-03-03T07:00:00'));
  });

  it("gives a capped number the next day's opening", () => {
    expect(nextDayOpening(at('2026-03-02T10:15:00'), DEFAULT_WINDOW)).toEqual(at('2026-03-03T07:00:00'));
  });

  it('refuses a window that closes before it opens', () => {
    expect(SendingWindow.safeParse({ from: '21:00', to: '07:00' }).success).toBe(false);
    expect(SendingWindow.safeParse({ from: '7:00', to: '21:00' }).success).toBe(false);
  });

  it('always answers an instant inside the window, never before the earliest, within a day', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true }), (earliest) => {
        const next = nextSendingInstant(earliest, DEFAULT_WINDOW);
        expect(isInsideWindow(next, DEFAULT_WINDOW)).toBe(true);
        expect(next.getTime()).toBeGreaterThanOrEqual(earliest.getTime());
        expect(next.getTime() - earliest.getTime()).toBeLessThanOrEqual(10 * 3_600_000);
      }),
    );
  });
});
