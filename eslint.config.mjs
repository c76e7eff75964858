import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

// Layer boundaries (lib/kms/README.md). The domain is reached through its index; only the modules that import
// nothing heavy may be imported directly, so client components can take them without the domain in their bundle.
const KMS_INTERNALS = {
  regex: '^@/lib/kms/(?!types$|public-limits$|expiry-urgency$|crypto-availability$|kcv-command$|testing/)',
  message:
    "Import the domain from '@/lib/kms' (its index). Only lib/kms/types, public-limits, expiry-urgency, crypto-availability, kcv-command (what the browser needs too) and testing/* may be imported directly.",
};
const AWS_API_INTERNALS = {
  regex: '^@/lib/aws-api/(?!testing/)',
  message: "Import the AWS API from '@/lib/aws-api' (its index).",
};
// lib/server hosts the AWS API (the listener), so the AWS API must not depend on lib/server.
const SERVER_FROM_AWS_API = {
  regex: '^@/lib/server(/|$)',
  message: 'lib/aws-api must not import lib/server: lib/server hosts the AWS API, not the other way round.',
};
const PLAYWRIGHT_TEST = {
  name: '@playwright/test',
  message: 'Import test and expect from e2e/support/test.ts (it fails tests on CSP violations).',
  allowTypeImports: true,
};

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      // `_`-prefixed names mark parameters kept for a signature; `{ id, ...rest }` is how a field is left out.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `interface NewKey extends Omit<…> {}` names a derived shape; an alias would do the same, less readably.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    files: ['**/*.{ts,tsx,mts}'],
    ignores: ['lib/kms/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [KMS_INTERNALS, AWS_API_INTERNALS] }] },
  },
  {
    files: ['lib/aws-api/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [KMS_INTERNALS, SERVER_FROM_AWS_API] }] },
  },
  {
    // Like the AWS API, the Huawei API is hosted by lib/server and must not depend on it.
    files: ['lib/huawei-api/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [KMS_INTERNALS, AWS_API_INTERNALS, SERVER_FROM_AWS_API] }] },
  },
  {
    // e2e/support/test.ts fails any test during which the browser reports a CSP violation: a spec importing
    // Playwright's own `test` would silently skip that check. Types may still come from Playwright.
    files: ['e2e/**/*.ts'],
    ignores: ['e2e/support/test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [PLAYWRIGHT_TEST], patterns: [KMS_INTERNALS, AWS_API_INTERNALS] }],
    },
  },
  globalIgnores([
    '.next/**',
    'out/**',
    'build/**',
    'next-env.d.ts',
    'lib/db/generated/**',
    'tools/**',
    'test-results/**',
    'test-logs/**',
    'playwright-report/**',
    'data/**',
  ]),
]);
