import Database from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseTarget } from '@/lib/db/target';

/** Reads straight through the driver, beside Prisma, to see what is really in the database. */
export async function queryRows<T = Record<string, unknown>>(target: DatabaseTarget, sql: string): Promise<T[]> {
  if (target.provider === 'sqlite') {
    const db = new Database(target.file, { readonly: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}
