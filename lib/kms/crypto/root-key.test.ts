import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileExclusively, evaluationOnlyWarning, GENERATED_ROOT_KEY_FILE, loadRootKey, RootKeyError } from './root-key';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyfort-root-key-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function keyFile(content: Buffer | string, mode = 0o600): string {
  const path = join(dir, `key-${randomBytes(4).toString('hex')}`);
  writeFileSync(path, content, { mode });
  return path;
}

describe('root key from KEYFORT_ROOT_KEY_FILE', () => {
  it('reads 32 raw bytes', () => {
    const key = randomBytes(32);
    const loaded = loadRootKey({ env: { KEYFORT_ROOT_KEY_FILE: keyFile(key) }, dataDir: dir });
    expect(loaded).toMatchObject({ source: 'file', generated: false, evaluationOnly: false, warnings: [] });
    expect(loaded.key).toEqual(key);
  });

  it('reads base64 text with a trailing newline', () => {
    const key = randomBytes(32);
    const loaded = loadRootKey({ env: { KEYFORT_ROOT_KEY_FILE: keyFile(`${key.toString('base64')}\n`) }, dataDir: dir });
    expect(loaded.key).toEqual(key);
  });

  it('is preferred over KEYFORT_ROOT_KEY, and says the latter is ignored', () => {
    const key = randomBytes(32);
    const env = { KEYFORT_ROOT_KEY_FILE: keyFile(key), KEYFORT_ROOT_KEY: randomBytes(32).toString('base64') };
    const loaded = loadRootKey({ env, dataDir: dir });
    expect(loaded.key).toEqual(key);
    expect(loaded.warnings).toEqual(['KEYFORT_ROOT_KEY is ignored because KEYFORT_ROOT_KEY_FILE is set.']);
  });

  it.each([
    ['31 raw bytes', randomBytes(31), /holds 31 bytes that are not base64 text/],
    ['33 raw bytes', randomBytes(33), /holds 33 bytes that are not base64 text/],
    ['base64 of 16 bytes', randomBytes(16).toString('base64'), /base64 text decoding to 16 bytes/],
    ['an empty file', Buffer.alloc(0), /holds 0 bytes/],
    ['32 characters of base64 (a 24-byte key)', randomBytes(24).toString('base64'), /base64 text decoding to 24 bytes/],
  ])('refuses %s with a clear message', (_label, content, message) => {
    const path = keyFile(content);
    expect(() => loadRootKey({ env: { KEYFORT_ROOT_KEY_FILE: path }, dataDir: dir })).toThrow(RootKeyError);
    expect(() => loadRootKey({ env: { KEYFORT_ROOT_KEY_FILE: path }, dataDir: dir })).toThrow(message);
  });

  it('refuses a missing file instead of falling back to a generated key', () => {
    const env = { KEYFORT_ROOT_KEY_FILE: join(dir, 'missing.key') };
    expect(() => loadRootKey({ env, dataDir: dir })).toThrow(/cannot be read: ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('warns when the file is readable by other users', () => {
    const loaded = loadRootKey({ env: { KEYFORT_ROOT_KEY_FILE: keyFile(randomBytes(32), 0o644) }, dataDir: dir });
    expect(loaded.warnings.join(' ')).toMatch(/readable by other users; chmod 600/);
  });

  it('never puts key bytes into an error message', () => {
    const text = randomBytes(30).toString('base64'); // valid base64, wrong length
    const error = (() => {
      try {
        loadRootKey({ env: { KEYFORT_ROOT_KEY_FILE: keyFile(text) }, dataDir: dir });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toBeDefined();
    expect(error?.message).not.toContain(text);
  });
});

describe('root key from KEYFORT_ROOT_KEY', () => {
  it('decodes base64', () => {
    const key = randomBytes(32);
    const loaded = loadRootKey({ env: { KEYFORT_ROOT_KEY: key.toString('base64') }, dataDir: dir });
    expect(loaded).toMatchObject({ source: 'env', path: null, evaluationOnly: false });
    expect(loaded.key).toEqual(key);
  });

  it('accepts the value handed over by a parent process, checked as the variable is, with the variable unset', () => {
    const key = randomBytes(32);
    const loaded = loadRootKey({ env: {}, dataDir: dir, rootKeyValue: key.toString('base64') });
    expect(loaded).toMatchObject({ source: 'env', path: null, evaluationOnly: false });
    expect(loaded.key).toEqual(key);
    expect(() => loadRootKey({ env: {}, dataDir: dir, rootKeyValue: 'not a key!' })).toThrow(/KEYFORT_ROOT_KEY must be base64 text encoding 32 bytes; it is not base64 text/);
  });

  it.each([
    ['a wrong length', randomBytes(31).toString('base64'), /decodes to 31 bytes/],
    ['32 characters that are not meant as base64 of 32 bytes', 'A'.repeat(32), /decodes to 24 bytes/],
    ['text that is not base64', 'not a key!', /is not base64 text/],
  ])('refuses %s', (_label, value, message) => {
    expect(() => loadRootKey({ env: { KEYFORT_ROOT_KEY: value }, dataDir: dir })).toThrow(message);
  });
});

describe('generated root key (no configuration)', () => {
  it('is created once in the data folder, mode 0600, flagged for the evaluation-only warning', () => {
    const dataDir = join(dir, 'data');
    const first = loadRootKey({ env: {}, dataDir });
    const path = join(dataDir, GENERATED_ROOT_KEY_FILE);
    expect(first).toMatchObject({ source: 'generated', generated: true, evaluationOnly: true, path });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path)).toEqual(first.key);
    expect(readdirSync(dataDir)).toEqual([GENERATED_ROOT_KEY_FILE]); // no temporary file left behind

    const second = loadRootKey({ env: { KEYFORT_ROOT_KEY_FILE: '  ' }, dataDir });
    expect(second).toMatchObject({ source: 'data-dir', generated: false, evaluationOnly: true });
    expect(second.key).toEqual(first.key);
  });

  it('produces a loud banner that names the file but not the key', () => {
    const loaded = loadRootKey({ env: {}, dataDir: dir });
    const banner = evaluationOnlyWarning(loaded);
    expect(banner).toContain('EVALUATION ONLY');
    expect(banner).toContain(join(dir, GENERATED_ROOT_KEY_FILE));
    expect(banner).not.toContain(loaded.key.toString('base64'));
    expect(banner).not.toContain(loaded.key.toString('hex'));
  });

  it('creates a file only when its name is free, atomically and without leftovers', () => {
    const path = join(dir, 'exclusive');
    const first = randomBytes(32);
    expect(createFileExclusively({ path, content: first, mode: 0o600 })).toBe(true);
    expect(createFileExclusively({ path, content: randomBytes(32), mode: 0o600 })).toBe(false);
    expect(readFileSync(path)).toEqual(first);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['exclusive']);
  });

  it('ends with one key when several processes start together', async () => {
    const modulePath = fileURLToPath(new URL('./root-key.ts', import.meta.url));
    const go = join(dir, 'go');
    const dataDir = join(dir, 'data');
    // Each child loads the module, says "ready", then spins until the go file appears, so that all of them
    // reach loadRootKey at nearly the same instant.
    const script = `
      const m = await import(${JSON.stringify(modulePath)});
      const fs = await import('node:fs');
      process.stdout.write('ready\\n');
      while (!fs.existsSync(${JSON.stringify(go)}));
      const r = m.loadRootKey({ env: {}, dataDir: ${JSON.stringify(dataDir)} });
      const h = (await import('node:crypto')).createHash('sha256').update(r.key).digest('hex');
      process.stdout.write(JSON.stringify({ h, generated: r.generated }));`;
    const PROCESSES = 3;
    let ready = 0;
    const children = Array.from({ length: PROCESSES }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stderr.on('data', (chunk) => (err += chunk));
      return new Promise<{ h: string; generated: boolean }>((resolve, reject) => {
        child.stdout.on('data', (chunk) => {
          out += chunk;
          if (out === 'ready\n' && ++ready === PROCESSES) writeFileSync(go, '');
        });
        // 'close', not 'exit': stdout may still hold the last chunk when the process has exited.
        child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.slice('ready\n'.length))) : reject(new Error(err))));
      });
    });
    const results = await Promise.all(children);
    const fileHash = createHash('sha256').update(readFileSync(join(dataDir, GENERATED_ROOT_KEY_FILE))).digest('hex');
    expect(new Set(results.map((r) => r.h))).toEqual(new Set([fileHash]));
    expect(results.filter((r) => r.generated)).toHaveLength(1);
  }, 30_000);
});
