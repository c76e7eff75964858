import path from 'node:path';

/** Resolves to a release function once every earlier holder has released. FIFO, no timeout. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      let done = false;
      release = () => {
        if (done) return;
        done = true;
        resolve();
      };
    });
    const acquired = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => released);
    return acquired;
  }

  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

const registryKey = Symbol.for('keyfort.sqlite.fileMutexes');
type Registry = Map<string, Mutex>;

/**
 * One mutex per SQLite file for the whole process. better-sqlite3 is synchronous: a connection that waits
 * for a write lock held by another connection *of the same process* blocks the event loop, so the holder
 * can never finish and the waiter fails with SQLITE_BUSY after busy_timeout. Queuing in JavaScript first
 * leaves busy_timeout to arbitrate between processes only.
 */
export function fileMutex(file: string): Mutex {
  const holder = globalThis as typeof globalThis & { [registryKey]?: Registry };
  const registry = (holder[registryKey] ??= new Map());
  const key = file === ':memory:' ? file : path.resolve(file);
  let mutex = registry.get(key);
  if (!mutex) {
    mutex = new Mutex();
    registry.set(key, mutex);
  }
  return mutex;
}
