import type { ChildProcess } from 'node:child_process';
import type { Worker } from 'node:cluster';

type TEnv = Record<string, string | undefined>;
export declare const ROOT_KEY_HANDOVER_ENV: 'KEYFORT_ROOT_KEY_HANDOVER';
export declare function rootKeyValue(env?: TEnv): string | undefined;
export declare function childEnvironment(env: TEnv, value: string | undefined): TEnv;
export declare function answerRootKeyRequests(child: ChildProcess | Worker, value: string | undefined): void;
export declare function receiveRootKey(): Promise<void>;
