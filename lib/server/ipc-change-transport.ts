import { decodeChange, encodeChange } from './change-wire';
import { CHANGE_MESSAGE, isChangeMessage, sendChange } from './change-relay.mjs';
import type { TChangeTransport } from './change-bus';

/**
 * To and from the parent process over IPC (the API primary for a worker, `npm start` for the console),
 * which relays to the instance's other processes. Without an IPC channel (a process started alone) it does
 * nothing: there is no other process of this instance to tell.
 */
export function createIpcChangeTransport(): TChangeTransport {
  let onMessage: ((message: unknown) => void) | null = null;
  return {
    name: 'IPC',
    send(change) {
      if (process.send) sendChange(process, { type: CHANGE_MESSAGE, change: encodeChange(change) });
    },
    start(deliver) {
      if (!process.send) return Promise.resolve();
      onMessage = (message) => {
        if (!isChangeMessage(message)) return;
        const change = decodeChange(message.change);
        if (change) deliver(change);
      };
      // The channel stays referenced: a cluster worker waiting for its listening handle lives on it alone.
      process.on('message', onMessage);
      return Promise.resolve();
    },
    stop() {
      if (onMessage) process.off('message', onMessage);
      onMessage = null;
      return Promise.resolve();
    },
  };
}
