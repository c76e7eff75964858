import type { TWrappingAlgorithm } from '@/lib/kms';

// The commands the wizard shows, for one key and one wrapping algorithm. They are run verbatim by
// e2e/import-material.spec.ts (and the same steps by lib/kms/crypto/wrapping.test.ts): OpenSSL 3 and
// coreutils only (`od`, since `xxd` is missing from minimal systems). File names carry the key ID so that
// files of different keys never mix, and match the wizard's downloads.

export interface TImportFileNames {
  publicKey: string;
  importToken: string;
  material: string;
  wrappedMaterial: string;
}

export function importFileNames(keyId: string): TImportFileNames {
  return {
    publicKey: `wrappingKey-${keyId}.der`,
    importToken: `importToken-${keyId}.bin`,
    material: `keyMaterial-${keyId}.bin`,
    wrappedMaterial: `wrappedKeyMaterial-${keyId}.bin`,
  };
}

const OAEP_OPTIONS = {
  sha256: ['-pkeyopt rsa_padding_mode:oaep', '-pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256'],
  sha1: ['-pkeyopt rsa_padding_mode:oaep', '-pkeyopt rsa_oaep_md:sha1 -pkeyopt rsa_mgf1_md:sha1'],
} as const;

/** One shell command over several lines: a backslash ends each but the last, the rest are indented. */
function continued(parts: readonly string[]): string {
  return parts.map((part, index) => (index === 0 ? part : `  ${part}`)).join(' \\\n');
}

export interface TOpensslCommandsOptions {
  keyId: string;
  algorithm: TWrappingAlgorithm;
  /** The key already has material bound to it: only that material can be imported, so none is generated. */
  bound: boolean;
  /** The plaintext material file (default keyMaterial-<key ID>.bin): later versions have files of their own. */
  materialFile?: string;
  /** The comment lines, in the user's language. */
  comments: {
    generate: string;
    reuse: string;
    wrapOaep: string;
    wrapAesKey: string;
    wrapAesMaterial: string;
    join: string;
  };
}

export function opensslCommands(options: TOpensslCommandsOptions): string {
  const defaults = importFileNames(options.keyId);
  const files = { ...defaults, material: options.materialFile ?? defaults.material };
  const { comments } = options;
  const lines = options.bound
    ? [`# ${comments.reuse}`]
    : [`# ${comments.generate}`, `openssl rand -out ${files.material} 32`];
  // Continued over several lines with `\`: on one line it would be far wider than a phone (or a terminal),
  // and the shell still reads one command when it is copied and pasted.
  const rsaEncrypt = (input: string, output: string, hash: keyof typeof OAEP_OPTIONS) =>
    continued([
      'openssl pkeyutl -encrypt -pubin',
      `-inkey ${files.publicKey} -keyform DER`,
      `-in ${input}`,
      `-out ${output}`,
      ...OAEP_OPTIONS[hash],
    ]);

  if (options.algorithm === 'RSA_AES_KEY_WRAP_SHA_256') {
    // RFC 5649 key wrap with padding; `enc` needs the RFC's IV spelled out and the key as hex.
    const aesKey = `aesKey-${options.keyId}.bin`;
    const aesWrapped = `aesKey-${options.keyId}.wrapped`;
    const materialWrapped = `keyMaterial-${options.keyId}.aeswrapped`;
    lines.push(
      `# ${comments.wrapAesMaterial}`,
      `openssl rand -out ${aesKey} 32`,
      continued([
        'openssl enc -id-aes256-wrap-pad -iv A65959A6',
        `-K "$(od -An -tx1 ${aesKey} | tr -d ' \\n')"`,
        `-in ${files.material}`,
        `-out ${materialWrapped}`,
      ]),
      `# ${comments.wrapAesKey}`,
      rsaEncrypt(aesKey, aesWrapped, 'sha256'),
      `# ${comments.join}`,
      continued([`cat ${aesWrapped}`, materialWrapped, `> ${files.wrappedMaterial}`]),
      continued([`rm ${aesKey}`, aesWrapped, materialWrapped]),
    );
  } else {
    lines.push(`# ${comments.wrapOaep}`, rsaEncrypt(files.material, files.wrappedMaterial, options.algorithm === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256'));
  }
  return `${lines.join('\n')}\n`;
}
