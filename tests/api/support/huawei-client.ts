// Huawei KMS v1.0 calls as Huawei's own Node SDK core sends them: its HcClient, its AK/SK signer and its axios
// client, against a real Keyfort listener. There is no KMS service package for Node on the registry, so the
// tests name the route and body as the service package would. Answers come back whole (status and body),
// refusals included: the SDK's own exception drops Huawei's `{"error":{"error_code",…}}` (it reads `error.code`).
import { createHash } from 'node:crypto';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient';
import { DefaultHttpClient } from '@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient';
import type { SdkResponse } from '@huaweicloud/huaweicloud-sdk-core/SdkResponse';
import { expect, inject } from 'vitest';
import { resolveHuaweiScope } from '@/lib/huawei-api/scope';
import { sdkSignedRequest } from '@/lib/huawei-api/testing/sdk-sign';
import { recordSecret } from '../../support/test-logs.mjs';
import type { InProcessKeyfort } from './domain';

export interface THuaweiScopeIds {
  projectId: string;
  domainId: string;
}

/**
 * The shared test server's project and domain IDs. Its global setup sets no KEYFORT_HUAWEI_PROJECT_ID, so the
 * server answers as the project stored in its database; this reads it back the way the server does (insert
 * if absent, first writer wins), so whichever of the two asks first, both end up with the same IDs.
 */
export async function sharedHuaweiScope(keyfort: InProcessKeyfort): Promise<THuaweiScopeIds> {
  return resolveHuaweiScope({
    env: {},
    settingOrInsert: ({ name, candidate }) => keyfort.ctx.store.putSettingIfAbsent(name, candidate),
  });
}

export interface THuaweiAnswer<T = Record<string, unknown>> {
  status: number;
  /** The JSON answer; {} for an empty one (import-key-material, tag routes). */
  body: T;
  requestId: string | undefined;
}

export interface THuaweiError {
  error: { error_code: string; error_msg: string };
}

type TMethod = 'GET' | 'POST' | 'DELETE';

/** What DefaultHttpClient throws before HcClient turns it into an exception without the error body. */
interface TRawRefusal {
  data?: unknown;
  status?: number;
  headers?: Record<string, string>;
}

/** Remembers the last raw refusal, so the caller reads Huawei's error body as it arrived. */
class RecordingHttpClient extends DefaultHttpClient {
  lastRefusal: TRawRefusal | undefined;
  override async sendRequest<T extends SdkResponse>(request: Parameters<DefaultHttpClient['sendRequest']>[0]) {
    this.lastRefusal = undefined;
    try {
      return await super.sendRequest<T>(request);
    } catch (error) {
      this.lastRefusal = error as TRawRefusal;
      throw error;
    }
  }
}

/** Fields whose values are secrets: recorded for the check that no server logged them. */
const SECRET_FIELDS: Record<string, string> = {
  plain_text: 'plaintext',
  plain_text_base64: 'plaintext',
  data_key: 'data-key',
  import_token: 'import-token',
};

function recordSecretFields(shape: unknown): void {
  if (typeof shape !== 'object' || shape === null) return;
  for (const [field, kind] of Object.entries(SECRET_FIELDS)) {
    const value = (shape as Record<string, unknown>)[field];
    if (typeof value === 'string' && value !== '') recordSecret(kind, value);
  }
}

export interface THuaweiKms {
  projectId: string;
  /** Any route under /v1.0/{project_id}/kms/, answered whole. */
  call<T = Record<string, unknown>>(options: { method: TMethod; route: string; body?: object; query?: Record<string, string> }): Promise<THuaweiAnswer<T>>;
  /** POST to an operation; the answer whole, refusals included. */
  post<T = Record<string, unknown>>(operation: string, body: object): Promise<THuaweiAnswer<T>>;
  /** POST that must succeed (200): its body; otherwise throws with the refusal, so a failure explains itself. */
  ok<T = Record<string, unknown>>(operation: string, body: object): Promise<T>;
}

