'use client';

import { useSyncExternalStore } from 'react';

// One shared one-second clock for every countdown on the page, so they tick together and a page with many
// rows (the keys list) runs a single timer. The server and the hydrating render see `null`: what depends on
// "now" appears only in the browser, never as a server/client mismatch.

const TICK_MS = 1000;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let current = 0;

function tick(): void {
  current = Math.floor(Date.now() / TICK_MS) * TICK_MS;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    tick();
    timer = setInterval(() => {
      tick();
      for (const notify of listeners) notify();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function getSnapshot(): number {
  // Between subscriptions nothing ticks: read the clock afresh (rounded, so repeated reads agree).
  if (timer === undefined) tick();
  return current;
}

function getServerSnapshot(): null {
  return null;
}

/** Milliseconds since the epoch, updated every second; null on the server and while hydrating. */
export function useNow(): number | null {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}
