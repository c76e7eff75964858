// Where a V8 CPU profile's frame comes from, as a path in this repository: frames of the esbuild bundle
// (.next/keyfort/*.mjs) are mapped back to lib/… and scripts/… through the bundle's sourcemap, so that
// stages can be told apart by source file (cpu-profile-stages.ts).
import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TCallFrame, TResolvedFrame, TSourceResolver } from './cpu-profile-stages';

/**
 * file:// frames become repository-relative paths (node_modules/… stays as it is: packages are not bundled);
 * node's own modules keep their `node:` URL; native and VM frames (no URL) become ''.
 */
export function createBundleSourceResolver(root: string): TSourceResolver {
  const maps = new Map<string, SourceMap | null>();

  function mapOf(file: string): SourceMap | null {
    if (!maps.has(file)) {
      let map: SourceMap | null = null;
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMapPayload);
      } catch {
        // No map beside it: a package or a script run as it is, its own path is the source.
      }
      maps.set(file, map);
    }
    return maps.get(file)!;
  }

  return (frame: TCallFrame): TResolvedFrame => {
    if (!frame.url.startsWith('file://')) return { source: frame.url, line: frame.lineNumber + 1 };
    const file = fileURLToPath(frame.url);
    const map = frame.lineNumber >= 0 ? mapOf(file) : null;
    // Profiles count lines and columns from 0, as findEntry does.
    const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
    if (!entry?.originalSource) return { source: path.relative(root, file), line: frame.lineNumber + 1 };
    const original = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : path.resolve(path.dirname(file), entry.originalSource);
    return { source: path.relative(root, original), line: (entry.originalLine ?? 0) + 1 };
  };
}
