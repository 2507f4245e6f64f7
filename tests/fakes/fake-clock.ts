import type { Clock } from '@app/server/src/platform/clock';

/** A clock that stands still until the test moves it. */
export class FakeClock implements Clock {
  constructor(private ms: number) {}

  now(): Date {
    return new Date(this.ms);
  }

  advance(ms: number): void {
    this.ms += ms;
  }

  set(ms: number): void {
    this.ms = ms;
  }
}
