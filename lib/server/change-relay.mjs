// Carries change notifications (lib/server/change-wire.ts) between the processes of one Keyfort instance
// over their IPC channels: `npm start` between the console and the API listener, the API listener's primary
// between its workers and its parent. Every hop forwards to every endpoint but the one a message came from;
// the processes form a tree, so nothing loops. Plain JavaScript: scripts/start.mjs runs without a compiler.

export const CHANGE_MESSAGE = 'keyfort-change';

/** True for a change notification; its payload is checked by whoever applies it, not by relays. */
export function isChangeMessage(message) {
  return typeof message === 'object' && message !== null && message.type === CHANGE_MESSAGE && typeof message.change === 'string';
}

/** Sends without throwing: an endpoint that is gone (a worker restarting) simply misses it. */
export function sendChange(endpoint, message) {
  if (!endpoint || typeof endpoint.send !== 'function' || endpoint.connected === false) return;
  try {
    endpoint.send(message, () => {});
  } catch {
    // The channel closed between the check and the send: the endpoint is going away anyway.
  }
}

/**
 * Makes `endpoint` part of the relay: what it sends reaches every other endpoint `others()` lists at that
 * moment (workers come and go).
 */
export function relayChangesFrom(endpoint, others) {
  endpoint.on('message', (message) => {
    if (!isChangeMessage(message)) return;
    for (const other of others()) if (other !== endpoint) sendChange(other, message);
  });
}
