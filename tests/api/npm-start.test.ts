// `npm start` (scripts/start.mjs) as operators run it, on the build that exists (KEYFORT_SKIP_BUILD=1): it
// keeps the console up while the API listener is down and brings the listener back, stops everything on a
// configuration error (exit code 78), and no child's environment holds the root key. Needs `next build`
// like next-route.test.ts (scripts/test-all.sh builds first and sets KEYFORT_API_TESTS_REQUIRE_NEXT=1).
import { CreateKeyCommand, DecryptCommand, EncryptCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmsClient, waitUntil } from './support/client';
import { collectOutput, freePort, logMessages, PROJECT_ROOT, randomAccessKey, randomRootKeyBase64, startProcess, type RunningServer } from './support/server';

const built = existsSync(path.join(PROJECT_ROOT, '.next', 'BUILD_ID'));
const required = process.env.KEYFORT_API_TESTS_REQUIRE_NEXT === '1';
const START_SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'start.mjs');

interface TKeyfort {
  consolePort: number;
  apiPort: number;
  env: NodeJS.ProcessEnv;
}

async function keyfortEnv(dataDir: string, extra: Record<string, string> = {}): Promise<TKeyfort> {
  const [consolePort, apiPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('KEYFORT_') || name === 'DATABASE_URL') delete env[name];
  Object.assign(env, {
    KEYFORT_SKIP_BUILD: '1',
    KEYFORT_DATA_DIR: dataDir,
    PORT: String(consolePort),
    HOSTNAME: '127.0.0.1',
    KEYFORT_API_PORT: String(apiPort),
    KEYFORT_API_HOST: '127.0.0.1',
    KEYFORT_API_WORKERS: '1',
    KEYFORT_KEY_POOL_SIZE: '0',
    NEXT_TELEMETRY_DISABLED: '1',
    ...extra,
  });
  return { consolePort, apiPort, env };
}

function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const commandLine = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8');
const consoleHealthy = async (port: number) => (await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2_000) })).ok;

/** Runs start.mjs until it exits by itself; its exit code and output. */
function runUntilExit(env: NodeJS.ProcessEnv, withinMs: number): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [START_SCRIPT], { cwd: PROJECT_ROOT, env, detached: true, stdio: 'pipe' });
  const collected = collectOutput(child, [START_SCRIPT]);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`npm start was still running after ${withinMs} ms:\n${collected.text()}`));
    }, withinMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: collected.text() });
    });
  });
}

