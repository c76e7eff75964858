import type { Clock } from '../store';

/** Where every FakeClock starts unless told otherwise. */
export const FAKE_CLOCK_START = '2030-01-01T00:00:00.000Z';

/** A clock tests move by hand, so expiry and deletion windows are exact and instant. */
export class FakeClock implements Clock {
  private current: number;

  constructor(start: Date | string = FAKE_CLOCK_START) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date | string): void {
    this.current = new Date(instant).getTime();
  }

  advance(by: { ms?: number; seconds?: number; minutes?: number; hours?: number; days?: number }): Date {
    this.current +=
      (by.ms ?? 0) +
      (by.seconds ?? 0) * 1_000 +
      (by.minutes ?? 0) * 60_000 +
      (by.hours ?? 0) * 3_600_000 +
      (by.days ?? 0) * 86_400_000;
    return this.now();
  }
}
