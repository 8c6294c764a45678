import { InferenceSession } from 'onnxruntime-node';
import type { ExecutionProvider, TensorInfo } from './protocol';

export interface OpenedSession {
  session: InferenceSession;
  provider: ExecutionProvider;
  /** Providers tried before this one, with the reason each failed. */
  fallbacks: string[];
}

/** Tries each provider on its own and keeps the first that loads the model. */
export async function openSession(modelPath: string, providers: readonly ExecutionProvider[], threads: number): Promise<OpenedSession> {
  const fallbacks: string[] = [];
  for (const provider of providers) {
    try {
      const session = await InferenceSession.create(modelPath, {
        executionProviders: [provider],
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
      });
      return { session, provider, fallbacks };
    } catch (error) {
      fallbacks.push(`${provider}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`No execution provider could load the model (${fallbacks.join('; ')}).`);
}

export function describeTensors(session: InferenceSession): { inputs: TensorInfo[]; outputs: TensorInfo[] } {
  const map = (list: readonly InferenceSession.ValueMetadata[]): TensorInfo[] =>
    list.map((m) => (m.isTensor ? { name: m.name, shape: [...m.shape], type: String(m.type) } : { name: m.name, shape: [], type: 'non-tensor' }));
  return { inputs: map(session.inputMetadata), outputs: map(session.outputMetadata) };
}
