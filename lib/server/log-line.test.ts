import { describe, expect, it } from 'vitest';
import { writeLogLine } from './log-line.mjs';

function linesWritten(env: Record<string, string | undefined>, level: 'debug' | 'info' | 'error') {
  const lines: string[] = [];
  writeLogLine({ level, component: 'supervisor', msg: 'the console stopped unexpectedly', fields: { exitCode: 3 }, env, write: (line) => void lines.push(line) });
  return lines;
}

describe('writeLogLine (the .mjs processes of npm start)', () => {
  it('writes the same shape as the pino logger: one JSON object a line, ISO time, level by name', () => {
    const [line] = linesWritten({}, 'error');
    expect(line!.endsWith('\n')).toBe(true);
    const record = JSON.parse(line!) as Record<string, unknown>;
    expect(record).toMatchObject({ level: 'error', component: 'supervisor', msg: 'the console stopped unexpectedly', exitCode: 3, pid: process.pid });
    expect(new Date(record.time as string).toISOString()).toBe(record.time);
  });

  it('follows KEYFORT_LOG_LEVEL, and logs at info when it is unknown (the children refuse it with exit 78)', () => {
    expect(linesWritten({}, 'debug')).toHaveLength(0);
    expect(linesWritten({ KEYFORT_LOG_LEVEL: 'debug' }, 'debug')).toHaveLength(1);
    expect(linesWritten({ KEYFORT_LOG_LEVEL: 'error' }, 'info')).toHaveLength(0);
    expect(linesWritten({ KEYFORT_LOG_LEVEL: 'verbose' }, 'info')).toHaveLength(1);
  });
});
