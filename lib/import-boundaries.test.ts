import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(relative);
    return /\.(ts|tsx)$/.test(entry.name) ? [relative] : [];
  });
}

/** Module specifiers a file imports for their values (`import type` and `import { type X }`-only are erased). */
function valueImports(source: string): string[] {
  const specifiers: string[] = [];
  for (const match of source.matchAll(/^import\s+(type\s+)?([^;]*?)\s*from\s+'([^']+)'/gms)) {
    if (match[1]) continue;
    const [, , clause = '', specifier = ''] = match;
    const named = /^\{([^}]*)\}$/s.exec(clause.trim());
    if (named && (named[1] ?? '').split(',').every((name) => name.trim() === '' || name.trim().startsWith('type '))) continue;
    specifiers.push(specifier);
  }
  return specifiers;
}

// What runs only on the server: the database, the queries, the session and request context, the domain and
// the AWS and Huawei APIs with their node:crypto. A client component gets their results from its server page.
const SERVER_ONLY = /^@\/lib\/(db|queries|server|aws-api|huawei-api)(\/|$)|^@\/lib\/auth\/(session|auth|create-auth)$|^@\/lib\/kms$/;

describe('import boundaries', () => {
  it('client components import no server-only module for its values', () => {
    const offenders = [...sourceFiles('app'), ...sourceFiles('components')]
      .filter((file) => /^\s*['"]use client['"]/.test(readFileSync(path.join(ROOT, file), 'utf8')))
      .flatMap((file) => valueImports(readFileSync(path.join(ROOT, file), 'utf8')).filter((s) => SERVER_ONLY.test(s)).map((s) => `${file}: ${s}`));
    expect(offenders).toEqual([]);
  });

  it('the lint configuration refuses lib/kms and lib/aws-api internals outside them, and lib/server in lib/aws-api', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const lint = async (filePath: string, code: string) => {
      const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
      return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').length;
    };
    expect(await lint('app/example.ts', "import { KmsError } from '@/lib/kms/errors';\nexport const e = KmsError;\n")).toBe(1);
    expect(await lint('app/example.ts', "import { KmsError } from '@/lib/kms';\nexport const e = KmsError;\n")).toBe(0);
    expect(await lint('components/example.ts', "import { PENDING_WINDOW_DAYS } from '@/lib/kms/public-limits';\nexport const d = PENDING_WINDOW_DAYS;\n")).toBe(0);
    expect(await lint('lib/server/example.ts', "import { OPERATIONS } from '@/lib/aws-api/operations';\nexport const o = OPERATIONS;\n")).toBe(1);
    expect(await lint('lib/aws-api/example.ts', "import { getKmsContext } from '@/lib/server/kms-context';\nexport const g = getKmsContext;\n")).toBe(1);
    expect(await lint('lib/kms/example.ts', "import { KmsError } from '@/lib/kms/errors';\nexport const e = KmsError;\n")).toBe(0);
  }, 60_000);
});
