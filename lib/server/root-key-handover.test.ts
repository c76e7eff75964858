import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { answerRootKeyRequests, childEnvironment, ROOT_KEY_HANDOVER_ENV, rootKeyValue } from './root-key-handover.mjs';

const HANDOVER_MODULE = fileURLToPath(new URL('./root-key-handover.mjs', import.meta.url));

describe('KEYFORT_ROOT_KEY handover', () => {
  it('reads the variable once and removes it from the environment it came from', () => {
    const value = randomBytes(32).toString('base64');
    const env: Record<string, string | undefined> = { KEYFORT_ROOT_KEY: value, OTHER: 'kept' };
    expect(rootKeyValue(env)).toBe(value);
    expect(env).toEqual({ OTHER: 'kept' });
    expect(rootKeyValue(env)).toBe(value);
  });

  it('gives a child an environment with the handover flag instead of the key, and none without a key', () => {
    const env = { KEYFORT_ROOT_KEY: 'secret', KEYFORT_ROOT_KEY_FILE: '/etc/keyfort/root.key', PATH: '/bin' };
    expect(childEnvironment(env, 'secret')).toEqual({ KEYFORT_ROOT_KEY_FILE: '/etc/keyfort/root.key', PATH: '/bin', [ROOT_KEY_HANDOVER_ENV]: 'ipc' });
    expect(childEnvironment({ ...env, [ROOT_KEY_HANDOVER_ENV]: 'ipc' }, undefined)).toEqual({ KEYFORT_ROOT_KEY_FILE: '/etc/keyfort/root.key', PATH: '/bin' });
  });

  it('hands the key to a child over IPC: the child has it, and its /proc environ does not', async () => {
    const value = randomBytes(32).toString('base64');
    const script = `
      const { receiveRootKey, rootKeyValue } = await import(${JSON.stringify(HANDOVER_MODULE)});
      await receiveRootKey();
      process.send({ type: 'got', value: rootKeyValue(), flag: process.env.${ROOT_KEY_HANDOVER_ENV} ?? null });
      process.on('message', (m) => { if (m === 'exit') process.exit(0); });`;
    const child = fork('--input-type=module', ['-e', script], { env: childEnvironment({ ...process.env, KEYFORT_ROOT_KEY: value }, value) as NodeJS.ProcessEnv, execArgv: [] });
    answerRootKeyRequests(child, value);
    const got = await new Promise<{ value: string; flag: string | null }>((resolve, reject) => {
      child.on('message', (message: { type?: string; value: string; flag: string | null }) => message.type === 'got' && resolve(message));
      child.once('exit', (code) => reject(new Error(`child exited (${code})`)));
    });
    const environ = readFileSync(`/proc/${child.pid}/environ`, 'latin1');
    child.send('exit');
    expect(got).toEqual({ type: 'got', value, flag: null });
    expect(environ).toContain(`${ROOT_KEY_HANDOVER_ENV}=ipc`);
    expect(environ).not.toContain('KEYFORT_ROOT_KEY=');
    expect(environ).not.toContain(value);
  });
});
