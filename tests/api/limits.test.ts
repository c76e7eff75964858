// Resource limits and the per-access-key request rate on listeners of their own, started with tiny limits
// (SPEC §7 LimitExceededException, ThrottlingException). Each has its own data folder: the key count starts at 0.
import {
  CreateAliasCommand,
  CreateKeyCommand,
  GetParametersForImportCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
} from '@aws-sdk/client-kms';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRequestHandler } from '../support/kms-http-agent';
import { createKey, expectKmsError, REGION, uniqueName } from './support/client';
import { randomAccessKey, randomRootKeyBase64, startApiServer, type RunningServer } from './support/server';

const started: Array<{ server: RunningServer; dataDir: string }> = [];

async function serverWith(env: Record<string, string>): Promise<KMSClient> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'keyfort-api-limits-'));
  const bootstrap = randomAccessKey('KFLIMIT');
  const server = await startApiServer({ dataDir, rootKeyBase64: randomRootKeyBase64(), bootstrap, env });
  started.push({ server, dataDir });
  return new KMSClient({ endpoint: server.endpoint, region: REGION, maxAttempts: 1, credentials: bootstrap, requestHandler: testRequestHandler() });
}

afterAll(async () => {
  for (const { server, dataDir } of started) {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

describe('resource limits', () => {
  let client: KMSClient;
  beforeAll(async () => {
    client = await serverWith({ KEYFORT_MAX_KEYS: '3', KEYFORT_MAX_ALIASES_PER_KEY: '2', KEYFORT_MAX_IMPORT_TOKENS_PER_KEY: '2' });
  });

  it('refuses an alias past KEYFORT_MAX_ALIASES_PER_KEY and a token past KEYFORT_MAX_IMPORT_TOKENS_PER_KEY', async () => {
    const { KeyId } = await createKey(client, { Origin: 'EXTERNAL' });
    const names = [`alias/${uniqueName('limit')}`, `alias/${uniqueName('limit')}`];
    for (const AliasName of names) await client.send(new CreateAliasCommand({ AliasName, TargetKeyId: KeyId }));
    const alias = await expectKmsError(client.send(new CreateAliasCommand({ AliasName: `alias/${uniqueName('limit')}`, TargetKeyId: KeyId })), 'LimitExceededException');
    expect(alias.message).toContain('at most 2 aliases');
    const { Aliases } = await client.send(new ListAliasesCommand({ KeyId }));
    expect(Aliases!.map((a) => a.AliasName).sort()).toEqual([...names].sort());

    const parameters = () => client.send(new GetParametersForImportCommand({ KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
    await parameters();
    await parameters();
    const token = await expectKmsError(parameters(), 'LimitExceededException');
    expect(token.message).toContain('2 unused import tokens');
  });

  it('refuses the key past KEYFORT_MAX_KEYS, creating nothing', async () => {
    const count = async () => (await client.send(new ListKeysCommand({}))).Keys!.length;
    while ((await count()) < 3) await createKey(client);
    const refused = await expectKmsError(client.send(new CreateKeyCommand({ Description: 'one too many' })), 'LimitExceededException');
    expect(refused.message).toContain('already holds 3 keys');
    expect(await count()).toBe(3);
  });
});

describe('per-access-key request rate', () => {
  it('answers ThrottlingException (HTTP 400) once the burst is spent, with a rate of ~0 to refill it', async () => {
    const client = await serverWith({ KEYFORT_API_RATE_LIMIT: '0.001', KEYFORT_API_RATE_BURST: '3' });
    for (let i = 0; i < 3; i++) await client.send(new ListKeysCommand({}));
    const throttled = await expectKmsError(client.send(new ListKeysCommand({})), 'ThrottlingException');
    expect(throttled.message).toContain('Rate exceeded');
  });
});
