import { REFUSED_BODY_DRAIN } from './listener-timeouts';

// Request bodies for the APIs' Next route handlers (app/api/aws, app/v1.0/…): read up to a bound, the rest
// dropped without resetting the connection, as the dedicated listener does.

/**
 * After the 413, reads and drops the rest of the body within REFUSED_BODY_DRAIN, then gives up. Cancelling
 * at once would destroy the socket with the client's bytes unread, and the kernel's reset would make a
 * client that is still sending lose the 413 (ECONNRESET).
 */
function dropRest(reader: ReadableStreamDefaultReader<Uint8Array>, alreadyRead: number): void {
  let drained = alreadyRead;
  const giveUp = () => void reader.cancel().catch(() => undefined);
  const deadline = setTimeout(giveUp, REFUSED_BODY_DRAIN.maxMs);
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      drained += value.length;
      if (drained > REFUSED_BODY_DRAIN.maxBytes) return giveUp();
    }
  })()
    .catch(() => undefined)
    .finally(() => clearTimeout(deadline));
}

/** Reads at most `maxBytes`; null (the rest dropped in the background) as soon as the body is larger. */
export async function readRouteBody(request: Request, maxBytes: number): Promise<Buffer | null> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) {
    dropRest(reader, 0);
    return null;
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > maxBytes) {
      dropRest(reader, length);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, length);
}
