// Where a request's CPU goes in Keyfort's AWS API listener: HTTP, SigV4, JSON and schema, key lookup, AES-GCM,
// bookkeeping. For each of Encrypt and Decrypt, a fresh Keyfort (the built bundle, one worker) runs under
// `node --cpu-prof`; wrk replays one signed request; the worker then stops normally, which writes its profile.
// Only the samples taken during the measured wrk run count (the profile's clock is process.hrtime's), split
// into stages by bench/support/cpu-profile-stages.ts. Shares are of the worker's busy JavaScript thread;
// µs per request scale them by that thread's CPU time per request from /proc, so the profiler's own thread
// and GC helper threads are not in the figures (the whole worker's CPU per request is printed beside them).
// `--baseline` repeats each run without the profiler and scales by that thread's CPU instead, since sampling
// itself costs the thread time. No target: a report, for the README and for choosing what to optimise.
// `--explain` lists the top frames by self time with their source and stage, and the time each deciding file
// caught, to check the attribution rules; `--keep` keeps the profiles (Chrome DevTools or speedscope open them).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchCredentials, signAwsRequest } from './support/aws-request';
import { createBundleSourceResolver } from './support/bundle-sources';
import { attributeStages, STAGES, type TCpuProfile, type TSampleWindow, type TStageBreakdown } from './support/cpu-profile-stages';
import { ensureApiBundle, sendAwsRequest, startKeyfortApi } from './support/keyfort-api';
import { mainThreadCpuMs, runWrk, stop, type TServer, type TSignedRequest, workerPids, writeWrkScript } from './support/wrk';

const ROOT = path.resolve(import.meta.dirname, '..');
const WRK = '/usr/bin/wrk';
const OPERATIONS = ['Encrypt', 'Decrypt'] as const;
type TOperationName = (typeof OPERATIONS)[number];
/** µs between samples: 100 (node's default is 1000) gives tens of thousands of samples in a 20 s run. */
const SAMPLE_INTERVAL_US = 100;
const EXPLAIN_FRAMES = 40;
const EXPLAIN_FILES = 30;

const credentials = benchCredentials();

