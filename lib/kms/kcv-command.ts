// Imports nothing: the console shows this command in the browser, and the domain's test runs it.

/**
 * The shell command that prints the key check value (SPEC §11) of a raw 32-byte material file: openssl's
 * AES-CMAC over 16 zero bytes, keyed with the file's hex, cut to the first 6 hex digits (upper case, as
 * openssl prints it). Only openssl, od, tr, head and cut, which every Linux and macOS has. `file` is quoted
 * for the shell.
 */
export function kcvOpensslCommand(file: string): string {
  const quoted = /^[\w./-]+$/.test(file) ? file : `'${file.replaceAll("'", `'\\''`)}'`;
  return `head -c 16 /dev/zero | openssl mac -cipher AES-256-CBC -macopt hexkey:$(od -An -v -tx1 ${quoted} | tr -d ' \\n') CMAC | cut -c 1-6`;
}
