import { CreateKeyCommand, type CreateKeyCommandInput, type KeyMetadata, KMSClient, KMSServiceException } from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import { expect, inject } from 'vitest';
import { testRequestHandler } from '../../support/kms-http-agent';
import { recordSecret } from '../../support/test-logs.mjs';
import './provided';

export const REGION = 'eu-west-3';
export const ACCOUNT_ID = '000000000000';

export interface TClientOptions {
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
}

/** Members of requests and answers that are secrets: what the servers' logs must never show (test-logs.mjs). */
const SECRET_MEMBERS = { Plaintext: 'plaintext', ImportToken: 'import-token' } as const;

function recordSecretMembers(shape: unknown): void {
  if (typeof shape !== 'object' || shape === null) return;
  for (const [member, kind] of Object.entries(SECRET_MEMBERS)) {
    const value = (shape as Record<string, unknown>)[member];
    if (value instanceof Uint8Array) recordSecret(kind, value);
  }
}

/**
 * A real @aws-sdk/client-kms client for the server under test: no retries, so every refusal is seen once.
 * It records the secrets it sends and receives (plaintexts, import tokens, its access key's secret) for the
 * check that no server logged them.
 */
export function kmsClient(options: TClientOptions = {}): KMSClient {
  const keyfort = inject('keyfort');
  const secretAccessKey = options.secretAccessKey ?? keyfort.secretAccessKey;
  recordSecret('access-key-secret', secretAccessKey);
  const client = new KMSClient({
    endpoint: options.endpoint ?? keyfort.endpoint,
    region: options.region ?? REGION,
    maxAttempts: 1,
    credentials: { accessKeyId: options.accessKeyId ?? keyfort.accessKeyId, secretAccessKey },
    requestHandler: testRequestHandler(),
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      recordSecretMembers(args.input);
      const result = await next(args);
      recordSecretMembers(result.output);
      return result;
    },
    { step: 'initialize', name: 'recordSecretsForTheLogCheck' },
  );
  return client;
}

/**
 * Awaits a call that must be refused and checks the refusal the way an SDK user would see it: the
 * exception name (from `__type`), HTTP 400 and a non-empty message.
 */
export async function expectKmsError(call: Promise<unknown>, name: string): Promise<KMSServiceException> {
  let caught: unknown;
  try {
    await call;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${name}, but the call succeeded`).toBeDefined();
  expect(caught).toBeInstanceOf(KMSServiceException);
  const error = caught as KMSServiceException;
  expect({ name: error.name, status: error.$metadata.httpStatusCode }).toEqual({ name, status: 400 });
  expect(error.message.length).toBeGreaterThan(0);
  return error;
}

/** Alias names unique per test run: tests share one server and never clean up after each other. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

export async function createKey(client: KMSClient, input: CreateKeyCommandInput = {}): Promise<KeyMetadata & { KeyId: string }> {
  const { KeyMetadata: metadata } = await client.send(new CreateKeyCommand(input));
  if (!metadata?.KeyId) throw new Error('CreateKey returned no KeyMetadata.KeyId');
  return metadata as KeyMetadata & { KeyId: string };
}

export function keyArn(keyId: string, region = REGION): string {
  return `arn:aws:kms:${region}:${ACCOUNT_ID}:key/${keyId}`;
}

export function aliasArn(aliasName: string, region = REGION): string {
  return `arn:aws:kms:${region}:${ACCOUNT_ID}:${aliasName}`;
}

/** Polls `probe` until it returns true; resolves with the elapsed milliseconds, or throws past `withinMs`. */
export async function waitUntil(probe: () => Promise<boolean>, options: { withinMs: number; everyMs?: number }): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await probe()) return performance.now() - started;
    const elapsed = performance.now() - started;
    if (elapsed > options.withinMs) throw new Error(`condition not met within ${options.withinMs} ms (waited ${Math.round(elapsed)} ms)`);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 25));
  }
}
