// Role × operation: every role against every console server action, every domain read behind a console page
// or route handler, and every AWS API operation, called for real (the action through defineAction with a
// principal of that role, the read and the API operation with a principal of that role). Refused exactly when the role lacks the operation's permission in
// operation-permissions.ts, and every refusal is FORBIDDEN and audited. An exported action or an API
// operation that the table does not know fails here, so nothing new ships without a rule.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { OPERATIONS } from '@/lib/aws-api';
import { HUAWEI_ROUTES, HuaweiApiError } from '@/lib/huawei-api';
import { SCOPE as HUAWEI_SCOPE } from '@/lib/huawei-api/testing/operations';
import * as kms from '@/lib/kms';
import { type Permission } from '@/lib/kms';
import { isKmsError } from '@/lib/kms';
import type { KmsContext } from '@/lib/kms';
import { ROLES, type Principal, type Role } from '@/lib/kms/types';
import {
  API_OPERATION_RULES,
  CONSOLE_ACTION_RULES,
  CONSOLE_READ_RULES,
  HUAWEI_AWS_TWINS,
  HUAWEI_ROUTE_RULES,
  ruleAllows,
  type THuaweiRouteName,
  type TOperationRule,
} from './operation-permissions';
import {
  API_OPERATION_SAMPLES,
  CONSOLE_ACTION_SAMPLES,
  CONSOLE_READ_SAMPLES,
  createMatrixFixture,
  HUAWEI_ROUTE_SAMPLES,
  HUAWEI_ROUTE_VARIANT_SAMPLES,
  type THuaweiSampleCall,
  type TMatrixFixture,
} from './role-operation-matrix.samples';

const current: { actor: Principal | null; ctx: KmsContext | null } = { actor: null, ctx: null };

vi.mock('@/lib/auth/session', () => ({
  requireActionPrincipal: async () => current.actor,
  requirePagePrincipal: async () => current.actor,
  getPrincipal: async () => current.actor,
}));
vi.mock('@/lib/server/kms-context', () => ({ getKmsContext: async () => current.ctx }));

const APP_DIR = path.resolve(import.meta.dirname, '../../app');
const EXPORTED_ACTION = /^export\s+(?:const|(?:async\s+)?function)\s+(\w+Action)\b/gm;

function filesNamed(dir: string, name: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesNamed(full, name);
    return name.test(entry.name) ? [full] : [];
  });
}

/** Every `export const|function …Action` of app/**\/actions.ts, read from the source. */
const EXPORTED_ACTIONS = filesNamed(APP_DIR, /^actions\.ts$/).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(EXPORTED_ACTION)].map((match) => ({ file, name: match[1]! })),
);

/** Domain functions that pages and route handlers import from '@/lib/kms' (lib/queries/*.ts, app/**\/route.ts). */
const KMS_INDEX_IMPORT = /import\s*\{([^}]*)\}\s*from\s*'@\/lib\/kms';/g;
const READ_FILES = [...filesNamed(path.resolve(APP_DIR, '../lib/queries'), /\.ts$/), ...filesNamed(APP_DIR, /^route\.ts$/)];
// Imported by lib/queries through the index too, but no role decides them: rolesCoveredBy reads nothing, and
// listSessions is allowed by whose sessions they are (authorizeSessionsOf; lib/kms/sessions.test.ts).
const NOT_ROLE_READS = new Set(['rolesCoveredBy', 'listSessions']);
const CONSOLE_READS = [
  ...new Set(
    READ_FILES.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(KMS_INDEX_IMPORT)].flatMap((match) =>
        match[1]!
          .split(',')
          .map((name) => name.trim().replace(/^type\s+/, ''))
          .filter((name) => typeof (kms as Record<string, unknown>)[name] === 'function' && !/^(is|to)[A-Z]/.test(name) && !NOT_ROLE_READS.has(name)),
      ),
    ),
  ),
];

/** Roles Keyfort knows, and one it does not: that must be refused everything that needs a permission. */
const MATRIX_ROLES: Array<Role> = [...ROLES, 'INTERN' as Role];

function expected(rule: Exclude<TOperationRule, 'public'>, role: Role): 'allowed' | 'FORBIDDEN' {
  return ruleAllows(rule, { type: 'user', id: 'x', name: 'x', role }) ? 'allowed' : 'FORBIDDEN';
}

