import { describe, expect, it } from 'vitest';
import { createDatabase } from '@/lib/db/client';
import { resolveDatabaseTarget } from '@/lib/db/target';
import { scratchDatabase } from './support/databases';
import { queryRows } from './support/raw-sql';

describe('embedded SQLite connection', () => {
  it('runs with WAL, synchronous=FULL, a busy timeout and foreign keys on the connection Prisma uses', async () => {
    const scratch = await scratchDatabase('sqlite');
    const database = await createDatabase(scratch.options);
    try {
      const pragma = async (name: string) => {
        const [row] = await database.prisma.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`);
        return Object.values(row!)[0];
      };
      expect(await pragma('journal_mode')).toBe('wal');
      expect(Number(await pragma('synchronous'))).toBe(2); // FULL
      expect(Number(await pragma('busy_timeout'))).toBeGreaterThanOrEqual(5000);
      expect(Number(await pragma('foreign_keys'))).toBe(1);
    } finally {
      await database.close();
      await scratch.remove();
    }
  });

  it('creates the data directory and the database file where KEYFORT_DATA_DIR points', async () => {
    const scratch = await scratchDatabase('sqlite');
    const options = { dataDir: `${scratch.options.dataDir}/nested/data` };
    const database = await createDatabase(options);
    try {
      const target = resolveDatabaseTarget(options);
      expect(target).toEqual({ provider: 'sqlite', file: `${options.dataDir}/keyfort.db` });
      expect(await queryRows(target, `SELECT name FROM sqlite_master WHERE name = 'Key'`)).toEqual([{ name: 'Key' }]);
    } finally {
      await database.close();
      await scratch.remove();
    }
  });
});