describe.skipIf(!built && !required)('npm start', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'keyfort-npm-start-'));
  const rootKeyBase64 = randomRootKeyBase64();
  const bootstrap = randomAccessKey('KFSTART');
  let keyfort: TKeyfort;
  let running: RunningServer;

  beforeAll(async () => {
    if (!built) throw new Error('KEYFORT_API_TESTS_REQUIRE_NEXT=1 but .next/BUILD_ID is missing: run `next build` first.');
    keyfort = await keyfortEnv(dataDir, {
      KEYFORT_ROOT_KEY: rootKeyBase64,
      KEYFORT_BOOTSTRAP_ACCESS_KEY_ID: bootstrap.accessKeyId,
      KEYFORT_BOOTSTRAP_SECRET_ACCESS_KEY: bootstrap.secretAccessKey,
    });
    const apiClient = kmsClient({ endpoint: `http://127.0.0.1:${keyfort.apiPort}/`, ...bootstrap });
    running = await startProcess({
      args: [START_SCRIPT],
      env: keyfort.env,
      port: keyfort.consolePort,
      ready: async () => (await consoleHealthy(keyfort.consolePort)) && (await apiClient.send(new ListKeysCommand({ Limit: 1 })), true),
      timeoutMs: 150_000,
    });
  }, 180_000);

  afterAll(async () => {
    await running?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const processes = () => {
    const [consolePid] = childPids(running.pid).filter((pid) => commandLine(pid).includes('serve.mjs'));
    const [apiPid] = childPids(running.pid).filter((pid) => commandLine(pid).includes('api-server.mjs'));
    return { consolePid, apiPid, workerPids: apiPid === undefined ? [] : childPids(apiPid) };
  };

  it('hands the root key to the console, the API listener and its workers without it being in any of their environments', async () => {
    const { consolePid, apiPid, workerPids } = processes();
    expect(consolePid).toBeDefined();
    expect(apiPid).toBeDefined();
    expect(workerPids).toHaveLength(1);
    for (const pid of [consolePid!, apiPid!, ...workerPids]) {
      const environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
      expect(environ).toContain(`KEYFORT_DATA_DIR=${dataDir}`);
      expect(environ).not.toContain('KEYFORT_ROOT_KEY=');
      expect(environ).not.toContain(rootKeyBase64);
    }
    // Both hold the key: what one encrypts, the other decrypts.
    const api = kmsClient({ endpoint: `http://127.0.0.1:${keyfort.apiPort}/`, ...bootstrap });
    const onConsole = kmsClient({ endpoint: `http://127.0.0.1:${keyfort.consolePort}/api/aws`, ...bootstrap });
    const { KeyMetadata } = await api.send(new CreateKeyCommand({ Description: 'npm start' }));
    const { CiphertextBlob } = await api.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: Buffer.from('both hold the key') }));
    const decrypted = await onConsole.send(new DecryptCommand({ CiphertextBlob }));
    expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('both hold the key');
  });

  it('keeps the console serving while the API listener is killed, restarts the listener after the backoff and says why', async () => {
    const { apiPid } = processes();
    process.kill(apiPid!, 'SIGKILL');
    const api = kmsClient({ endpoint: `http://127.0.0.1:${keyfort.apiPort}/`, ...bootstrap });
    await waitUntil(
      async () => {
        expect(await consoleHealthy(keyfort.consolePort)).toBe(true);
        const restarted = processes().apiPid;
        if (restarted === undefined || restarted === apiPid) return false;
        return api.send(new ListKeysCommand({ Limit: 1 })).then(
          () => true,
          () => false,
        );
      },
      { withinMs: 90_000, everyMs: 250 },
    );
    expect(logMessages(running.output())).toContain('the AWS API listener stopped unexpectedly (killed by SIGKILL); restarting it in 1 s (failure 1 in a row).');
  }, 120_000);

  // Last: it stops the Keyfort the other tests use.
  it('on SIGTERM stops the console and the API listener gracefully and exits 0 once both are gone', async () => {
    const { consolePid, apiPid } = processes();
    process.kill(running.pid, 'SIGTERM');
    expect(await running.exited, running.output()).toBe(0);
    expect(running.output()).toContain('console stopping: no new connections');
    expect(running.output()).toContain('stopping: no new connections');
    for (const pid of [consolePid!, apiPid!]) expect(existsSync(`/proc/${pid}`), `process ${pid} still runs`).toBe(false);
  }, 60_000);
});

describe.skipIf(!built && !required)('npm start with a configuration error', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'keyfort-npm-start-78-'));

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("in the API listener's settings stops the console too and exits 78, saying why", async () => {
    const { env, consolePort } = await keyfortEnv(dataDir, { KEYFORT_API_WORKERS: '0' });
    const { code, output } = await runUntilExit(env, 150_000);
    expect(code).toBe(78);
    expect(logMessages(output)).toContain('API server cannot start: ConfigurationError: KEYFORT_API_WORKERS must be a whole number from 1 to 64, got "0".');
    expect(logMessages(output)).toContain('Keyfort stops: fix the configuration named above and start it again.');
    // The console was up (the listener starts after it) and is gone now.
    expect(output).toContain('Keyfort console listening');
    await expect(consoleHealthy(consolePort)).rejects.toThrow();
  }, 180_000);

  it("in the console's settings stops before the API listener starts and exits 78, saying why", async () => {
    const { env } = await keyfortEnv(dataDir, { KEYFORT_PUBLIC_URL: 'kms.example.com' });
    const { code, output } = await runUntilExit(env, 150_000);
    expect(code).toBe(78);
    expect(logMessages(output)).toContain('cannot start: ConfigurationError: KEYFORT_PUBLIC_URL must be an absolute URL such as https://kms.example.com, got "kms.example.com".');
    expect(output).not.toContain('Keyfort AWS API listening');
  }, 180_000);
});