describe('the operation table covers everything', () => {
  it('finds the console actions', () => {
    expect(EXPORTED_ACTIONS.length).toBeGreaterThan(10);
  });

  it('names every exported server action once, and nothing that is not one', () => {
    const exported = EXPORTED_ACTIONS.map((action) => action.name);
    expect(new Set(exported).size, 'two actions.ts export the same name: rename one').toBe(exported.length);
    expect(Object.keys(CONSOLE_ACTION_RULES).sort()).toEqual([...exported].sort());
  });

  it('names every registered API operation, and nothing else', () => {
    expect(Object.keys(API_OPERATION_RULES).sort()).toEqual([...OPERATIONS.keys()].sort());
  });

  it('names every Huawei route once, and nothing that is not one', () => {
    const routes = HUAWEI_ROUTES.map((route) => route.name);
    expect(new Set(routes).size, 'two Huawei routes share a name').toBe(routes.length);
    expect(Object.keys(HUAWEI_ROUTE_RULES).sort()).toEqual([...routes].sort());
  });

  it.each(Object.entries(HUAWEI_AWS_TWINS))('Huawei %s needs what its AWS twins %j need', (name, twins) => {
    for (const twin of twins) expect(HUAWEI_ROUTE_RULES[name as THuaweiRouteName], twin).toBe(API_OPERATION_RULES[twin]);
  });

  it('names every domain read behind a console page or route handler', () => {
    expect(CONSOLE_READS).toContain('listAuditEvents');
    expect(Object.keys(CONSOLE_READ_RULES).sort()).toEqual([...CONSOLE_READS].sort());
  });

  it('public and signed-in rules need nobody or anybody: the roles do not decide them', () => {
    const rule: TOperationRule = 'signed-in';
    expect(ROLES.every((role) => ruleAllows(rule, { type: 'user', id: 'x', name: 'x', role }))).toBe(true);
    expect(ruleAllows(rule, null)).toBe(false);
    expect(ruleAllows('public', null)).toBe(true);
  });
});

const HUAWEI_CASES: Array<{ label: string; name: THuaweiRouteName; sample: (f: TMatrixFixture) => THuaweiSampleCall | Promise<THuaweiSampleCall> }> = [
  ...(Object.keys(HUAWEI_ROUTE_RULES) as THuaweiRouteName[]).map((name) => ({ label: name, name, sample: HUAWEI_ROUTE_SAMPLES[name] })),
  ...HUAWEI_ROUTE_VARIANT_SAMPLES.map(({ name, variant, sample }) => ({ label: `${name} (${variant})`, name, sample })),
];

const permissionActions = EXPORTED_ACTIONS.filter(({ name }) => {
  const rule = (CONSOLE_ACTION_RULES as Record<string, TOperationRule | undefined>)[name];
  return rule !== undefined && rule !== 'public' && rule !== 'signed-in';
});

