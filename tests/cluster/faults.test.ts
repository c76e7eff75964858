// Faults with several instances on one PostgreSQL database: an instance killed with SIGKILL in the middle of
// a burst of writes, and the database unreachable for 10 s. The database "stops" through the test's TCP
// proxy (support/database-proxy.ts): new connections are refused and open ones cut, as when PostgreSQL goes
// down, without stopping the PostgreSQL server that other tests on this machine share.
import {
  CreateKeyCommand,
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, type Instance, kmsClientFor, startCluster, TEST_POSTGRES_URL } from './support/cluster';
import { openInProcess, type InProcessKeyfort } from './support/in-process';
import { createExternalKey, createKey, importCommand, importParameters, newMaterial, outcomeOf, type TOutcome, waitUntil } from './support/kms';
import { invariantBreaches } from './support/stored-keys';

const LANES = 6;
const STEPS_PER_LANE = 8;
/** The kill comes once this many operations of the burst were answered: well inside it. */
const KILL_AFTER_OPERATIONS = 12;
const OUTAGE_MS = 10_000;
/** Past every cache bound (MAX_KEY_CACHE_TTL_MS and the credential cache, both ≤ 1 s): nothing can come from memory. */
const CACHE_BOUND_MS = 1_000;
/** "Fail fast": each request during the outage must be answered within this, not hang. */
const ANSWER_DEADLINE_MS = 3_000;

if (!TEST_POSTGRES_URL) console.warn('[cluster] skipped: set TEST_POSTGRES_URL to run several instances on PostgreSQL.');

type TState = 'PendingImport' | 'Enabled' | 'Disabled';

