/** IPC channel names; electron/preload/bridge.ts spells the same two (a unit test holds them equal). */
export const CALL_CHANNEL = 'kestrel:call';
export const EVENT_CHANNEL = 'kestrel:event';
