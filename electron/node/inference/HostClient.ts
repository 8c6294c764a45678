import { fork } from 'node:child_process';
import { FromHost, type TensorInfo, type ToHost } from './protocol';

/** What the client needs of a host process, so Electron can launch it as a utilityProcess. */
export interface HostProcess {
  readonly pid: number | undefined;
  send(message: ToHost): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

export type HostLauncher = () => HostProcess;

/** Web mode and tests: child_process.fork with structured-clone IPC (typed arrays pass as such). */
export function forkLauncher(entry: string, execArgv: string[] = []): HostLauncher {
  return () => {
    const child = fork(entry, [], { serialization: 'advanced', execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return {
      get pid() {
        return child.pid;
      },
      send: (m) => {
        if (child.connected) child.send(m);
      },
      onMessage: (l) => child.on('message', l),
      onExit: (l) => child.on('exit', (code, signal) => l(code, signal)),
      kill: () => child.kill('SIGKILL'),
    };
  };
}

export interface JobListener {
  onMessage(message: Exclude<FromHost, { type: 'ready' | 'inspected' }>): void;
  /** The host died while this job was running. */
  onCrash(reason: string): void;
}

/**
 * The main side's handle on the inference host: starts it on demand, restarts it after a crash,
 * routes its messages to the job that asked, and turns a dead host into a clear reason.
 */
export class HostClient {
  private process: HostProcess | null = null;
  private ready: Promise<void> | null = null;
  private nextRequest = 1;
  private readonly inspections = new Map<number, { resolve: (v: { inputs: TensorInfo[]; outputs: TensorInfo[] }) => void; reject: (e: Error) => void }>();
  private readonly jobs = new Map<number, JobListener>();
  private disposed = false;

  constructor(
    private readonly launch: HostLauncher,
    private readonly log: (message: string) => void = () => {},
  ) {}

  get pid(): number | undefined {
    return this.process?.pid;
  }

  get running(): boolean {
    return this.process !== null;
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const proc = this.launch();
    this.process = proc;
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('The inference host did not start within 30 s.')), 30_000);
      proc.onMessage((raw) => {
        const parsed = FromHost.safeParse(raw);
        if (!parsed.success) {
          this.log(`inference host sent an invalid message: ${parsed.error.issues[0]?.message ?? ''}`);
          return;
        }
        const msg = parsed.data;
        if (msg.type === 'ready') {
          clearTimeout(timer);
          resolve();
        } else if (msg.type === 'inspected') {
          const pending = this.inspections.get(msg.requestId);
          this.inspections.delete(msg.requestId);
          if (!pending) return;
          if (msg.ok) pending.resolve({ inputs: msg.inputs, outputs: msg.outputs });
          else pending.reject(new Error(msg.error ?? 'the model could not be loaded'));
        } else {
          this.jobs.get(msg.jobId)?.onMessage(msg);
          if (msg.type === 'done' || msg.type === 'failed' || msg.type === 'cancelled') this.jobs.delete(msg.jobId);
        }
      });
      proc.onExit((code, signal) => {
        clearTimeout(timer);
        const reason = signal ? `killed by ${signal}` : `exit code ${code}`;
        if (this.process === proc) {
          this.process = null;
          this.ready = null;
        }
        reject(new Error(`The inference host stopped before it was ready (${reason}).`));
        if (!this.disposed) this.log(`inference host stopped (${reason})`);
        for (const [, p] of this.inspections) p.reject(new Error(`The inference host stopped (${reason}) while loading the model.`));
        this.inspections.clear();
        for (const [, job] of this.jobs) job.onCrash(`The inference host stopped unexpectedly (${reason}); the app and the database are unaffected. Retry the job.`);
        this.jobs.clear();
      });
    });
    return this.ready;
  }

  async inspect(modelPath: string): Promise<{ inputs: TensorInfo[]; outputs: TensorInfo[] }> {
    await this.start();
    const requestId = this.nextRequest++;
    return new Promise((resolve, reject) => {
      this.inspections.set(requestId, { resolve, reject });
      this.process?.send({ type: 'inspect', requestId, modelPath });
    });
  }

  async run(message: Extract<ToHost, { type: 'run' }>, listener: JobListener): Promise<void> {
    await this.start();
    this.jobs.set(message.jobId, listener);
    this.process?.send(message);
  }

  cancel(jobId: number): void {
    this.process?.send({ type: 'cancel', jobId });
  }

  dispose(): void {
    this.disposed = true;
    this.process?.kill();
    this.process = null;
    this.ready = null;
  }
}
