import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { superviseChild, type TSupervisedChild } from './supervisor.mjs';

const FAST = { firstDelayMs: 50, maxDelayMs: 200, stableAfterMs: 60_000 };
const supervised: TSupervisedChild[] = [];

afterEach(async () => {
  await Promise.all(supervised.splice(0).map((child) => child.stop('SIGKILL')));
});

/** A fake child: `node -e <script>`, its starts counted. */
function supervise(script: string, log: string[], onConfigurationError = () => log.push('configuration error')) {
  let starts = 0;
  const child = superviseChild({
    name: 'the fake',
    spawnChild: () => {
      starts += 1;
      return spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    },
    onConfigurationError,
    log: (line) => log.push(line),
    policy: FAST,
  });
  supervised.push(child);
  child.start();
  return { child, starts: () => starts };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a supervised child', () => {
  it('that exits on its own is restarted after a growing delay, and each restart is logged with the exit code', async () => {
    const log: string[] = [];
    const { starts } = supervise('process.exit(3)', log);
    await until(() => starts() >= 3);
    expect(log.slice(0, 2)).toEqual([
      'the fake stopped unexpectedly (exit code 3); restarting it in 0.05 s (failure 1 in a row).',
      'the fake stopped unexpectedly (exit code 3); restarting it in 0.1 s (failure 2 in a row).',
    ]);
  });

  it('that is killed is restarted, and the log names the signal', async () => {
    const log: string[] = [];
    const { child, starts } = supervise('setInterval(() => {}, 1000)', log);
    await until(() => child.child !== null);
    child.child!.kill('SIGKILL');
    await until(() => starts() === 2 && child.child !== null);
    expect(log).toEqual(['the fake stopped unexpectedly (killed by SIGKILL); restarting it in 0.05 s (failure 1 in a row).']);
  });

  it('that exits with 78 (configuration error) is not restarted; the supervisor is told', async () => {
    const log: string[] = [];
    const { starts } = supervise('process.exit(78)', log);
    await until(() => log.includes('configuration error'));
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // a restart would come after 50 ms
    expect(starts()).toBe(1);
    expect(log).toEqual([
      'the fake stopped because of its configuration (exit code 78, see its message above); it is not restarted.',
      'configuration error',
    ]);
  });

  it('stopped on request is signalled, awaited, and not restarted', async () => {
    const log: string[] = [];
    const { child, starts } = supervise('setInterval(() => {}, 1000)', log);
    await until(() => child.child !== null);
    const pid = child.child!.pid!;
    await child.stop('SIGTERM');
    expect(() => process.kill(pid, 0)).toThrow();
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // a restart would come after 50 ms
    expect(starts()).toBe(1);
    expect(log).toEqual([]);
  });
});
