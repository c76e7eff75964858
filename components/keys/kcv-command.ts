/**
 * The shell command that prints the key check value of a plaintext 32-byte material file, for comparing with
 * the one Keyfort shows: the first 3 bytes of AES-CMAC(material, 16 zero bytes) (SPEC §11), uppercase hex as
 * openssl prints it. Only openssl, od, tr, head and cut, which every Linux and macOS has.
 */
export function kcvCommand(file: string): string {
  return `head -c 16 /dev/zero | openssl mac -cipher AES-256-CBC -macopt hexkey:$(od -An -tx1 -v ${file} | tr -d ' \\n') CMAC | cut -c1-6`;
}
