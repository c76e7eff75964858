// Issue 14, "Speed": the Huawei API's encrypt-data must cost within 10 % of the AWS API's Encrypt on the same
// Keyfort (same listener, workers, key and plaintext). wrk (-t2 -c8) replays one signed request of each API,
// interleaved for several rounds; the verdict is the median of the per-round Huawei/AWS ratios of requests per
// second (target ≥ 0.9), with each one's CPU time per request (from /proc) beside it.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
// The core SDK's own signer, as a Huawei client signs: no KMS package exists on npm.
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { benchCredentials, signAwsRequest } from './support/aws-request';
import { freePort } from './support/free-port';
import { median, runWrk, start, stop, type TServer, type TSignedRequest, type TWrkResult, writeWrkScript } from './support/wrk';

const ROOT = path.resolve(import.meta.dirname, '..');
const BUNDLE = path.join(ROOT, '.next', 'keyfort', 'api-server.mjs');
const TARGET_RATIO = 0.9;

const credentials = benchCredentials();
const projectId = randomBytes(16).toString('hex');

const signAws = (port: number, operation: string, payload: object) => signAwsRequest(credentials, port, operation, payload);

/** The headers @huaweicloud/huaweicloud-sdk-core sends and signs for a KMS call (DefaultHttpClient's reSigner). */
function signHuawei(port: number, requestPath: string, payload: object): TSignedRequest {
  const credential = new BasicCredentials().withAk(credentials.accessKeyId).withSk(credentials.secretAccessKey).withProjectId(projectId);
  const headers = AKSKSigner.sign(
    {
      method: 'POST',
      endpoint: `http://127.0.0.1:${port}${requestPath}`,
      headers: { 'X-Project-Id': projectId, 'content-type': 'application/json', host: `127.0.0.1:${port}` },
      data: payload,
      queryParams: {},
    } as unknown as Parameters<typeof AKSKSigner.sign>[0],
    credential,
  ) as Record<string, string>;
  return { headers, body: JSON.stringify(payload) };
}

async function send(port: number, requestPath: string, request: TSignedRequest): Promise<Record<string, unknown>> {
  const { 'content-length': _length, host: _host, ...headers } = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]));
  const response = await fetch(`http://127.0.0.1:${port}${requestPath}`, { method: 'POST', headers, body: request.body });
  const text = await response.text();
  if (!response.ok) throw new Error(`${requestPath} answered ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

export async function run({ flags }: { flags: Map<string, string | true> }): Promise<boolean> {
  const seconds = Number(flags.get('duration') ?? 6);
  const rounds = Number(flags.get('rounds') ?? 5);
  const workers = Number(flags.get('workers') ?? availableParallelism());
  const plaintextBytes = Number(flags.get('plaintext-bytes') ?? 256);
  if (!existsSync(BUNDLE) || flags.has('rebuild')) {
    console.log('building the API server bundle…');
    const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-api.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('node scripts/build-api.mjs failed');
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'keyfort-bench-huawei-'));
  let keyfort: TServer | undefined;
  try {
    const port = await freePort();
    keyfort = await start(
      'Keyfort',
      [BUNDLE],
      {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        KEYFORT_DATA_DIR: dataDir,
        KEYFORT_ROOT_KEY: randomBytes(32).toString('base64'),
        KEYFORT_API_PORT: String(port),
        KEYFORT_API_HOST: '127.0.0.1',
        KEYFORT_API_WORKERS: String(workers),
        KEYFORT_BOOTSTRAP_ACCESS_KEY_ID: credentials.accessKeyId,
        KEYFORT_BOOTSTRAP_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        KEYFORT_HUAWEI_PROJECT_ID: projectId,
        // Both APIs share the per-key limiter: raised out of reach, so its cost is measured but never its refusals.
        KEYFORT_API_RATE_LIMIT: '1000000000',
      },
      port,
      'keyfort-api-ready',
    );
    const created = await send(port, '/', await signAws(port, 'CreateKey', { Description: 'bench' }));
    const keyId = (created.KeyMetadata as { KeyId: string }).KeyId;
    // The same bytes through both: printable ASCII, so Huawei's text plain_text and AWS's blob are one plaintext.
    const text = randomBytes(plaintextBytes).toString('base64').slice(0, plaintextBytes);
    const huaweiPath = `/v1.0/${projectId}/kms/encrypt-data`;
    const requests = {
      AWS: { path: '/', request: await signAws(port, 'Encrypt', { KeyId: keyId, Plaintext: Buffer.from(text).toString('base64') }) },
      Huawei: { path: huaweiPath, request: signHuawei(port, huaweiPath, { key_id: keyId, plain_text: text }) },
    };
    const scripts = new Map<string, string>();
    for (const [api, { path: requestPath, request }] of Object.entries(requests)) {
      await send(port, requestPath, request);
      const file = path.join(dataDir, `${api}.lua`);
      writeWrkScript(file, request);
      scripts.set(api, file);
    }

    console.log(`wrk -t2 -c8 -d${seconds}s, ${rounds} rounds, ${workers} workers, ${plaintextBytes}-byte plaintext; warming up…`);
    runWrk(keyfort, scripts.get('AWS')!, 2, '/');
    runWrk(keyfort, scripts.get('Huawei')!, 2, huaweiPath);
    const ratios: number[] = [];
    const cpu = (result: TWrkResult) => (result.cpuUsPerRequest === null ? '–' : result.cpuUsPerRequest.toFixed(0));
    console.log('\nround   AWS Encrypt rps   Huawei encrypt-data rps   ratio   CPU µs/request AWS / Huawei');
    for (let round = 1; round <= rounds; round++) {
      const runAws = () => runWrk(keyfort!, scripts.get('AWS')!, seconds, '/');
      const runHuawei = () => runWrk(keyfort!, scripts.get('Huawei')!, seconds, huaweiPath);
      // Who goes first alternates by round: the second run of a pair tends to find the machine warmer.
      let aws: TWrkResult;
      let huawei: TWrkResult;
      if (round % 2 === 1) {
        aws = runAws();
        huawei = runHuawei();
      } else {
        huawei = runHuawei();
        aws = runAws();
      }
      const ratio = huawei.rps / aws.rps;
      ratios.push(ratio);
      console.log(
        `${String(round).padStart(5)}   ${aws.rps.toFixed(0).padStart(15)}   ${huawei.rps.toFixed(0).padStart(23)}   ${ratio.toFixed(2)}   ${cpu(aws).padStart(9)} / ${cpu(huawei)}`,
      );
    }
    const verdict = median(ratios);
    console.log(`\ntarget: Huawei encrypt-data ≥ ${TARGET_RATIO}× AWS Encrypt (median of rounds): ${verdict.toFixed(2)} ${verdict >= TARGET_RATIO ? 'ok' : 'SLOW'}`);
    return verdict >= TARGET_RATIO;
  } finally {
    await stop(keyfort);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
