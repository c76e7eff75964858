import { describe, expect, it } from 'vitest';
import { workerExecArgv } from './worker-exec-argv';

describe('workerExecArgv', () => {
  it('keeps the primary arguments and adds a 32 MB young generation and a single GC thread', () => {
    expect(workerExecArgv(['--enable-source-maps'], undefined)).toEqual(['--enable-source-maps', '--max-semi-space-size=32', '--single-threaded-gc']);
  });

  it("leaves the young generation to the operator's argument or NODE_OPTIONS", () => {
    expect(workerExecArgv(['--max-semi-space-size=8'], undefined)).toEqual(['--max-semi-space-size=8', '--single-threaded-gc']);
    expect(workerExecArgv([], '--max-old-space-size=512 --max-semi-space-size=4')).toEqual(['--single-threaded-gc']);
  });

  it('leaves the GC threads to the operator either way', () => {
    expect(workerExecArgv(['--no-single-threaded-gc'], undefined)).toEqual(['--no-single-threaded-gc', '--max-semi-space-size=32']);
    expect(workerExecArgv([], '--single-threaded-gc')).toEqual(['--max-semi-space-size=32']);
  });
});
