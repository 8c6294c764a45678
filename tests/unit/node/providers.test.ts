import { describe, expect, it } from 'vitest';
import { providerCandidates } from '../../../electron/node/inference/providers';

describe('execution provider order', () => {
  it('tries the GPU providers of each platform before the CPU, and the CPU always', () => {
    expect(providerCandidates('linux', true)).toEqual(['cuda', 'cpu']);
    expect(providerCandidates('linux', false)).toEqual(['cpu']);
    expect(providerCandidates('win32', true)).toEqual(['cuda', 'dml', 'cpu']);
    expect(providerCandidates('win32', false)).toEqual(['dml', 'cpu']);
    expect(providerCandidates('darwin', false)).toEqual(['coreml', 'cpu']);
  });
});
