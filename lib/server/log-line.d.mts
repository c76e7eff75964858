export type TLogLineLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
export declare function writeLogLine(options: {
  level: TLogLineLevel;
  component: string;
  msg: string;
  fields?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
  write?: (line: string) => void;
}): void;
