export const DAY_MS = 24 * 60 * 60 * 1000;

export interface TRemaining {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  /** Which units a countdown shows: seconds under a day, so it visibly ticks when it matters. */
  unit: 'days' | 'hours' | 'minutes' | 'seconds';
}

/** Splits a positive duration into whole units, rounding up so a countdown reaches 0 s at the instant itself. */
export function splitRemaining(ms: number): TRemaining {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const unit = days > 0 ? 'days' : hours > 0 ? 'hours' : minutes > 0 ? 'minutes' : 'seconds';
  return { days, hours, minutes, seconds, unit };
}
