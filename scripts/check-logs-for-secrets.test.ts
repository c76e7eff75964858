import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkLogsForSecrets } from './check-logs-for-secrets.mjs';

const PLAINTEXT = 'the quarterly numbers, unpublished';
// Bytes whose base64 has '+' and '/': its URL-safe spelling differs.
const MATERIAL = Buffer.from('fbeffbeffbef00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00fffbef', 'hex');
const CLEAN_LOG = '{"level":"info","msg":"api request","operation":"Encrypt","result":"Success"}\n';

let dir: string;
let logsDir: string;
let secretsFile: string;

function record(kind: string, value: string | Buffer) {
  writeFileSync(secretsFile, `${kind}\t${Buffer.from(value).toString('base64')}\n`, { flag: 'a' });
}

function log(name: string, text: string) {
  writeFileSync(path.join(logsDir, name), text, { flag: 'a' });
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'keyfort-secrets-check-'));
  logsDir = path.join(dir, 'servers');
  secretsFile = path.join(dir, 'secrets-used.txt');
  mkdirSync(logsDir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the secrets check over test logs', () => {
  it('passes when no recorded secret appears in any log', () => {
    record('plaintext', PLAINTEXT);
    record('key-material', MATERIAL);
    log('api.log', CLEAN_LOG);
    expect(checkLogsForSecrets({ logsDir, secretsFile })).toMatchObject({ ok: true, problems: [] });
  });

  it.each([
    ['as sent', PLAINTEXT],
    ['in base64', Buffer.from(PLAINTEXT).toString('base64')],
    ['JSON-escaped', JSON.stringify('the quarterly numbers, unpublished').slice(1, -1)],
  ])('fails naming the file and the kind when a plaintext appears %s, without printing it', (_how, planted) => {
    record('plaintext', PLAINTEXT);
    log('clean.log', CLEAN_LOG);
    log('leaky.log', `${CLEAN_LOG}{"msg":"oops ${planted}"}\n`);
    const result = checkLogsForSecrets({ logsDir, secretsFile });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.stringMatching(/leaky\.log: a secret of kind "plaintext" appears/)]);
    expect(JSON.stringify(result)).not.toContain('quarterly');
  });

  it('finds binary key material by its hex and base64 spellings', () => {
    record('key-material', MATERIAL);
    log('hex.log', `material ${MATERIAL.toString('hex').toUpperCase()}\n`);
    log('b64.log', `material ${MATERIAL.toString('base64url')}\n`);
    const result = checkLogsForSecrets({ logsDir, secretsFile });
    expect(result.problems.sort()).toEqual([
      expect.stringMatching(/b64\.log: a secret of kind "key-material" appears \(base64url\)/),
      expect.stringMatching(/hex\.log: a secret of kind "key-material" appears \(HEX\)/),
    ]);
  });

  it('cannot pass vacuously: no recorded secrets, no logs, or only empty logs fail', () => {
    log('api.log', CLEAN_LOG);
    expect(checkLogsForSecrets({ logsDir, secretsFile })).toMatchObject({ ok: false, problems: [expect.stringContaining('no recorded secrets')] });
    record('plaintext', PLAINTEXT);
    expect(checkLogsForSecrets({ logsDir: path.join(dir, 'absent'), secretsFile })).toMatchObject({ ok: false, problems: [expect.stringContaining('no server logs')] });
    rmSync(path.join(logsDir, 'api.log'));
    log('empty.log', '');
    expect(checkLogsForSecrets({ logsDir, secretsFile })).toMatchObject({ ok: false, problems: [expect.stringContaining('no server logs')] });
  });
});
