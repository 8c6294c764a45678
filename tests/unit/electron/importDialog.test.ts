import { describe, expect, it } from 'vitest';
import { contract } from '../../../common/api';
import { importDialogs, importPathsInput } from '../../../electron/main/importDialog';

describe('File › Import', () => {
  it('offers one combined picker on macOS', () => {
    const [only, ...rest] = importDialogs('darwin');
    expect(rest).toEqual([]);
    expect(only?.properties).toEqual(['openFile', 'openDirectory', 'multiSelections']);
  });
  it('offers separate file and folder pickers where one dialog cannot do both', () => {
    for (const platform of ['linux', 'win32']) {
      const specs = importDialogs(platform);
      expect(specs.map((s) => s.properties)).toEqual([
        ['openFile', 'multiSelections'],
        ['openDirectory', 'multiSelections'],
      ]);
      expect(new Set(specs.map((s) => s.accelerator)).size).toBe(specs.length);
    }
  });
  it('asks for de-identified, auto-classified imports that the contract accepts', () => {
    const input = importPathsInput(['/data/study1', '/data/a.dcm']);
    expect(input).toEqual({ paths: ['/data/study1', '/data/a.dcm'], options: { deidentify: true, workflow: 'auto' } });
    expect(contract['import.paths'].input.safeParse(input).success).toBe(true);
  });
});
