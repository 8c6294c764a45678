import { utilityProcess } from 'electron';
import type { HostLauncher } from '../node/inference/HostClient';
import type { ToHost } from '../node/inference/protocol';

/**
 * The inference host as an Electron utilityProcess (a Node child the browser process supervises,
 * with structured-clone messaging), running the same bundle web mode forks.
 */
export function utilityProcessLauncher(entry: string): HostLauncher {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Kestrel inference host', stdio: 'inherit' });
    return {
      get pid() {
        return child.pid;
      },
      send: (message: ToHost) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code) => listener(code, null)),
      kill: () => {
        child.kill();
      },
    };
  };
}
