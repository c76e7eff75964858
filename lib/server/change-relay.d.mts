import type { ChildProcess } from 'node:child_process';
import type { Worker } from 'node:cluster';

export declare const CHANGE_MESSAGE: 'keyfort-change';
export interface TChangeMessage {
  type: typeof CHANGE_MESSAGE;
  change: string;
}
type TEndpoint = ChildProcess | Worker | NodeJS.Process;
export declare function isChangeMessage(message: unknown): message is TChangeMessage;
export declare function sendChange(endpoint: TEndpoint | undefined, message: TChangeMessage): void;
export declare function relayChangesFrom(endpoint: TEndpoint, others: () => Iterable<TEndpoint | undefined>): void;
