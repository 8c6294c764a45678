import { describe, expect, it, vi } from 'vitest';
import { methodNames } from '../../../common/api';
import { createBridge, type IpcRendererLike } from '../../../electron/preload/bridge';
import type { KestrelBridge } from '../../../renderer/api/bridge';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** A stand-in for ipcRenderer that records what the bridge does with it. */
function fakeIpc() {
  const listeners = new Map<string, Set<Listener>>();
  const invoke = vi.fn(async (channel: string, ...args: unknown[]) => ({ ok: true, result: { channel, args } }));
  const ipc: IpcRendererLike & { emit(channel: string, event: unknown, payload: unknown): void; count(channel: string): number } = {
    invoke,
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
      return ipc;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return ipc;
    },
    emit(channel, event, payload) {
      for (const l of [...(listeners.get(channel) ?? [])]) l(event, payload);
    },
    count: (channel) => listeners.get(channel)?.size ?? 0,
  };
  return { ipc, invoke };
}

const webUtils = { getPathForFile: (file: File) => `/real/path/${file.name}` };

describe('preload bridge', () => {
  it('exposes exactly one function per contract method', () => {
    const bridge = createBridge(fakeIpc().ipc, webUtils);
    expect(Object.keys(bridge.call).sort()).toEqual([...methodNames].sort());
    for (const name of methodNames) expect(typeof bridge.call[name], name).toBe('function');
  });

  it('invokes the call channel with the method and the input unchanged', async () => {
    const { ipc, invoke } = fakeIpc();
    const bridge = createBridge(ipc, webUtils);
    const input = { studyId: 3 };
    await bridge.call['study.get'](input);
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(invoke).toHaveBeenCalledWith('kestrel:call', 'study.get', input);
    await expect(bridge.call['app.info']({})).resolves.toEqual({ ok: true, result: { channel: 'kestrel:call', args: ['app.info', {}] } });
  });

  it('gives listeners the payload only, never the IPC event object', () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc, webUtils);
    const seen: unknown[][] = [];
    bridge.onEvent((...args: unknown[]) => seen.push(args));
    const ipcEvent = { sender: { send() {} }, ports: [] };
    ipc.emit('kestrel:event', ipcEvent, { type: 'worklist.changed' });
    expect(seen).toEqual([[{ type: 'worklist.changed' }]]);
    // Other channels are not forwarded.
    ipc.emit('something-else', ipcEvent, { type: 'worklist.changed' });
    expect(seen).toHaveLength(1);
  });

  it("onEvent's unsubscribe removes exactly its own wrapper", () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc, webUtils);
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = bridge.onEvent((e) => a.push(e));
    bridge.onEvent((e) => b.push(e));
    // The same listener subscribed twice gets two independent subscriptions.
    const offB2 = bridge.onEvent((e) => b.push(e));
    expect(ipc.count('kestrel:event')).toBe(3);
    offA();
    expect(ipc.count('kestrel:event')).toBe(2);
    offA();
    expect(ipc.count('kestrel:event')).toBe(2);
    ipc.emit('kestrel:event', {}, 1);
    expect(a).toEqual([]);
    expect(b).toEqual([1, 1]);
    offB2();
    ipc.emit('kestrel:event', {}, 2);
    expect(b).toEqual([1, 1, 2]);
  });

  it('resolves dropped files to real paths and sets the app:// base URL', () => {
    const bridge = createBridge(fakeIpc().ipc, webUtils);
    expect(bridge.pathForFile({ name: 'a.dcm' } as File)).toBe('/real/path/a.dcm');
    expect(bridge.baseUrl).toBe('app://kestrel/');
    expect(new URL('files/instances/12.dcm', bridge.baseUrl).toString()).toBe('app://kestrel/files/instances/12.dcm');
  });

  it('exposes no ipcRenderer, webUtils or anything beyond the four members', () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc, webUtils);
    expect(Object.keys(bridge).sort()).toEqual(['baseUrl', 'call', 'onEvent', 'pathForFile']);
    const reachable = new Set<unknown>();
    const walk = (value: unknown): void => {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function') || reachable.has(value)) return;
      reachable.add(value);
      for (const key of Object.getOwnPropertyNames(value)) {
        if (key === 'prototype' || key === 'caller' || key === 'arguments') continue;
        walk((value as Record<string, unknown>)[key]);
      }
    };
    walk(bridge);
    expect(reachable.has(ipc)).toBe(false);
    expect(reachable.has(webUtils)).toBe(false);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.isFrozen(bridge.call)).toBe(true);
  });

  it('has the shape the renderer expects on window.kestrel', () => {
    // Checked by the type checker (tsc -p tests); at run time, by the keys above.
    const bridge: KestrelBridge = createBridge(fakeIpc().ipc, webUtils);
    expect(bridge.baseUrl).toBe('app://kestrel/');
  });
});
