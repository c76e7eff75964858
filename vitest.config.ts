import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const alias = {
  '@': fileURLToPath(new URL('.', import.meta.url)),
  // Tests run server code outside React's server environment, where 'server-only' would throw by design.
  'server-only': fileURLToPath(new URL('node_modules/server-only/empty.js', import.meta.url)),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        // RSA key generation in some tests takes seconds when other files load both cores: 5 s would be flaky.
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'components/**/*.test.ts', 'app/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'], environment: 'node', testTimeout: 30_000 },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          // Real clients (@aws-sdk/client-kms, AWS CLI, raw SigV4) against a running API listener that
          // globalSetup builds and starts; needs openssl and /usr/bin/aws.
          name: 'api',
          include: ['tests/api/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/api/global-setup.ts'],
          // The pinned SDK (package.json) runs on Node 20; its notice about later releases needing Node 22 is noise here.
          env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          // Several complete Keyfort instances (`npm start` on the existing build) on one PostgreSQL database,
          // under faults; needs TEST_POSTGRES_URL and `next build` + scripts/build-api.mjs first.
          name: 'cluster',
          include: ['tests/cluster/**/*.test.ts'],
          environment: 'node',
          env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
          testTimeout: 90_000,
          hookTimeout: 240_000,
          // Each file starts its own instances: two files at once would only starve both on 2 cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
