import type { WriteStream } from 'node:fs';

export declare const TEST_LOGS_DIR: string;
export declare const SERVER_LOGS_DIR: string;
export declare const SECRETS_FILE: string;
export declare function serverLogStream(label: string): WriteStream;
export declare function recordSecret(kind: string, value: string | Uint8Array): void;
