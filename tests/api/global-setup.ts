// Starts one Keyfort API listener for the whole `api` project, on a fresh SQLite data folder, and hands
// its endpoint and credentials to the tests. Tests talk to it only as clients would (SDK, CLI, HTTP).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import type { TKeyfortUnderTest } from './support/provided';
import { buildApiServer, randomAccessKey, randomRootKeyBase64, startApiServer } from './support/server';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  buildApiServer();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'keyfort-api-'));
  const rootKeyBase64 = randomRootKeyBase64();
  const bootstrap = randomAccessKey('KFADMIN');
  let server;
  try {
    // KEYFORT_API_TESTS_PORT: a fixed port, for machines where each developer has a range of their own.
    const port = process.env.KEYFORT_API_TESTS_PORT ? Number(process.env.KEYFORT_API_TESTS_PORT) : undefined;
    server = await startApiServer({ dataDir, rootKeyBase64, bootstrap, port });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const keyfort: TKeyfortUnderTest = {
    origin: server.origin,
    endpoint: server.endpoint,
    port: server.port,
    ...bootstrap,
    dataDir,
    rootKeyBase64,
  };
  project.provide('keyfort', keyfort);

  return async () => {
    await server.stop();
    if (process.env.KEYFORT_API_TESTS_KEEP_DATA === '1') {
      console.log(`[api tests] data folder kept: ${dataDir}\n[api tests] server output:\n${server.output()}`);
      return;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
}
