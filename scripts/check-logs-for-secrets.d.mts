export declare const MIN_SECRET_BYTES: number;
export declare function formsOf(value: Buffer): [string, Buffer][];
export declare function checkLogsForSecrets(options: { logsDir: string; secretsFile: string }): { ok: boolean; problems: string[]; summary: string };
