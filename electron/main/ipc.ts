/**
 * The Electron transport of the contract: one invoke channel for calls, checked for its sender
 * before anything is dispatched, and one push channel for events.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { CallResult } from '../../common/api';
import { dispatch } from '../node/api/dispatch';
import type { Services } from '../node/app/createServices';
import { CALL_CHANNEL, EVENT_CHANNEL } from './ipcChannels';
import { isAppUrl, isTrustedSender, type IpcSender } from './security/policy';
import type { WindowFactory } from './windowFactory';

export interface IpcOptions {
  readonly services: Pick<Services, 'handlers' | 'events'>;
  readonly windows: WindowFactory;
  readonly log: (message: string) => void;
}

const FORBIDDEN: CallResult = {
  ok: false,
  error: { code: 'forbidden', message: "Calls are accepted only from Kestrel's own window." },
};

/** What the policy needs to know about the frame that sent an invoke. */
export function describeSender(event: IpcMainInvokeEvent, windows: WindowFactory): IpcSender {
  const frame = event.senderFrame;
  const isOurWindow = windows.owns(event.sender);
  if (frame === null) return { url: undefined, isTopFrame: false, isOurWindow };
  try {
    // A frame that navigated away or was replaced while the message was in flight is not trusted.
    if (frame.isDestroyed() || frame.detached) return { url: undefined, isTopFrame: false, isOurWindow };
    const main = event.sender.mainFrame;
    // Compared by ids, not object identity: the same frame may be handed out as a new wrapper.
    const isTopFrame = frame.parent === null && frame.processId === main.processId && frame.frameToken === main.frameToken;
    return { url: frame.url, isTopFrame, isOurWindow };
  } catch {
    // A frame disposed while the message was in flight throws on access.
    return { url: undefined, isTopFrame: false, isOurWindow };
  }
}

/** Installs the call handler and event forwarding; returns the function that removes both. */
export function wireIpc(opts: IpcOptions): () => void {
  const { services, windows, log } = opts;

  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, input: unknown): Promise<CallResult> => {
    const sender = describeSender(event, windows);
    if (!isTrustedSender(sender)) {
      log(`refused an IPC call from ${sender.url?.slice(0, 200) ?? 'a disposed frame'} (top frame: ${sender.isTopFrame}, our window: ${sender.isOurWindow})`);
      return FORBIDDEN;
    }
    return dispatch(services.handlers, typeof method === 'string' ? method : '', input, log);
  });

  const unsubscribe = services.events.subscribe((event) => {
    for (const win of windows.windows()) {
      const contents = win.webContents;
      // Only a page of ours receives events (a window is never left on another origin, but a
      // crashed or still-loading page has no URL of ours yet).
      if (!contents.isDestroyed() && isAppUrl(contents.getURL())) contents.send(EVENT_CHANNEL, event);
    }
  });

  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    unsubscribe();
  };
}
