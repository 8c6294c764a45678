/**
 * What the Electron preload exposes on window.kestrel: one function per contract method and an
 * event subscription. In web mode it is absent and the HTTP transport is used instead.
 */
import type { ApiClient, ApiEvent } from '../../common/api';

export interface KestrelBridge {
  readonly call: { [K in keyof ApiClient]: (input: unknown) => Promise<unknown> };
  onEvent(listener: (event: unknown) => void): () => void;
  /** Real path of a dropped file (Electron only), so imports read it in place. */
  pathForFile?(file: File): string;
  readonly baseUrl: string;
}

declare global {
  interface Window {
    kestrel?: KestrelBridge;
  }
}

export type EventListener = (event: ApiEvent) => void;
