// Splits a V8 CPU profile (.cpuprofile, as `node --cpu-prof` writes it) of the API listener into the stages of
// a request: each sample's time goes to exactly one stage, decided by the innermost frame of its stack that
// belongs to a stage (Keyfort's own source files, and the few packages that do one stage's work). Native
// frames (Hmac.digest, JSON.parse, Buffer.from) and node's internals therefore count for the Keyfort code
// that called them: an HMAC is SigV4's when sigv4.ts asked for it and the ciphertext format's when
// ciphertext-blob.ts did. Only stacks without any such frame (node's HTTP machinery between requests, GC)
// are told apart by what they are.

export interface TCallFrame {
  functionName: string;
  url: string;
  /** 0-based, as profiles count; -1 for native frames. */
  lineNumber: number;
  columnNumber: number;
}

export interface TProfileNode {
  id: number;
  callFrame: TCallFrame;
  children?: number[];
}

export interface TCpuProfile {
  nodes: TProfileNode[];
  /** Microseconds on the monotonic clock (process.hrtime's, in µs). */
  startTime: number;
  endTime: number;
  /** The leaf node's id of each sample. */
  samples: number[];
  /** Microseconds since the previous sample (the first: since startTime). */
  timeDeltas: number[];
}

/** A frame's source as a repository path (lib/…, node_modules/…), a `node:` URL, or '' for native code. */
export interface TResolvedFrame {
  source: string;
  /** 1-based; 0 where unknown. */
  line: number;
}

export type TSourceResolver = (frame: TCallFrame) => TResolvedFrame;

export const STAGES = [
  'HTTP parsing and response writing',
  'SigV4 verification',
  'JSON and schema',
  'key lookup',
  'AES-GCM and ciphertext format',
  'audit, metrics, logs, rate limit',
  'request dispatch',
  'GC',
  'runtime, no Keyfort frame',
] as const;
export type TStage = (typeof STAGES)[number];
/** Outside the per-request stages: (program) is V8's and node's native work outside JavaScript, (idle) is waiting. */
export type TSampleClass = TStage | 'program' | 'idle';

/**
 * Source files that decide a stage, first match wins. Files of Keyfort not named here still decide (as
 * 'request dispatch' when under lib/aws-api or lib/kms, see stageOfSource): what is missing shows in --explain.
 */
