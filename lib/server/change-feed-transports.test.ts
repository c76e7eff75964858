import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { TChange, TPublishedChange } from '@/lib/kms';
import { createChangeBus, type TChangeTransport } from './change-bus';
import { CHANGE_MESSAGE, relayChangesFrom } from './change-relay.mjs';
import { decodeChange, encodeChange } from './change-wire';
import { postgresNotifyFromEnv } from './postgres-change-transport';

function fakeTransport() {
  let deliver: (change: TChange) => void = () => {};
  const sent: TPublishedChange[] = [];
  const transport: TChangeTransport = {
    name: 'fake',
    send: (change) => void sent.push(change),
    start: async (handler) => void (deliver = handler),
    stop: async () => undefined,
  };
  return { transport, sent, receive: (change: TChange) => deliver(change) };
}

describe('change wire format', () => {
  it('round-trips every published kind', () => {
    const changes: TPublishedChange[] = [{ kind: 'key', id: '0b7d6a8e-6f1a-4c41-9a3b-2f0c1d2e3f40' }, { kind: 'access-key', id: 'KFABCDEFGHIJKLMNOPQR' }, { kind: 'people' }];
    expect(changes.map((change) => decodeChange(encodeChange(change)))).toEqual(changes);
  });

  it('reads anything else as no change rather than guessing', () => {
    for (const line of [undefined, 42, '', 'k:', 'x:abc', 'k:has space', `k:${'a'.repeat(65)}`, 'e', 'k:a;DROP']) expect(decodeChange(line)).toBeNull();
  });
});

describe('change bus', () => {
  it('tells this process’s subscribers synchronously, then sends on every transport', async () => {
    const one = fakeTransport();
    const two = fakeTransport();
    const bus = await createChangeBus({ transports: [one.transport, two.transport], log: vi.fn() });
    const heard: TChange[] = [];
    bus.subscribe((change) => heard.push(change));
    bus.publish({ kind: 'key', id: 'k1' });
    expect(heard).toEqual([{ kind: 'key', id: 'k1' }]);
    expect([one.sent, two.sent]).toEqual([[{ kind: 'key', id: 'k1' }], [{ kind: 'key', id: 'k1' }]]);
  });

  it('hands what a transport receives to the subscribers only, never sending it on, and counts both directions', async () => {
    const one = fakeTransport();
    const two = fakeTransport();
    const counted: string[] = [];
    const bus = await createChangeBus({ transports: [one.transport, two.transport], log: vi.fn(), observe: (direction) => counted.push(direction) });
    const heard: TChange[] = [];
    bus.subscribe((change) => heard.push(change));
    one.receive({ kind: 'everything' });
    expect(heard).toEqual([{ kind: 'everything' }]);
    expect([one.sent, two.sent]).toEqual([[], []]);
    bus.publish({ kind: 'people' });
    expect(counted).toEqual(['received', 'published']);
  });

  it('logs a failing subscriber or transport and still reaches the others', async () => {
    const broken: TChangeTransport = { ...fakeTransport().transport, send: () => { throw new Error('channel closed'); } };
    const working = fakeTransport();
    const log = vi.fn();
    const bus = await createChangeBus({ transports: [broken, working.transport], log });
    const heard: TChange[] = [];
    bus.subscribe(() => { throw new Error('subscriber bug'); });
    bus.subscribe((change) => heard.push(change));
    bus.publish({ kind: 'people' });
    expect(heard).toEqual([{ kind: 'people' }]);
    expect(working.sent).toEqual([{ kind: 'people' }]);
    expect(log).toHaveBeenCalledTimes(2);
  });
});

class FakeEndpoint extends EventEmitter {
  readonly received: unknown[] = [];
  connected = true;
  send(message: unknown, callback?: (error: Error | null) => void): boolean {
    this.received.push(message);
    callback?.(null);
    return true;
  }
}

describe('change relay between the processes of an instance', () => {
  it('forwards a change to every other endpoint, never back to its source, and ignores other messages', () => {
    const [console_, worker1, worker2] = [new FakeEndpoint(), new FakeEndpoint(), new FakeEndpoint()];
    const all = [console_, worker1, worker2];
    for (const endpoint of all) relayChangesFrom(endpoint as never, () => all as never);
    const message = { type: CHANGE_MESSAGE, change: 'k:k1' };
    worker1.emit('message', message);
    worker1.emit('message', { type: 'keyfort-root-key-request' });
    expect(all.map((endpoint) => endpoint.received)).toEqual([[message], [], [message]]);
  });

  it('skips an endpoint whose channel is gone', () => {
    const [source, gone, live] = [new FakeEndpoint(), new FakeEndpoint(), new FakeEndpoint()];
    gone.connected = false;
    relayChangesFrom(source as never, () => [source, gone, live, undefined] as never);
    source.emit('message', { type: CHANGE_MESSAGE, change: 'p' });
    expect([gone.received, live.received]).toEqual([[], [{ type: CHANGE_MESSAGE, change: 'p' }]]);
  });
});

describe('KEYFORT_POSTGRES_NOTIFY', () => {
  it('is on unless set to off, and refuses anything else', () => {
    expect([postgresNotifyFromEnv({}), postgresNotifyFromEnv({ KEYFORT_POSTGRES_NOTIFY: 'ON' }), postgresNotifyFromEnv({ KEYFORT_POSTGRES_NOTIFY: 'off' })]).toEqual([true, true, false]);
    expect(() => postgresNotifyFromEnv({ KEYFORT_POSTGRES_NOTIFY: 'yes' })).toThrow(/KEYFORT_POSTGRES_NOTIFY must be "on" or "off"/);
  });
});
