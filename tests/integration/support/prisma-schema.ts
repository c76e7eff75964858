import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The database shape a Prisma schema asks for, provider-neutral. */
export interface ExpectedTable {
  name: string;
  columns: { name: string; type: string; nullable: boolean }[];
  primaryKey: string[];
  /** Secondary indexes (unique constraints included), by column list. */
  indexes: { columns: string[]; unique: boolean }[];
  foreignKeys: { columns: string[]; references: string; referencedColumns: string[]; onDelete: string }[];
}

const SCALARS = new Set(['String', 'Int', 'BigInt', 'Boolean', 'DateTime', 'Bytes', 'Float', 'Decimal', 'Json']);
const IGNORED_FIELD_ATTRIBUTES = new Set(['@default', '@updatedAt', '@relation']);

const list = (text: string): string[] => text.split(',').map((item) => item.trim()).filter(Boolean);
const quoted = (text: string): string => /^"([^"]*)"$/.exec(text.trim())?.[1] ?? fail(`expected a string, got ${text}`);

function fail(message: string): never {
  // Anything this small parser does not understand fails the drift test loudly instead of being skipped.
  throw new Error(`models.prisma: ${message}; teach tests/integration/support/prisma-schema.ts about it`);
}

/** Reads prisma/models.prisma (the models both providers' schemas share). Supports what Keyfort uses. */
export function readExpectedTables(file = path.resolve('prisma', 'models.prisma')): ExpectedTable[] {
  const source = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '');
  const models = [...source.matchAll(/^\s*model\s+(\w+)\s*\{([^}]*)\}/gm)];
  const tableNames = new Map(models.map(([, name, body]) => [name!, /@@map\(([^)]*)\)/.exec(body!)?.[1] ?? `"${name}"`]));
  if (/^\s*(enum|type|view)\s/m.test(source)) fail('enums, composite types and views are not supported');

  const columnsOf = new Map<string, Map<string, string>>();
  const column = (model: string, field: string) => columnsOf.get(model)?.get(field) ?? fail(`unknown field ${model}.${field}`);

  const tables = models.map(([, modelName, body]) => {
    const table: ExpectedTable = { name: quoted(tableNames.get(modelName!)!), columns: [], primaryKey: [], indexes: [], foreignKeys: [] };
    const columnOf = new Map<string, string>();
    columnsOf.set(modelName!, columnOf);
    const blockAttributes: string[] = [];

    for (const line of body!.split('\n').map((l) => l.trim()).filter(Boolean)) {
      if (line.startsWith('@@')) {
        blockAttributes.push(line);
        continue;
      }
      const match = /^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line) ?? fail(`cannot read "${line}"`);
      const [, field, type, isList, optional, rest] = match as unknown as [string, string, string, string | undefined, string | undefined, string];
      const attributes = [...rest.matchAll(/@[\w.]+(\((?:[^()]|\([^()]*\))*\))?/g)].map((m) => m[0]);

      if (!SCALARS.has(type)) {
        const relation = attributes.find((a) => a.startsWith('@relation('));
        if (relation && /fields:/.test(relation)) {
          const fields = list(/fields:\s*\[([^\]]*)\]/.exec(relation)![1]!);
          const references = list(/references:\s*\[([^\]]*)\]/.exec(relation)![1]!);
          const onDelete = /onDelete:\s*(\w+)/.exec(relation)?.[1] ?? (optional ? 'SetNull' : 'Restrict');
          table.foreignKeys.push({ columns: fields, references: type, referencedColumns: references, onDelete });
        }
        continue; // relation fields are not columns
      }
      if (isList) fail(`scalar list ${field}`);
      let columnName = field;
      for (const attribute of attributes) {
        const name = attribute.replace(/\(.*$/s, '');
        if (name === '@id') table.primaryKey.push(field);
        else if (name === '@unique') table.indexes.push({ columns: [field], unique: true });
        else if (name === '@map') columnName = quoted(attribute.slice(5, -1));
        else if (!IGNORED_FIELD_ATTRIBUTES.has(name)) fail(`attribute ${name} on ${modelName}.${field}`);
      }
      columnOf.set(field, columnName);
      table.columns.push({ name: columnName, type, nullable: Boolean(optional) });
    }

    for (const attribute of blockAttributes) {
      const [, name, args] = /^(@@\w+)\((.*)\)$/.exec(attribute) ?? fail(`cannot read "${attribute}"`);
      if (name === '@@map') continue;
      const fields = list(/^\[([^\]]*)\]/.exec(args!)?.[1] ?? fail(`cannot read "${attribute}"`));
      if (fields.some((f) => !/^\w+$/.test(f))) fail(`index options in "${attribute}"`);
      if (name === '@@id') table.primaryKey.push(...fields);
      else if (name === '@@index' || name === '@@unique') table.indexes.push({ columns: fields, unique: name === '@@unique' });
      else fail(`attribute ${name} on ${modelName}`);
    }

    return { model: modelName!, table };
  });

  // Field names become column names only now: a relation may point at a model defined further down.
  return tables.map(({ model, table }) => {
    const own = (field: string) => column(model, field);
    return {
      ...table,
      primaryKey: table.primaryKey.map(own),
      indexes: table.indexes.map((index) => ({ ...index, columns: index.columns.map(own) })),
      foreignKeys: table.foreignKeys.map((fk) => ({
        columns: fk.columns.map(own),
        references: quoted(tableNames.get(fk.references) ?? fail(`unknown model ${fk.references}`)),
        referencedColumns: fk.referencedColumns.map((field) => column(fk.references, field)),
        onDelete: fk.onDelete,
      })),
    };
  });
}
