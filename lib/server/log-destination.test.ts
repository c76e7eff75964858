import { describe, expect, it } from 'vitest';
import { batchedDestination, cachedIsoTime, LOG_BATCH_MAX_CHARS } from './log-destination';

function harness() {
  const writes: string[] = [];
  const scheduled: Array<() => void> = [];
  let atExit: (() => void) | undefined;
  const destination = batchedDestination(
    { write: (chunk: string) => void writes.push(chunk) },
    { schedule: (flush) => void scheduled.push(flush), atExit: (flush) => void (atExit = flush) },
  );
  return { destination, writes, runScheduled: () => scheduled.splice(0).forEach((flush) => flush()), exit: () => atExit!() };
}

describe('batched log destination', () => {
  it('writes every line of one batch in one write, in order, and schedules one flush per batch', () => {
    const { destination, writes, runScheduled } = harness();
    destination.write('one\n');
    destination.write('two\n');
    expect(writes).toEqual([]);
    runScheduled();
    expect(writes).toEqual(['one\ntwo\n']);
    destination.write('three\n');
    runScheduled();
    expect(writes).toEqual(['one\ntwo\n', 'three\n']);
  });

  it('writes a batch at once when it reaches its size bound, without waiting for the timer', () => {
    const { destination, writes, runScheduled } = harness();
    const line = `${'x'.repeat(1023)}\n`;
    const lines = LOG_BATCH_MAX_CHARS / line.length;
    for (let i = 0; i < lines - 1; i++) destination.write(line);
    expect(writes).toEqual([]);
    destination.write(line);
    expect(writes).toEqual([line.repeat(lines)]);
    destination.write('after\n');
    runScheduled();
    expect(writes).toEqual([line.repeat(lines), 'after\n']);
  });

  it('writes what is pending when the process exits, so a last line before exit is not lost', () => {
    const { destination, writes, exit } = harness();
    destination.write('fatal: the configuration is invalid\n');
    exit();
    expect(writes).toEqual(['fatal: the configuration is invalid\n']);
  });

  it('writes nothing for a batch without lines', () => {
    const { writes, runScheduled, exit } = harness();
    runScheduled();
    exit();
    expect(writes).toEqual([]);
  });
});

describe('cached ISO timestamp', () => {
  it('formats pino’s time field once per millisecond and again when the millisecond changes', () => {
    let now = Date.UTC(2030, 0, 1, 12, 0, 0, 5);
    const time = cachedIsoTime(() => now);
    expect(time()).toBe(',"time":"2030-01-01T12:00:00.005Z"');
    expect(time()).toBe(',"time":"2030-01-01T12:00:00.005Z"');
    now += 1;
    expect(time()).toBe(',"time":"2030-01-01T12:00:00.006Z"');
  });
});