const SOURCE_RULES: ReadonlyArray<readonly [TStage, RegExp]> = [
  ['SigV4 verification', /^lib\/aws-api\/(sigv4|sigv4-canonical|sha256|authenticate|credentials)\.ts$/],
  ['SigV4 verification', /^lib\/kms\/resolve-access-key\.ts$/],
  ['SigV4 verification', /^node_modules\/@smithy\//],
  // Base64 and the request's own shapes are the body's decoding: JSON's work in the AWS protocol.
  ['JSON and schema', /^lib\/aws-api\/(json-body|shapes|protocol|key-ref)\.ts$/],
  ['JSON and schema', /^lib\/aws-api\/operations\//],
  ['JSON and schema', /^lib\/kms\/(validation|encryption-context|base64)\.ts$/],
  ['JSON and schema', /^node_modules\/zod\//],
  ['key lookup', /^lib\/kms\/(key-cache|usable-key|key-ref|key-view|material-summary|seal-material)\.ts$/],
  ['key lookup', /^lib\/db\//],
  ['key lookup', /^node_modules\/(@prisma|better-sqlite3)\//],
  ['AES-GCM and ciphertext format', /^lib\/kms\/crypto\//],
  ['audit, metrics, logs, rate limit', /^lib\/server\/(metrics|request-log|logger|log-line|cluster-metrics)\.m?ts$/],
  ['audit, metrics, logs, rate limit', /^lib\/aws-api\/rate-limit\.ts$/],
  ['audit, metrics, logs, rate limit', /^lib\/kms\/(audited|record-access-key-use)\.ts$/],
  ['audit, metrics, logs, rate limit', /^node_modules\/(prom-client|pino|sonic-boom|thread-stream)\//],
  // The worker's request-time code there is the observe callback (metrics and the request log).
  ['audit, metrics, logs, rate limit', /^scripts\/api-server\.ts$/],
  ['HTTP parsing and response writing', /^lib\/server\/(api-listener|node-server|forwarded-headers|trusted-proxies|ops-endpoints|graceful-close|whole-request|whole-request-connections)\.ts$/],
  ['request dispatch', /^lib\/aws-api\//],
  ['request dispatch', /^lib\/kms\//],
];

/** Node's modules that carry HTTP: a stack with one of them and no Keyfort frame is the listener's machinery. */
const HTTP_MACHINERY = /^node:(_http_\w+|http|net|stream|internal\/(streams\/|stream_base_commons|http|net|js_stream_socket|timers))/;

/** The stage a source file decides, or null when it decides none (node's modules, native code, other packages). */
export function stageOfSource(source: string): TStage | null {
  for (const [stage, pattern] of SOURCE_RULES) if (pattern.test(source)) return stage;
  return /^(lib|scripts)\//.test(source) ? 'request dispatch' : null;
}

export interface TSelfFrame {
  functionName: string;
  source: string;
  line: number;
  sampleClass: TSampleClass;
  us: number;
}

export interface TStageBreakdown {
  /** The time the samples cover (µs), idle included. */
  coveredUs: number;
  idleUs: number;
  programUs: number;
  /** Per stage, µs; (program) and (idle) are outside. */
  stageUs: Map<TStage, number>;
  /** Self time by frame and the class its samples went to, largest first, idle left out. */
  selfFrames: TSelfFrame[];
  /**
   * Time by the source file that decided the stage (its stack's innermost deciding frame; '' where none did),
   * largest first, idle left out: what each rule actually caught.
   */
  deciders: Array<{ source: string; sampleClass: TSampleClass; us: number }>;
}

/** Only the samples taken in [fromUs, toUs) on the profile's clock count (e.g. the measured wrk run). */
export interface TSampleWindow {
  fromUs: number;
  toUs: number;
}

interface TClassifiedNodes {
  classOf: Map<number, TSampleClass>;
  frameOf: Map<number, TResolvedFrame>;
  deciderOf: Map<number, string>;
}

function classifyNodes(profile: TCpuProfile, resolve: TSourceResolver): TClassifiedNodes {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const frameOf = new Map<number, TResolvedFrame>();
  const classOf = new Map<number, TSampleClass>();
  // Per node, its stack's innermost deciding frame and whether HTTP machinery is on it, from the root down.
  const decided = new Map<number, TStage | null>();
  const deciderOf = new Map<number, string>();
  const http = new Map<number, boolean>();
  const roots = profile.nodes.filter((node) => !parentOf.has(node.id));
  const pending = roots.map((node) => node.id);
  while (pending.length > 0) {
    const id = pending.pop()!;
    const node = byId.get(id)!;
    const parent = parentOf.get(id);
    const frame = resolve(node.callFrame);
    frameOf.set(id, frame);
    const own = stageOfSource(frame.source);
    decided.set(id, own ?? (parent === undefined ? null : (decided.get(parent) ?? null)));
    deciderOf.set(id, own ? frame.source : parent === undefined ? '' : deciderOf.get(parent)!);
    http.set(id, HTTP_MACHINERY.test(frame.source) || (parent !== undefined && http.get(parent) === true));
    const name = node.callFrame.functionName;
    let sampleClass: TSampleClass;
    if (name === '(idle)') sampleClass = 'idle';
    else if (name === '(program)' || name === '(root)') sampleClass = 'program';
    else if (name === '(garbage collector)') sampleClass = 'GC';
    else sampleClass = decided.get(id) ?? (http.get(id) ? 'HTTP parsing and response writing' : 'runtime, no Keyfort frame');
    classOf.set(id, sampleClass);
    pending.push(...(node.children ?? []));
  }
  return { classOf, frameOf, deciderOf };
}

/**
 * Each sample stands for the time until the next one (as Chrome's DevTools count it); the last one for the
 * time until the profile ended.
 */
export function attributeStages(profile: TCpuProfile, resolve: TSourceResolver, window?: TSampleWindow): TStageBreakdown {
  const { classOf, frameOf, deciderOf } = classifyNodes(profile, resolve);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const stageUs = new Map<TStage, number>(STAGES.map((stage) => [stage, 0]));
  const self = new Map<string, TSelfFrame>();
  const deciders = new Map<string, { source: string; sampleClass: TSampleClass; us: number }>();
  let coveredUs = 0;
  let idleUs = 0;
  let programUs = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i]!;
    const next = i + 1 < profile.samples.length ? at + profile.timeDeltas[i + 1]! : profile.endTime;
    // Deltas can come out of order by a few µs when the sampler is late: never count negative time.
    const us = Math.max(0, next - at);
    if (window && (at < window.fromUs || at >= window.toUs)) continue;
    const id = profile.samples[i]!;
    const sampleClass = classOf.get(id)!;
    coveredUs += us;
    if (sampleClass === 'idle') {
      idleUs += us;
      continue;
    }
    if (sampleClass === 'program') programUs += us;
    else stageUs.set(sampleClass, stageUs.get(sampleClass)! + us);
    const frame = frameOf.get(id)!;
    const { functionName } = byId.get(id)!.callFrame;
    const key = `${functionName}\u0000${frame.source}\u0000${frame.line}\u0000${sampleClass}`;
    const entry = self.get(key) ?? { functionName, source: frame.source, line: frame.line, sampleClass, us: 0 };
    entry.us += us;
    self.set(key, entry);
    const source = deciderOf.get(id)!;
    const decider = deciders.get(`${source}\u0000${sampleClass}`) ?? { source, sampleClass, us: 0 };
    decider.us += us;
    deciders.set(`${source}\u0000${sampleClass}`, decider);
  }
  const largestFirst = (a: { us: number }, b: { us: number }) => b.us - a.us;
  return { coveredUs, idleUs, programUs, stageUs, selfFrames: [...self.values()].sort(largestFirst), deciders: [...deciders.values()].sort(largestFirst) };
}
