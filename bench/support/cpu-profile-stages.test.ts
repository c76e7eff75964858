import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createBundleSourceResolver } from './bundle-sources';
import { attributeStages, stageOfSource, type TCpuProfile, type TProfileNode, type TSourceResolver } from './cpu-profile-stages';

// Frames name their source file directly as their URL: the attribution is tested apart from sourcemaps.
const asSource: TSourceResolver = (frame) => ({ source: frame.url, line: frame.lineNumber + 1 });

function node(id: number, functionName: string, url: string, children: number[] = []): TProfileNode {
  return { id, callFrame: { functionName, url, lineNumber: url ? 0 : -1, columnNumber: 0 }, children };
}

/** Every sample lasts 100 µs (each stands for the time until the next, the last for the time until endTime). */
function profileOf(nodes: TProfileNode[], samples: number[]): TCpuProfile {
  return { nodes, startTime: 1000, endTime: 1000 + samples.length * 100, samples, timeDeltas: samples.map((_, i) => (i === 0 ? 0 : 100)) };
}

const NODES = [
  node(1, '(root)', '', [2, 3, 4, 5, 11, 13]),
  node(2, '(idle)', ''),
  node(3, '(garbage collector)', ''),
  node(4, '(program)', ''),
  node(5, 'handle', 'lib/aws-api/handler.ts', [6, 7, 9]),
  node(6, 'verify', 'lib/aws-api/sigv4.ts', [8]),
  node(7, 'seal', 'lib/kms/crypto/ciphertext-blob.ts', [10]),
  // Native frames count for the Keyfort code that called them: the same digest is SigV4's or AES-GCM's.
  node(8, 'digest', ''),
  node(9, 'parseJsonObjectBody', 'lib/aws-api/json-body.ts', [14]),
  node(10, 'digest', ''),
  node(11, 'parserOnHeadersComplete', 'node:_http_common', [12]),
  node(12, 'execute', ''),
  node(13, 'processTicksAndRejections', 'node:internal/process/task_queues'),
  node(14, 'parse', ''),
];

describe('attributeStages', () => {
  it('gives each sample to the stage of its innermost deciding frame, native frames to their caller', () => {
    const profile = profileOf(NODES, [2, 6, 8, 10, 14, 12, 3, 4, 13, 5]);
    const breakdown = attributeStages(profile, asSource);
    expect(breakdown.coveredUs).toBe(1000);
    expect(breakdown.idleUs).toBe(100);
    expect(breakdown.programUs).toBe(100);
    expect(Object.fromEntries([...breakdown.stageUs].filter(([, us]) => us > 0))).toEqual({
      'SigV4 verification': 200,
      'AES-GCM and ciphertext format': 100,
      'JSON and schema': 100,
      'HTTP parsing and response writing': 100,
      GC: 100,
      'runtime, no Keyfort frame': 100,
      'request dispatch': 100,
    });
    const digests = breakdown.selfFrames.filter((frame) => frame.functionName === 'digest').map(({ sampleClass, us }) => ({ sampleClass, us }));
    expect(digests).toEqual(expect.arrayContaining([{ sampleClass: 'SigV4 verification', us: 100 }, { sampleClass: 'AES-GCM and ciphertext format', us: 100 }]));
    expect(breakdown.deciders).toContainEqual({ source: 'lib/aws-api/sigv4.ts', sampleClass: 'SigV4 verification', us: 200 });
    expect(breakdown.selfFrames.some((frame) => frame.sampleClass === 'idle')).toBe(false);
  });

  it('counts only the samples taken inside the window', () => {
    const breakdown = attributeStages(profileOf(NODES, [2, 6, 8, 10, 3]), asSource, { fromUs: 1100, toUs: 1300 });
    expect(breakdown.coveredUs).toBe(200);
    expect(breakdown.stageUs.get('SigV4 verification')).toBe(200);
    expect(breakdown.idleUs).toBe(0);
    expect(breakdown.stageUs.get('GC')).toBe(0);
  });

  it('never counts negative time when deltas come out of order', () => {
    const profile: TCpuProfile = { nodes: NODES, startTime: 1000, endTime: 1200, samples: [6, 10, 3], timeDeltas: [0, 150, -50] };
    const breakdown = attributeStages(profile, asSource);
    expect(breakdown.stageUs.get('SigV4 verification')).toBe(150);
    expect(breakdown.stageUs.get('AES-GCM and ciphertext format')).toBe(0);
    expect(breakdown.stageUs.get('GC')).toBe(100);
  });
});

describe('stageOfSource', () => {
  it('lets packages decide only where a rule names them', () => {
    expect(stageOfSource('node_modules/zod/v4/core/schemas.js')).toBe('JSON and schema');
    expect(stageOfSource('node_modules/@smithy/signature-v4/dist-cjs/index.js')).toBe('SigV4 verification');
    expect(stageOfSource('node_modules/some-package/index.js')).toBeNull();
    expect(stageOfSource('node:_http_server')).toBeNull();
    expect(stageOfSource('lib/kms/key-cache.ts')).toBe('key lookup');
    expect(stageOfSource('lib/aws-api/rate-limit.ts')).toBe('audit, metrics, logs, rate limit');
  });
});

describe('createBundleSourceResolver', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('maps a bundle frame to its original file through the sourcemap beside the bundle', () => {
    root = mkdtempSync(path.join(tmpdir(), 'keyfort-bundle-sources-'));
    const bundle = path.join(root, '.next', 'keyfort', 'api-server.mjs');
    mkdirSync(path.dirname(bundle), { recursive: true });
    writeFileSync(bundle, 'x();\ny();\n');
    // Generated line 0 → lib/a.ts line 0; generated line 1 → lib/b.ts line 4 (VLQ: source +1, line +4).
    writeFileSync(`${bundle}.map`, JSON.stringify({ version: 3, sources: ['../../lib/a.ts', '../../lib/b.ts'], names: [], mappings: 'AAAA;ACIA' }));
    const resolve = createBundleSourceResolver(root);
    const url = pathToFileURL(bundle).href;
    expect(resolve({ functionName: 'x', url, lineNumber: 0, columnNumber: 0 })).toEqual({ source: 'lib/a.ts', line: 1 });
    expect(resolve({ functionName: 'y', url, lineNumber: 1, columnNumber: 0 })).toEqual({ source: 'lib/b.ts', line: 5 });
    expect(resolve({ functionName: 'get', url: pathToFileURL(path.join(root, 'node_modules', 'p', 'i.js')).href, lineNumber: 3, columnNumber: 1 })).toEqual({
      source: 'node_modules/p/i.js',
      line: 4,
    });
    expect(resolve({ functionName: 'emit', url: 'node:events', lineNumber: 9, columnNumber: 0 })).toEqual({ source: 'node:events', line: 10 });
  });
});
