import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { WRAPPING_ALGORITHMS } from '@/lib/kms';
import { opensslCommands } from './openssl-commands';

const KEY_ID = '0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
const comments = { generate: 'generate', reuse: 'reuse', wrapOaep: 'wrap', wrapAesKey: 'wrap key', wrapAesMaterial: 'wrap material', join: 'join' };
// About a terminal's width (the `-K "$(od …)"` argument with its key ID cannot be split further): a single
// line of 150 or more characters was cut off in the wizard's box on a phone.
const MAX_COMMAND_LINE = 88;

describe('opensslCommands', () => {
  for (const algorithm of WRAPPING_ALGORITHMS) {
    for (const bound of [false, true]) {
      it(`keeps every command line of ${algorithm}${bound ? ' (bound material)' : ''} within ${MAX_COMMAND_LINE} characters`, () => {
        const lines = opensslCommands({ keyId: KEY_ID, algorithm, bound, comments }).split('\n');
        const commandLines = lines.filter((line) => line !== '' && !line.startsWith('#'));
        expect(commandLines.length).toBeGreaterThan(0);
        for (const line of commandLines) expect(line.length, line).toBeLessThanOrEqual(MAX_COMMAND_LINE);
      });
    }
  }

  it('continues a command only with a backslash at the very end of a line, which the shell joins again', () => {
    const text = opensslCommands({ keyId: KEY_ID, algorithm: 'RSA_AES_KEY_WRAP_SHA_256', bound: false, comments });
    // `sh -n` parses without running: a stray character after a backslash would split a command in two.
    execFileSync('/bin/sh', ['-n', '-c', text]);
    const joined = text.replace(/ \\\n {2}/g, ' ');
    expect(joined).toContain(`openssl pkeyutl -encrypt -pubin -inkey wrappingKey-${KEY_ID}.der -keyform DER -in aesKey-${KEY_ID}.bin`);
  });
});

describe('opensslCommands for a material version', () => {
  it('generates new material for a rotation into its own file and wraps that file', () => {
    const text = opensslCommands({ keyId: KEY_ID, algorithm: 'RSAES_OAEP_SHA_256', bound: false, materialFile: `keyMaterial-${KEY_ID}-v2.bin`, comments });
    expect(text).toContain(`openssl rand -out keyMaterial-${KEY_ID}-v2.bin 32`);
    expect(text.replace(/ \\\n {2}/g, ' ')).toContain(`-in keyMaterial-${KEY_ID}-v2.bin -out wrappedKeyMaterial-${KEY_ID}.bin`);
    expect(text).not.toContain(`keyMaterial-${KEY_ID}.bin`);
  });

  it('re-importing a version wraps the file the person already has, and generates nothing', () => {
    const text = opensslCommands({ keyId: KEY_ID, algorithm: 'RSA_AES_KEY_WRAP_SHA_256', bound: true, materialFile: `keyMaterial-${KEY_ID}-v3.bin`, comments });
    expect(text).not.toContain(`openssl rand -out keyMaterial`);
    expect(text.replace(/ \\\n {2}/g, ' ')).toContain(`-in keyMaterial-${KEY_ID}-v3.bin`);
  });
});