export function huaweiKms(options: { origin: string; projectId: string; accessKeyId: string; secretAccessKey: string }): THuaweiKms {
  recordSecret('access-key-secret', options.secretAccessKey);
  const credentials = new BasicCredentials().withAk(options.accessKeyId).withSk(options.secretAccessKey).withProjectId(options.projectId);
  // What ClientBuilder.build() assembles; ClientBuilder itself needs the 'uuid' package, which the core's
  // package.json does not declare (and this project does not install). A quiet logger: the client would log
  // every refusal with its request config, bodies included.
  const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const http = new RecordingHttpClient({ headers: { 'User-Agent': 'huaweicloud-usdk-nodejs/3.0' }, logger: quiet } as never, [options.origin]);
  const client = new HcClient(http).withCredential(credentials).withEndpoints([options.origin]);

  async function call<T>(request: { method: TMethod; route: string; body?: object; query?: Record<string, string> }): Promise<THuaweiAnswer<T>> {
    recordSecretFields(request.body);
    try {
      const answer = (await client.sendRequest({
        method: request.method,
        url: `/v1.0/{project_id}/kms/${request.route}`,
        contentType: 'application/json',
        headers: {},
        pathParams: {},
        queryParams: request.query ?? {},
        data: request.body,
      })) as Record<string, unknown> & { httpStatusCode: number };
      const { httpStatusCode, ...body } = answer;
      recordSecretFields(body);
      return { status: httpStatusCode, body: body as T, requestId: undefined };
    } catch (error) {
      const raw = http.lastRefusal;
      if (raw?.status === undefined) throw error;
      return { status: raw.status, body: (raw.data ?? {}) as T, requestId: raw.headers?.['x-request-id'] };
    }
  }

  return {
    projectId: options.projectId,
    call,
    post: (operation, body) => call({ method: 'POST', route: operation, body }),
    async ok<T>(operation: string, body: object) {
      const answer = await call<T>({ method: 'POST', route: operation, body });
      if (answer.status !== 200) throw new Error(`${operation} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
  };
}

/** The shared API test server's administrator, through Huawei's API. */
export function sharedHuaweiKms(scope: THuaweiScopeIds, credentials?: { accessKeyId: string; secretAccessKey: string }): THuaweiKms {
  const keyfort = inject('keyfort');
  return huaweiKms({
    origin: keyfort.origin,
    projectId: scope.projectId,
    accessKeyId: credentials?.accessKeyId ?? keyfort.accessKeyId,
    secretAccessKey: credentials?.secretAccessKey ?? keyfort.secretAccessKey,
  });
}

/**
 * A POST whose body is sent byte for byte (e.g. not JSON at all), signed by the SDK core's signer over those
 * exact bytes: their SHA-256 goes in X-Sdk-Content-Sha256, which the signer signs in place of its own hash
 * of a JSON body.
 */
export async function rawSignedPost(options: {
  origin: string;
  projectId: string;
  operation: string;
  body: string;
  accessKeyId: string;
  secretAccessKey: string;
}): Promise<{ status: number; body: unknown }> {
  const hash = createHash('sha256').update(options.body, 'utf8').digest('hex');
  const signed = sdkSignedRequest({
    method: 'POST',
    origin: options.origin,
    path: `/v1.0/${options.projectId}/kms/${options.operation}`,
    headers: { 'Content-Type': 'application/json', 'X-Project-Id': options.projectId, 'X-Sdk-Content-Sha256': hash },
    accessKeyId: options.accessKeyId,
    secretKey: options.secretAccessKey,
  });
  const headers = { ...(signed.headers as Record<string, string>) };
  // fetch sets Host itself, to the value the signer signed.
  delete headers.host;
  const response = await fetch(`${options.origin}${signed.path}`, { method: 'POST', headers, body: options.body });
  return { status: response.status, body: await response.json() };
}

/** Huawei's refusal shape with this code and a non-empty message. */
export function huaweiRefusal(status: number, code: string) {
  return { status, body: { error: { error_code: code, error_msg: expect.stringMatching(/\S/) } } };
}
