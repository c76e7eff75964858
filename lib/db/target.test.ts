import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDatabaseTarget } from './target';

describe('resolveDatabaseTarget', () => {
  it('selects PostgreSQL for postgresql:// and postgres:// URLs', () => {
    for (const url of ['postgresql://u@db:5432/keyfort', 'postgres://u@db/keyfort', 'POSTGRESQL://u@db/k']) {
      expect(resolveDatabaseTarget({ databaseUrl: url, dataDir: './data' })).toEqual({ provider: 'postgresql', url });
    }
  });

  it('uses <dataDir>/keyfort.db when DATABASE_URL is unset or blank', () => {
    const file = path.resolve('/srv/keyfort', 'keyfort.db');
    expect(resolveDatabaseTarget({ dataDir: '/srv/keyfort' })).toEqual({ provider: 'sqlite', file });
    expect(resolveDatabaseTarget({ databaseUrl: '  ', dataDir: '/srv/keyfort' })).toEqual({ provider: 'sqlite', file });
  });

  it('refuses any other URL instead of silently falling back to a local file', () => {
    for (const url of ['mysql://u@db/keyfort', 'file:./dev.db', 'postgresql:/missing-slash']) {
      expect(() => resolveDatabaseTarget({ databaseUrl: url, dataDir: './data' })).toThrow(/DATABASE_URL/);
    }
  });
});
