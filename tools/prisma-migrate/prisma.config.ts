// Prisma 6's CLI with its wasm schema engine (`engine: 'js'`) needs no native binary, so `migrate diff` runs
// offline. That mode insists on a driver adapter, although a diff between two datamodels never touches a
// database (the SQL flavour comes from each schema's datasource). This stand-in refuses any query, so a
// command that would need a real database fails loudly instead of touching one.
import { defineConfig } from 'prisma/config';

const refuse = async (): Promise<never> => {
  throw new Error('tools/prisma-migrate only diffs schema files; it never connects to a database');
};

const offline = { provider: 'sqlite', adapterName: 'keyfort-offline' } as const;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  async adapter() {
    return {
      ...offline,
      connect: async () => ({
        ...offline,
        queryRaw: refuse,
        executeRaw: refuse,
        executeScript: refuse,
        startTransaction: refuse,
        dispose: async () => undefined,
      }),
      connectToShadowDb: refuse,
    };
  },
});
