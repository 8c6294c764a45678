import type { ApiEvent } from '../../../common/api';

export type Unsubscribe = () => void;

/** Typed fan-out of contract events to whichever transports are listening. */
export class EventBus {
  private readonly listeners = new Set<(event: ApiEvent) => void>();

  subscribe(listener: (event: ApiEvent) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ApiEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A broken listener (a closed socket) must not stop the others.
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
