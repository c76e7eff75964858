import { describe, expect, it } from 'vitest';
import { bodyTooLargeResponse, errorResponse, jsonResponse } from './protocol';

describe('AWS API answers', () => {
  it('are JSON that no cache keeps and no browser sniffs, successes and refusals alike', () => {
    const expected = { 'content-type': 'application/x-amz-json-1.1', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    expect(jsonResponse(200, { Plaintext: 'c2VjcmV0' }).headers).toEqual(expected);
    expect(errorResponse({ type: 'NotFoundException', message: 'gone', status: 400 }).headers).toEqual(expected);
    expect(bodyTooLargeResponse().headers).toEqual(expected);
  });

  it('share one frozen header object (the data plane allocates none per answer)', () => {
    const a = jsonResponse(200, {});
    const b = jsonResponse(400, {});
    expect(a.headers).toBe(b.headers);
    expect(Object.isFrozen(a.headers)).toBe(true);
  });
});
