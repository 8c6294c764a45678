/** Sandboxed preload: wiring only; the bridge itself is built (and tested) in bridge.ts. */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('kestrel', createBridge(ipcRenderer, webUtils));
