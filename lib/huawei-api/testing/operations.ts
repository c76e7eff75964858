import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import { expect } from 'vitest';
import { isKmsError } from '@/lib/kms';
import type { Principal } from '@/lib/kms/types';
import { createTestContext, type TTestContext } from '@/lib/kms/testing/test-context';
import { JsonText, OPERATIONS } from '@/lib/aws-api';
import { HUAWEI_ROUTES } from '../operations';
import type { THuaweiScope } from '../operations/operation';
import { HuaweiApiError } from '../protocol';

// Runs Huawei routes' operations against an in-memory domain with a fake clock, as the handler would after
// authentication, and the AWS operations beside them for the cross-API checks. No HTTP, no signing (the
// handler's own tests cover those).

export const SCOPE: THuaweiScope = { projectId: '0123456789abcdef0123456789abcdef', domainId: 'fedcba9876543210fedcba9876543210' };
export const AWS_SCOPE = { region: 'eu-west-1', accountId: '111122223333' };

/** API callers are access keys: every request is signed, so no fresh-authentication window applies. */
export const apiActor = (role: Principal['role'] = 'ADMINISTRATOR'): Principal => ({ type: 'access-key', id: 'KFTESTHUAWEIAAAAAAAA', name: 'ops@example.test', role });

export interface TCallOptions {
  body?: Record<string, unknown>;
  query?: Record<string, string>;
  params?: Record<string, string>;
  actor?: Principal;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Huawei answers, read field by field in assertions
type TPayload = Record<string, any>;

export interface THuaweiTestApi {
  t: TTestContext;
  call(name: string, options?: TCallOptions): Promise<{ status: number; payload?: TPayload }>;
  /** The payload of a 200 answer (`{}` when it has none). */
  ok(name: string, body?: Record<string, unknown>): Promise<TPayload>;
  /** `KMS.xxxx` for a Huawei refusal, the domain code (`NOT_FOUND` …) for one the handler's default table maps. */
  refusal(name: string, options?: TCallOptions | Record<string, unknown>): Promise<string>;
  /** The refusal's message, for the refusals whose wording matters. */
  message(name: string, body: Record<string, unknown>): Promise<string>;
  aws(operation: string, body: Record<string, unknown>): Promise<TPayload>;
  /** A key made through create-key; returns its ID. */
  key(options?: { alias?: string; origin?: 'kms' | 'external' }): Promise<string>;
  /** get-parameters-for-import, the material wrapped with RSA-OAEP-SHA-256 under its public key, ready for import-key-material. */
  importBody(keyId: string, material: Buffer): Promise<Record<string, unknown>>;
}

export function wrapForHuawei(publicKeyBase64: string, material: Buffer, oaepHash = 'sha256'): string {
  const key = createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' });
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, material).toString('base64');
}

const isCallOptions = (value: object): value is TCallOptions => ['body', 'query', 'params', 'actor'].some((name) => name in value);

export function createHuaweiTestApi(options: { start?: string } = {}): THuaweiTestApi {
  const t = createTestContext({ start: options.start ?? '2030-01-01T12:00:00Z' });
  let aliasCount = 0;

  const call: THuaweiTestApi['call'] = async (name, { body = {}, query = {}, params = {}, actor = apiActor() } = {}) => {
    const route = HUAWEI_ROUTES.find((candidate) => candidate.name === name);
    if (!route) throw new Error(`No Huawei route named ${name}`);
    const answer = await route.operation.run({ ctx: t.ctx, actor, scope: SCOPE }, { body, query: new URLSearchParams(query), params });
    return { status: answer.status, payload: answer.payload as TPayload | undefined };
  };

  const api: THuaweiTestApi = {
    t,
    call,
    async ok(name, body = {}) {
      const answer = await call(name, { body });
      expect(answer.status).toBe(200);
      return answer.payload ?? {};
    },
    async refusal(name, options = {}) {
      try {
        await call(name, isCallOptions(options) ? options : { body: options });
      } catch (error) {
        if (error instanceof HuaweiApiError) return error.code;
        if (isKmsError(error)) return error.code;
        throw error;
      }
      throw new Error(`${name} was not refused`);
    },
    async message(name, body) {
      try {
        await call(name, { body });
      } catch (error) {
        if (error instanceof HuaweiApiError || isKmsError(error)) return error.message;
        throw error;
      }
      throw new Error(`${name} was not refused`);
    },
    async aws(operation, body) {
      const run = OPERATIONS.get(operation);
      if (!run) throw new Error(`No AWS operation ${operation}`);
      const output = await run.run({ ctx: t.ctx, actor: apiActor(), scope: AWS_SCOPE }, body);
      // The data plane answers as JSON text (JsonText); read as a client would.
      return (output instanceof JsonText ? JSON.parse(output.text) : output) as TPayload;
    },
    async key({ alias, origin = 'kms' } = {}) {
      aliasCount += 1;
      const created = await api.ok('create-key', { key_alias: alias ?? `test-key-${aliasCount}`, origin });
      return created.key_info.key_id as string;
    },
    async importBody(keyId, material) {
      const parameters = await api.ok('get-parameters-for-import', { key_id: keyId, wrapping_algorithm: 'RSAES_OAEP_SHA_256' });
      return { key_id: keyId, import_token: parameters.import_token, encrypted_key_material: wrapForHuawei(parameters.public_key, material) };
    },
  };
  return api;
}