describe.each(MATRIX_ROLES)('role %s', (role) => {
  beforeEach(() => {
    current.actor = null;
    current.ctx = null;
  });

  it.each(permissionActions)('console $name', async ({ file, name }) => {
    const rule = CONSOLE_ACTION_RULES[name as keyof typeof CONSOLE_ACTION_RULES] as Permission;
    const sample = CONSOLE_ACTION_SAMPLES[name as keyof typeof CONSOLE_ACTION_SAMPLES];
    expect(sample, `add a sample input for ${name} to role-operation-matrix.samples.ts`).toBeDefined();
    const fixture = await createMatrixFixture();
    const actor: Principal = { type: 'user', id: `user-${role}`, name: `${role}@example.test`, role };
    current.actor = actor;
    current.ctx = fixture.t.ctx;
    const action = (await import(pathToFileURL(file).href))[name] as (input: unknown) => Promise<{ ok: boolean; code?: string }>;
    const auditBefore = fixture.t.store.audit.length;

    const result = await action(sample(fixture));

    const refusals = fixture.t.store.audit.slice(auditBefore).filter((event) => event.errorCode === 'FORBIDDEN' && event.actorId === actor.id);
    if (expected(rule, role) === 'FORBIDDEN') {
      expect(result).toEqual({ ok: false, code: 'FORBIDDEN' });
      expect(refusals, 'the refusal is audited').toHaveLength(1);
      expect(refusals[0]).toMatchObject({ result: 'FAILURE' });
    } else {
      // Allowed: it ran (it may still fail on the key's state, e.g. cancelling a deletion never scheduled).
      expect(['FORBIDDEN', 'VALIDATION', 'UNAUTHENTICATED', 'INTERNAL'], JSON.stringify(result)).not.toContain(result.code);
      expect(refusals).toHaveLength(0);
    }
  });

  it.each(Object.keys(CONSOLE_READ_RULES) as Array<keyof typeof CONSOLE_READ_RULES>)('console read %s', async (name) => {
    const fixture = await createMatrixFixture();
    const actor: Principal = { type: 'user', id: `user-${role}`, name: `${role}@example.test`, role };
    const read = kms[name] as (ctx: KmsContext, options: Record<string, unknown>) => Promise<unknown>;
    const auditBefore = fixture.t.store.audit.length;

    const outcome = await read(fixture.t.ctx, { actor, ...CONSOLE_READ_SAMPLES[name](fixture) }).then(
      () => 'allowed',
      (error: unknown) => (isKmsError(error) ? error.code : `thrown: ${String(error)}`),
    );

    const refusals = fixture.t.store.audit.slice(auditBefore).filter((event) => event.errorCode === 'FORBIDDEN' && event.actorId === actor.id);
    if (expected(CONSOLE_READ_RULES[name], role) === 'FORBIDDEN') {
      expect(outcome).toBe('FORBIDDEN');
      expect(refusals, 'the refusal is audited').toHaveLength(1);
    } else {
      expect(outcome).toBe('allowed');
      expect(refusals).toHaveLength(0);
    }
  });

  it.each(Object.keys(API_OPERATION_RULES) as Array<keyof typeof API_OPERATION_RULES>)('API %s', async (name) => {
    const fixture = await createMatrixFixture();
    const actor: Principal = { type: 'access-key', id: `KF${role}`, name: 'owner@example.test', role };
    const operation = OPERATIONS.get(name)!;
    const auditBefore = fixture.t.store.audit.length;

    const outcome = await operation
      .run({ ctx: fixture.t.ctx, actor, scope: { region: 'eu-west-1', accountId: '111122223333' } }, API_OPERATION_SAMPLES[name](fixture))
      .then(
        () => 'allowed',
        (error: unknown) => (isKmsError(error) ? error.code : `thrown: ${String(error)}`),
      );

    const refusals = fixture.t.store.audit.slice(auditBefore).filter((event) => event.errorCode === 'FORBIDDEN' && event.actorId === actor.id);
    if (expected(API_OPERATION_RULES[name], role) === 'FORBIDDEN') {
      expect(outcome).toBe('FORBIDDEN');
      expect(refusals, 'the refusal is audited').toHaveLength(1);
    } else {
      expect(outcome).not.toMatch(/^(FORBIDDEN|VALIDATION|thrown: )/);
      expect(refusals).toHaveLength(0);
    }
  });

  // Success is asked of an allowed role (the samples set the key up for it), not merely "not refused".
  it.each(HUAWEI_CASES)('Huawei $label', async ({ name, sample }) => {
    const fixture = await createMatrixFixture();
    const actor: Principal = { type: 'access-key', id: `KF${role}`, name: 'owner@example.test', role };
    const route = HUAWEI_ROUTES.find((candidate) => candidate.name === name)!;
    const call = await sample(fixture);
    const auditBefore = fixture.t.store.audit.length;

    const outcome = await route.operation
      .run(
        { ctx: fixture.t.ctx, actor, scope: HUAWEI_SCOPE },
        { body: call.body ?? {}, query: new URLSearchParams(call.query), params: call.params ?? {} },
      )
      .then(
        () => 'allowed',
        (error: unknown) =>
          isKmsError(error) ? error.code : error instanceof HuaweiApiError ? `huawei: ${error.code} ${error.message}` : `thrown: ${String(error)}`,
      );

    const refusals = fixture.t.store.audit.slice(auditBefore).filter((event) => event.errorCode === 'FORBIDDEN' && event.actorId === actor.id);
    if (expected(HUAWEI_ROUTE_RULES[name], role) === 'FORBIDDEN') {
      // The domain's FORBIDDEN itself: the Huawei handler's default table answers it 403 KMS.0306.
      expect(outcome).toBe('FORBIDDEN');
      expect(refusals, 'the refusal is audited').toHaveLength(1);
      expect(refusals[0]).toMatchObject({ result: 'FAILURE' });
    } else {
      expect(outcome).toBe('allowed');
      expect(refusals).toHaveLength(0);
    }
  });
});