interface TOperationProfile extends Pick<TMeasuredRun, 'requests' | 'mainThreadUsPerRequest' | 'processUsPerRequest'> {
  operation: TOperationName;
  seconds: number;
  breakdown: TStageBreakdown;
  profileFile: string;
  /** The same run without the profiler (--baseline), if made. */
  baseline?: TMeasuredRun;
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** The request wrk replays, signed for this instance: Decrypt needs a blob this instance's key sealed. */
async function signedRequest(port: number, operation: TOperationName, plaintext: string): Promise<TSignedRequest> {
  const created = await sendAwsRequest(port, await signAwsRequest(credentials, port, 'CreateKey', { Description: 'bench api-profile' }));
  const keyId = (created.KeyMetadata as { KeyId: string }).KeyId;
  const encrypt = await signAwsRequest(credentials, port, 'Encrypt', { KeyId: keyId, Plaintext: plaintext });
  const { CiphertextBlob } = await sendAwsRequest(port, encrypt);
  if (operation === 'Encrypt') return encrypt;
  const decrypt = await signAwsRequest(credentials, port, 'Decrypt', { CiphertextBlob, KeyId: keyId });
  await sendAwsRequest(port, decrypt);
  return decrypt;
}

interface TMeasuredRun {
  requests: number;
  /** The worker's main thread, and the whole worker process: CPU µs per request from /proc (null without it). */
  mainThreadUsPerRequest: number | null;
  processUsPerRequest: number | null;
  /** The measured run on the monotonic clock, µs: the profile's samples outside it are start-up and warm-up. */
  window: TSampleWindow;
  workerPid: string;
}

/**
 * A fresh Keyfort with one worker (profiled into `profileDir` when given), warmed up, then one measured wrk
 * run; stopped before returning, so that the worker's profile is written.
 */
async function measure(operation: TOperationName, options: { seconds: number; warmup: number; plaintext: string; profileDir: string | null }): Promise<TMeasuredRun> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'keyfort-bench-profile-'));
  let keyfort: TServer | undefined;
  try {
    keyfort = await startKeyfortApi({
      credentials,
      dataDir,
      workers: 1,
      // Not through NODE_OPTIONS: node 20 refuses --cpu-prof there. The primary profiles itself too; the
      // worker's profile is told apart by its PID in the file name.
      nodeArgs: options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`, `--cpu-prof-interval=${SAMPLE_INTERVAL_US}`] : [],
    });
    const [workerPid, ...others] = workerPids(keyfort.child.pid!) ?? [];
    if (!workerPid || others.length > 0) throw new Error(`expected one API worker process, found ${[workerPid, ...others].filter(Boolean).length}`);
    const script = path.join(dataDir, `${operation}.lua`);
    writeWrkScript(script, await signedRequest(keyfort.port, operation, options.plaintext));
    runWrk(keyfort, script, options.warmup);

    const cpuBefore = mainThreadCpuMs(workerPid);
    const fromUs = nowUs();
    const run = runWrk(keyfort, script, options.seconds);
    const toUs = nowUs();
    const cpuAfter = mainThreadCpuMs(workerPid);
    const mainThreadMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
    return {
      requests: run.requests,
      mainThreadUsPerRequest: mainThreadMs === null || run.requests === 0 ? null : (mainThreadMs * 1000) / run.requests,
      processUsPerRequest: run.cpuUsPerRequest,
      window: { fromUs, toUs },
      workerPid,
    };
  } finally {
    // SIGTERM: the primary forwards it, the worker closes and exits normally, and node writes its profile.
    await stop(keyfort);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function profileOperation(operation: TOperationName, options: { seconds: number; warmup: number; plaintext: string; profileDir: string }): Promise<TOperationProfile> {
  const profileDir = path.join(options.profileDir, operation);
  const run = await measure(operation, { ...options, profileDir });
  // node names it CPU.<date>.<time>.<pid>.<thread>.<sequence>.cpuprofile.
  const profileFile = readdirSync(profileDir).find((name) => name.startsWith('CPU.') && name.split('.')[3] === run.workerPid && name.endsWith('.cpuprofile'));
  if (!profileFile) throw new Error(`the worker (PID ${run.workerPid}) wrote no CPU profile in ${profileDir}: did it exit normally?`);
  const profile = JSON.parse(readFileSync(path.join(profileDir, profileFile), 'utf8')) as TCpuProfile;
  return {
    operation,
    requests: run.requests,
    seconds: options.seconds,
    mainThreadUsPerRequest: run.mainThreadUsPerRequest,
    processUsPerRequest: run.processUsPerRequest,
    breakdown: attributeStages(profile, createBundleSourceResolver(ROOT), run.window),
    profileFile: path.join(profileDir, profileFile),
  };
}

/** Per stage: share of the stages' time (busy, (program) left out) and µs per request. */
function stageFigures(result: TOperationProfile) {
  const { breakdown, requests } = result;
  const busyUs = breakdown.coveredUs - breakdown.idleUs;
  const stagesUs = busyUs - breakdown.programUs;
  // Main-thread CPU per request, unprofiled where measured (the sampler's cost is per unit of time, so it
  // inflates every stage alike); without /proc, the sampled busy time (wall time: more under contention).
  const busyPerRequest = result.baseline?.mainThreadUsPerRequest ?? result.mainThreadUsPerRequest ?? busyUs / requests;
  const programShareOfBusy = busyUs === 0 ? 0 : breakdown.programUs / busyUs;
  const stages = STAGES.map((stage) => {
    const share = stagesUs === 0 ? 0 : breakdown.stageUs.get(stage)! / stagesUs;
    return { stage, share, usPerRequest: share * busyPerRequest * (1 - programShareOfBusy) };
  });
  return { stages, programShareOfBusy, programUsPerRequest: programShareOfBusy * busyPerRequest, sampledBusyUsPerRequest: busyUs / requests, busyUs };
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const us = (value: number | null) => (value === null ? '–' : value.toFixed(1));

function printTable(results: TOperationProfile[]): void {
  const figures = results.map(stageFigures);
  const scale = results.every((result) => result.baseline?.mainThreadUsPerRequest)
    ? 'the main thread without the profiler (--baseline)'
    : 'the profiled main thread (inflated by the profiler: --baseline measures by how much)';
  console.log(`\nshares of the busy thread's time; µs per request: the shares of ${scale}, from /proc`);
  const head = results.map((result) => `${result.operation.padStart(8)} share   µs/req`).join('   ');
  console.log(`${'stage'.padEnd(36)}${head}`);
  for (const [index, stage] of STAGES.entries()) {
    const cells = figures.map(({ stages }) => `${pct(stages[index]!.share).padStart(14)} ${us(stages[index]!.usPerRequest).padStart(8)}`);
    console.log(`${stage.padEnd(36)}${cells.join('   ')}`);
  }
  const total = figures.map(({ stages }) => `${'100%'.padStart(14)} ${us(stages.reduce((sum, { usPerRequest }) => sum + usPerRequest, 0)).padStart(8)}`);
  console.log(`${'all stages'.padEnd(36)}${total.join('   ')}`);
  const program = figures.map((figure) => `${`${pct(figure.programShareOfBusy)} of busy`.padStart(14)} ${us(figure.programUsPerRequest).padStart(8)}`);
  console.log(`${'(program): native, outside JS'.padEnd(36)}${program.join('   ')}`);
  console.log('');
  for (const [index, result] of results.entries()) {
    const figure = figures[index]!;
    const idleShare = result.breakdown.coveredUs === 0 ? 0 : result.breakdown.idleUs / result.breakdown.coveredUs;
    console.log(
      `${result.operation}, profiled: ${result.requests} requests in ${result.seconds} s (${(result.requests / result.seconds).toFixed(0)}/s); worker CPU µs/request: main thread ${us(result.mainThreadUsPerRequest)}, whole process ${us(result.processUsPerRequest)}; sampled busy ${us(figure.sampledBusyUsPerRequest)} µs/request (over the main thread's CPU: waiting for a core), idle ${pct(idleShare)} of the run`,
    );
    const { baseline } = result;
    if (baseline) {
      const overhead = baseline.mainThreadUsPerRequest && result.mainThreadUsPerRequest ? `+${pct(result.mainThreadUsPerRequest / baseline.mainThreadUsPerRequest - 1)}` : '–';
      console.log(
        `${result.operation}, not profiled: ${(baseline.requests / result.seconds).toFixed(0)}/s; worker CPU µs/request: main thread ${us(baseline.mainThreadUsPerRequest)}, whole process ${us(baseline.processUsPerRequest)}; the profiler's cost on the main thread ${overhead}`,
      );
    }
  }
}

function printExplain(result: TOperationProfile): void {
  const busyUs = result.breakdown.coveredUs - result.breakdown.idleUs;
  console.log(`\n${result.operation}: top ${EXPLAIN_FRAMES} frames by self time (share of busy time) → stage`);
  for (const frame of result.breakdown.selfFrames.slice(0, EXPLAIN_FRAMES)) {
    const where = frame.source === '' ? '(native)' : frame.line > 0 ? `${frame.source}:${frame.line}` : frame.source;
    console.log(`${pct(frame.us / busyUs).padStart(6)}  ${(frame.functionName || '(anonymous)').slice(0, 40).padEnd(40)} ${where.slice(0, 70).padEnd(70)} → ${frame.sampleClass}`);
  }
  console.log(`\n${result.operation}: time by the file that decided the stage (innermost Keyfort or rule-named frame)`);
  for (const decider of result.breakdown.deciders.slice(0, EXPLAIN_FILES)) {
    console.log(`${pct(decider.us / busyUs).padStart(6)}  ${(decider.source || '(none: no deciding frame)').padEnd(60)} → ${decider.sampleClass}`);
  }
}

export async function run({ flags }: { flags: Map<string, string | true> }): Promise<boolean> {
  const seconds = Number(flags.get('duration') ?? 20);
  const warmup = Number(flags.get('warmup') ?? 3);
  const plaintextBytes = Number(flags.get('plaintext-bytes') ?? 256);
  if (!existsSync(WRK)) throw new Error(`${WRK} is missing: apt-get install wrk`);
  ensureApiBundle(flags.has('rebuild'));
  const profileDir = mkdtempSync(path.join(tmpdir(), 'keyfort-bench-cpuprofile-'));
  const plaintext = randomBytes(plaintextBytes).toString('base64');
  console.log(`one worker under --cpu-prof (every ${SAMPLE_INTERVAL_US} µs), wrk -t2 -c8 -d${seconds}s after ${warmup} s of warm-up, ${plaintextBytes}-byte plaintext`);
  try {
    const results: TOperationProfile[] = [];
    for (const operation of OPERATIONS) results.push(await profileOperation(operation, { seconds, warmup, plaintext, profileDir }));
    if (flags.has('baseline')) {
      // The profiler interrupts the thread it samples every SAMPLE_INTERVAL_US: the same run without it gives
      // the CPU per request the shares are applied to, and says by how much profiling inflated it.
      for (const result of results) result.baseline = await measure(result.operation, { seconds, warmup, plaintext, profileDir: null });
    }
    printTable(results);
    if (flags.has('explain')) for (const result of results) printExplain(result);
    if (flags.has('keep')) console.log(`\nprofiles: ${results.map((result) => result.profileFile).join(', ')}`);
    return true;
  } finally {
    if (!flags.has('keep')) rmSync(profileDir, { recursive: true, force: true });
  }
}