describe.skipIf(!TEST_POSTGRES_URL)('three instances (two API workers each) under faults', () => {
  let cluster: Cluster;
  let inProcess: InProcessKeyfort;

  beforeAll(async () => {
    cluster = await startCluster({ instances: 3, workers: 2 });
    inProcess = await openInProcess({ databaseUrl: cluster.directDatabaseUrl, rootKeyBase64: cluster.rootKeyBase64 });
  });
  afterAll(async () => {
    await inProcess?.close();
    await cluster?.close();
  });

  it('keeps the survivors serving when an instance is killed (kill -9) in the middle of a burst of imports and state changes, leaves no key half-written, and the killed instance restarts cleanly', async () => {
    const [a, b, victim] = cluster.instances as [Instance, Instance, Instance];
    const keyIds = await Promise.all(Array.from({ length: LANES }, (_, i) => createExternalKey(cluster.instances[i % 3]!.kms, `burst lane ${i}`)));
    let answered = 0;
    let killing: Promise<void> | undefined;
    const survivorFailures: string[] = [];
    const lastKnown = new Map<string, TState>();

    // One lane per key, so lanes never refuse each other: each step goes to the next instance in turn (the
    // killed one skipped once it is dead) and does what the key's state allows. A step whose instance died
    // under it may or may not have committed: the lane then asks a survivor what the state is.
    const lane = async (keyId: string, laneIndex: number) => {
      const material = newMaterial();
      let state: TState | undefined = 'PendingImport';
      for (let step = 0; step < STEPS_PER_LANE; step++) {
        const turn = cluster.instances[(laneIndex + step) % 3]!;
        const target = killing && turn === victim ? a : turn;
        if (state === undefined) {
          const described = await outcomeOf(target.kms.send(new DescribeKeyCommand({ KeyId: keyId })).then((r) => (state = r.KeyMetadata?.KeyState as TState)));
          if (described.result !== 'OK') survivorFailures.push(`DescribeKey on ${target.name}: ${described.result}`);
        }
        const operation = async (): Promise<TState> => {
          if (state === 'PendingImport') {
            const parameters = await importParameters(target.kms, keyId);
            await target.kms.send(importCommand(keyId, parameters, material));
            return 'Enabled';
          }
          if (state === 'Disabled') return target.kms.send(new EnableKeyCommand({ KeyId: keyId })).then(() => 'Enabled');
          if (step % 2 === 0) return target.kms.send(new DisableKeyCommand({ KeyId: keyId })).then(() => 'Disabled');
          return target.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: keyId })).then(() => 'PendingImport');
        };
        const pending = operation();
        if (!killing && target === victim && answered >= KILL_AFTER_OPERATIONS) {
          // While this request is in flight on the victim.
          killing = new Promise((resolve) => setTimeout(resolve, 20)).then(() => victim.kill());
        }
        const outcome: TOutcome = await pending.then(
          (next) => ((state = next), { result: 'OK' }),
          (error: unknown) => outcomeOf(Promise.reject(error)),
        );
        answered += 1;
        if (outcome.result === 'OK') continue;
        if (target === victim) {
          state = undefined;
          continue;
        }
        survivorFailures.push(`step ${step} of ${keyId} on ${target.name}: ${outcome.result} ${outcome.message ?? ''}`);
        state = undefined;
      }
      if (state) lastKnown.set(keyId, state);
    };

    await Promise.all(keyIds.map((keyId, i) => lane(keyId, i)));
    expect(killing, 'the victim was killed during the burst').toBeDefined();
    await killing;
    expect(victim.running()).toBe(false);
    expect(survivorFailures).toEqual([]);

    expect(await invariantBreaches(cluster, keyIds)).toEqual([]);
    for (const keyId of keyIds) {
      const [onA, onB] = await Promise.all([a, b].map(async ({ kms }) => (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState));
      expect(onB).toBe(onA);
      if (lastKnown.has(keyId)) expect(onA).toBe(lastKnown.get(keyId));
    }

    await victim.restart();
    const keyId = await createKey(victim.kms);
    const { CiphertextBlob } = await victim.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('after the restart') }));
    const { Plaintext } = await a.kms.send(new DecryptCommand({ CiphertextBlob }));
    expect(Buffer.from(Plaintext!).toString()).toBe('after the restart');
    for (const id of keyIds) await expect(victim.kms.send(new DescribeKeyCommand({ KeyId: id }))).resolves.toBeDefined();
  });

  it('answers every request that needs the database with a quick 503 DependencyTimeoutException while it is unreachable, never serves a key disabled or an access key revoked just before, and resumes by itself when it is back', async () => {
    const [a, b, c] = cluster.instances as [Instance, Instance, Instance];
    const usable = await createKey(a.kms);
    const disabled = await createKey(a.kms);
    const revokedCredentials = await inProcess.createAccessKey('KEY_USER');
    const revoked = b.kmsAs(revokedCredentials);
    const onConsoleOfA: KMSClient = kmsClientFor(`${a.consoleOrigin}/api/aws`, cluster.bootstrap);
    const encrypt = (client: KMSClient, keyId: string) =>
      client.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }), { abortSignal: AbortSignal.timeout(ANSWER_DEADLINE_MS) });
    // B has all of them in its caches.
    for (let i = 0; i < 3; i++) await Promise.all([encrypt(b.kms, usable), encrypt(b.kms, disabled), encrypt(revoked, usable)]);

    await a.kms.send(new DisableKeyCommand({ KeyId: disabled }));
    await inProcess.revokeAccessKey(revokedCredentials.accessKeyId);
    await cluster.proxy.takeDown();
    const downAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, CACHE_BOUND_MS + 100));

    const probes: [string, () => Promise<unknown>][] = [
      ['Encrypt (usable key) on A', () => encrypt(a.kms, usable)],
      ['Encrypt (usable key) on B', () => encrypt(b.kms, usable)],
      ['Encrypt (key disabled just before) on B', () => encrypt(b.kms, disabled)],
      ['Encrypt with an access key revoked just before, on B', () => encrypt(revoked, usable)],
      ['DescribeKey on C', () => c.kms.send(new DescribeKeyCommand({ KeyId: usable }), { abortSignal: AbortSignal.timeout(ANSWER_DEADLINE_MS) })],
      ['CreateKey on B', () => b.kms.send(new CreateKeyCommand({}), { abortSignal: AbortSignal.timeout(ANSWER_DEADLINE_MS) })],
      ["Encrypt through A's console route", () => encrypt(onConsoleOfA, usable)],
    ];
    const during: (TOutcome & { what: string })[] = [];
    while (performance.now() - downAt < OUTAGE_MS) {
      for (const [what, call] of probes) during.push({ what, ...(await outcomeOf(call())) });
    }
    await cluster.proxy.bringBack();
    const backAt = performance.now();

    expect(during.length).toBeGreaterThanOrEqual(probes.length);
    const unexpected = during.filter(
      (outcome) => outcome.result !== 'DependencyTimeoutException' || outcome.status !== 503 || !/database is unreachable/.test(outcome.message ?? ''),
    );
    expect(unexpected).toEqual([]);

    const resumedMs = await waitUntil(
      async () => (await Promise.all([a, b, c].map(({ kms }) => outcomeOf(encrypt(kms, usable))))).every((outcome) => outcome.result === 'OK'),
      { withinMs: 30_000, everyMs: 100, what: 'service resumed on every instance' },
    );
    console.log(`[cluster] database back: every instance served again ${Math.round(resumedMs)} ms later (${during.length} requests during the ${Math.round(backAt - downAt)} ms outage, all 503)`);
    expect((await outcomeOf(encrypt(b.kms, disabled))).result).toBe('DisabledException');
    expect((await outcomeOf(encrypt(revoked, usable))).result).toBe('UnrecognizedClientException');
    for (const { kms } of [a, b, c]) await expect(kms.send(new CreateKeyCommand({}))).resolves.toBeDefined();
  });
});
