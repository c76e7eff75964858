// Both APIs' Authorization headers end in `Signature=<64 hex>`, and a client's header differs from request to
// request only there: the fields before it (access key, scope, signed headers) are parsed and checked once per
// distinct prefix and kept, bounded, so a flood of made-up headers only refills the table.

const SIGNATURE_FIELD = 'Signature=';
/** What both APIs' signatures look like: HMAC-SHA256 in lower-case hex. */
export const SIGNATURE_HEX = /^[0-9a-f]{64}$/;
const MAX_PREFIXES = 256;

/**
 * `parse` with its result kept per text before the last `Signature=`. Kept only when the signature is the
 * header's last field, so the prefix decides every other field; a kept prefix with a malformed signature is
 * refused with `malformedSignature`, as `parse` would.
 */
export function keepParsedPrefixes<T extends { signature: string }>(options: {
  parse: (value: string) => T;
  malformedSignature: () => Error;
}): (value: string) => T {
  const kept = new Map<string, T>();
  return (value) => {
    const at = value.lastIndexOf(SIGNATURE_FIELD);
    const prefix = at > 0 ? value.slice(0, at) : undefined;
    const known = prefix === undefined ? undefined : kept.get(prefix);
    const tail = at > 0 ? value.slice(at + SIGNATURE_FIELD.length).trim() : '';
    if (known) {
      if (!SIGNATURE_HEX.test(tail)) throw options.malformedSignature();
      return { ...known, signature: tail };
    }
    const fields = options.parse(value);
    if (prefix !== undefined && tail === fields.signature) {
      if (kept.size >= MAX_PREFIXES) kept.clear();
      kept.set(prefix, fields);
    }
    return fields;
  };
}
