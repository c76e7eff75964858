import { describe, expect, it } from 'vitest';
import { HUAWEI_ROUTES } from '.';

// The routes SPEC §12 and shared/reference/huawei-kms-v1.md list, plus tags and rotation.
const EXPECTED = [
  'POST create-key',
  'POST describe-key',
  'POST list-keys',
  'POST update-key-alias',
  'POST update-key-description',
  'POST enable-key',
  'POST disable-key',
  'POST schedule-key-deletion',
  'POST cancel-key-deletion',
  'POST get-parameters-for-import',
  'POST import-key-material',
  'POST delete-imported-key-material',
  'POST encrypt-data',
  'POST decrypt-data',
  'POST create-datakey',
  'POST create-datakey-without-plaintext',
  'POST decrypt-datakey',
  'POST encrypt-datakey',
  'POST enable-key-rotation',
  'POST disable-key-rotation',
  'POST get-key-rotation-status',
  'POST update-key-rotation-interval',
  'POST aliases',
  'GET aliases',
  'DELETE aliases',
  'GET {key_id}/tags',
  'POST {key_id}/tags',
  'POST {key_id}/tags/action',
  'DELETE {key_id}/tags/{tag_key}',
];

describe('HUAWEI_ROUTES', () => {
  it('answers every route of the reference, each once, under a distinct name', () => {
    expect(HUAWEI_ROUTES.map((route) => `${route.method} ${route.path}`)).toEqual(EXPECTED);
    expect(new Set(HUAWEI_ROUTES.map((route) => route.name)).size).toBe(HUAWEI_ROUTES.length);
  });

  it('lists fixed paths before parameterised ones, so no operation name is taken for a key ID', () => {
    const firstParameterised = HUAWEI_ROUTES.findIndex((route) => route.path.includes('{'));
    expect(HUAWEI_ROUTES.slice(firstParameterised).every((route) => route.path.startsWith('{'))).toBe(true);
  });
});
