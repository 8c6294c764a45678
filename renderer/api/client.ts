import {
  ApiError,
  ApiEvent,
  CallResult,
  contract,
  methodNames,
  type ApiClient,
  type MethodName,
} from '../../common/api';
import type { EventListener } from './bridge';

export interface Transport {
  /** Base for pixel-data URLs (http://127.0.0.1:port/ in web mode, app://kestrel/ in Electron). */
  readonly baseUrl: string;
  readonly mode: 'web' | 'electron';
  invoke(method: MethodName, input: unknown): Promise<unknown>;
  subscribe(listener: (event: unknown) => void): () => void;
  upload?(uploadId: string, name: string, file: Blob): Promise<void>;
  pathForFile?(file: File): string | null;
}

function unwrap(method: MethodName, raw: unknown): unknown {
  const parsed = CallResult.safeParse(raw);
  if (!parsed.success) throw new ApiError('internal', `${method}: malformed reply from the main side.`);
  if (!parsed.data.ok) throw new ApiError(parsed.data.error.code, parsed.data.error.message);
  return parsed.data.result;
}

export function httpTransport(origin: string): Transport {
  const listeners = new Set<(event: unknown) => void>();
  let socket: WebSocket | null = null;
  let retry = 500;
  const connect = (): void => {
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/events`);
    socket = ws;
    ws.onmessage = (m) => {
      let data: unknown;
      try {
        data = JSON.parse(String(m.data));
      } catch {
        return;
      }
      for (const l of listeners) l(data);
    };
    ws.onopen = () => {
      retry = 500;
    };
    ws.onclose = () => {
      socket = null;
      if (listeners.size > 0) setTimeout(connect, (retry = Math.min(retry * 2, 10_000)));
    };
  };
  return {
    baseUrl: `${origin}/`,
    mode: 'web',
    async invoke(method, input) {
      const res = await fetch(`${origin}/api/call/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(input ?? {}),
        credentials: 'same-origin',
      });
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        throw new ApiError('internal', `${method}: the server answered ${res.status} without a result.`);
      }
      return unwrap(method, body);
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!socket) connect();
      return () => listeners.delete(listener);
    },
    async upload(uploadId, name, file) {
      const res = await fetch(`${origin}/api/upload/${uploadId}?name=${encodeURIComponent(name)}`, {
        method: 'PUT',
        body: file,
        credentials: 'same-origin',
      });
      if (!res.ok) {
        const body: unknown = await res.json().catch(() => null);
        unwrap('import.commitUpload', body);
      }
    },
  };
}

export function bridgeTransport(): Transport | null {
  const bridge = window.kestrel;
  if (!bridge) return null;
  return {
    baseUrl: bridge.baseUrl,
    mode: 'electron',
    invoke: async (method, input) => unwrap(method, await bridge.call[method](input)),
    subscribe: (listener) => bridge.onEvent(listener),
    pathForFile: (file) => bridge.pathForFile?.(file) ?? null,
  };
}

export interface Api {
  readonly call: ApiClient;
  readonly transport: Transport;
  onEvent(listener: EventListener): () => void;
  fileUrl(relative: string): string;
}

/**
 * The renderer's only way to the main side. Inputs are validated here too, so a programming error
 * shows as a clear message before anything is sent.
 */
export function createApi(transport: Transport): Api {
  const call = {} as Record<MethodName, (input: unknown) => Promise<unknown>>;
  for (const method of methodNames) {
    call[method] = async (input: unknown) => {
      const parsed = contract[method].input.safeParse(input ?? {});
      if (!parsed.success) throw new ApiError('invalid_input', `${method}: ${parsed.error.issues[0]?.message ?? 'invalid input'}`);
      return transport.invoke(method, input ?? {});
    };
  }
  return {
    call: call as unknown as ApiClient,
    transport,
    onEvent(listener) {
      return transport.subscribe((raw) => {
        const parsed = ApiEvent.safeParse(raw);
        if (parsed.success) listener(parsed.data);
      });
    },
    fileUrl: (relative) => new URL(relative, transport.baseUrl).toString(),
  };
}

export function createDefaultApi(): Api {
  return createApi(bridgeTransport() ?? httpTransport(window.location.origin));
}
