import type { KmsContext } from '@/lib/kms';
import type { Principal } from '@/lib/kms/types';

/** Who a request runs for and which Huawei project and domain (account) Keyfort answers as. */
export interface THuaweiScope {
  /** 32 lower-case hex characters: KEYFORT_HUAWEI_PROJECT_ID, or the generated default. */
  projectId: string;
  /** What key details report as domain_id (Huawei's account ID). */
  domainId: string;
}

export interface THuaweiOperationEnv {
  ctx: KmsContext;
  actor: Principal;
  scope: THuaweiScope;
}

/** What a route hands its operation: the JSON body (`{}` for GET and bodiless DELETE), the query, and path parameters. */
export interface THuaweiCall {
  body: Record<string, unknown>;
  query: URLSearchParams;
  /** Named segments of the route's path, e.g. `{ key_id }` for `{key_id}/tags`. */
  params: Readonly<Record<string, string>>;
}

/** 200 with a JSON body, 200 with an empty body (import-key-material), or 204 (tag operations), as Huawei answers. */
export type THuaweiAnswer = { status: 200; payload: object } | { status: 200 | 204; payload?: undefined };

export interface THuaweiOperation {
  run(env: THuaweiOperationEnv, call: THuaweiCall): Promise<THuaweiAnswer>;
}

export type THuaweiMethod = 'GET' | 'POST' | 'DELETE';

/**
 * One route under `/v1.0/{project_id}/kms/`: `path` is what follows, with `{name}` segments for parameters
 * (e.g. 'create-key', 'aliases', '{key_id}/tags/{tag_key}'). `name` is the operation as audit records,
 * metrics and logs name it (Huawei's own name, e.g. 'encrypt-data').
 */
export interface THuaweiRoute {
  method: THuaweiMethod;
  path: string;
  name: string;
  operation: THuaweiOperation;
}
