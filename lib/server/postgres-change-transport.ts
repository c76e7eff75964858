import { createPostgresChangeTransport } from '@/lib/db/postgres-change-transport';
import type { KeyfortPrismaClient } from '@/lib/db/client';
import type { TChangeTransport } from './change-bus';
import { decodeChange, encodeChange } from './change-wire';

/** Other instances on the same PostgreSQL database (LISTEN/NOTIFY); `everything` after a listening gap. */
export function postgresChangeTransport(options: { connectionString: string; prisma: KeyfortPrismaClient; log: (line: string) => void }): TChangeTransport {
  const transport = createPostgresChangeTransport({
    connectionString: options.connectionString,
    notify: (channel, payload) => options.prisma.$executeRaw`SELECT pg_notify(${channel}, ${payload})`,
    log: options.log,
  });
  return {
    name: 'PostgreSQL NOTIFY',
    send: (change) => transport.send(encodeChange(change)),
    start: (deliver) =>
      transport.start({
        receive: (line) => {
          const change = decodeChange(line);
          if (change) deliver(change);
        },
        gap: () => deliver({ kind: 'everything' }),
      }),
    stop: () => transport.stop(),
  };
}

/** KEYFORT_POSTGRES_NOTIFY: `on` (default) or `off`, for poolers that cannot LISTEN (PgBouncer in transaction mode). */
export function postgresNotifyFromEnv(env: Record<string, string | undefined>): boolean {
  const raw = env.KEYFORT_POSTGRES_NOTIFY?.trim().toLowerCase();
  if (!raw || raw === 'on') return true;
  if (raw === 'off') return false;
  throw new Error(`KEYFORT_POSTGRES_NOTIFY must be "on" or "off", got "${env.KEYFORT_POSTGRES_NOTIFY}".`);
}
