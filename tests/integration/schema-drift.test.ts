import { expect, it } from 'vitest';
import { resolveDatabaseTarget } from '@/lib/db/target';
import { forEachDatabase } from './support/databases';
import { actualExtraIndexes, expectedExtraIndexes, extraIndexNames } from './support/extra-indexes';
import { expectedShape, introspect } from './support/introspect';
import { readExpectedTables } from './support/prisma-schema';

type RuntimeDataModel = { models: Record<string, { dbName: string | null; fields: { name: string; kind: string; type: string }[] }> };

// Fails when prisma/models.prisma and prisma/<provider>/migrations disagree: a field, index or relation
// added to the models without a migration (tools/prisma-migrate: npm run diff -- <name>), or the reverse.
forEachDatabase('schema drift', (db) => {
  it('the migrated database has exactly the tables, columns, indexes and foreign keys of models.prisma', async () => {
    const target = resolveDatabaseTarget(db().options);
    const skipIndexes = extraIndexNames(db().provider);
    expect(await introspect(target, { skipIndexes })).toEqual(expectedShape(readExpectedTables(), db().provider));
  });

  it('has the hand-written indexes models.prisma cannot express, exactly as support/extra-indexes.ts lists them', async () => {
    const target = resolveDatabaseTarget(db().options);
    expect(await actualExtraIndexes(target)).toEqual(await expectedExtraIndexes(target));
  });

  it('the generated client was built from the same models (regenerate with node scripts/prisma-generate.mjs)', () => {
    // Internal to Prisma, but the one place the client states what it was generated from.
    const model = (db().database.prisma as unknown as { _runtimeDataModel?: RuntimeDataModel })._runtimeDataModel;
    expect(model, 'Prisma no longer exposes _runtimeDataModel; read the models another way').toBeDefined();
    const fromClient = Object.entries(model!.models)
      .map(([name, m]) => ({
        table: m.dbName ?? name,
        fields: m.fields.filter((f) => f.kind === 'scalar').map((f) => `${f.name}:${f.type}`).sort(),
      }))
      .sort((a, b) => a.table.localeCompare(b.table));
    const fromSchema = readExpectedTables()
      .map((t) => ({ table: t.name, fields: t.columns.map((c) => `${c.name}:${c.type}`).sort() }))
      .sort((a, b) => a.table.localeCompare(b.table));
    expect(fromClient).toEqual(fromSchema);
  });
});
