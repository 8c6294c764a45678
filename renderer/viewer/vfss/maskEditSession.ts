import { decodeMaskPayload } from '../../../common/models/maskPayload';
import { rleDecode, rleEncode } from '../../../common/imaging/mask';
import type { MaskEditAction } from '../../../common/vfss/schema';
import type { Api } from '../../api/client';

interface Step {
  frame: number;
  /** The person's mask before the step; null = the frame had none (the model's mask showed). */
  before: Uint8Array | null;
  after: Uint8Array | null;
}

/**
 * Mask edits of one cine: reads a frame's current bolus mask (a person's, else the model's), saves
 * new masks as revisions, and keeps an undo/redo stack whose steps are saved too (the database
 * history stays append-only; undo writes the previous mask as a new revision).
 */
export class MaskEditSession {
  private readonly undoStack: Step[] = [];
  private readonly redoStack: Step[] = [];

  constructor(
    private readonly api: Api,
    readonly instanceId: number,
    readonly width: number,
    readonly height: number,
    private readonly modelKey: string | null,
    private readonly isEdited: (frame: number) => boolean,
    private readonly onChange: () => void,
  ) {}

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** The bolus mask shown on a frame (0/1, width×height); zeros when there is none. */
  async current(frame: number): Promise<Uint8Array> {
    const res = await fetch(this.api.fileUrl(`files/results/${this.instanceId}/${frame}/${encodeURIComponent(this.modelKey ?? 'none')}`), { credentials: 'same-origin' });
    const n = this.width * this.height;
    if (res.status === 204 || res.status === 404) return new Uint8Array(n);
    if (!res.ok) throw new Error(`mask request failed (${res.status})`);
    const payload = decodeMaskPayload(new Uint8Array(await res.arrayBuffer()));
    const bolus = payload.classes.find((c) => c.name === 'bolus');
    if (!bolus || payload.width !== this.width || payload.height !== this.height) return new Uint8Array(n);
    return rleDecode(bolus.rle, n);
  }

  /** Saves new masks for frames as one step. */
  async apply(changes: ReadonlyArray<{ frame: number; mask: Uint8Array }>, action: MaskEditAction): Promise<void> {
    if (changes.length === 0) return;
    const steps: Step[] = [];
    for (const c of changes) steps.push({ frame: c.frame, before: this.isEdited(c.frame) ? await this.current(c.frame) : null, after: c.mask });
    await this.save(steps.map((s) => ({ frame: s.frame, mask: s.after })), action);
    // Several frames (interpolation) undo together: consecutive steps plus the group's size.
    this.undoStack.push(...steps);
    this.groupSizes.push(steps.length);
    this.redoStack.length = 0;
    this.redoGroups.length = 0;
    this.onChange();
  }

  private readonly groupSizes: number[] = [];
  private readonly redoGroups: number[] = [];

  async undo(): Promise<void> {
    const n = this.groupSizes.pop();
    if (!n) return;
    const steps = this.undoStack.splice(this.undoStack.length - n, n);
    await this.save(steps.map((s) => ({ frame: s.frame, mask: s.before })), 'undo');
    this.redoStack.push(...steps);
    this.redoGroups.push(n);
    this.onChange();
  }

  async redo(): Promise<void> {
    const n = this.redoGroups.pop();
    if (!n) return;
    const steps = this.redoStack.splice(this.redoStack.length - n, n);
    await this.save(steps.map((s) => ({ frame: s.frame, mask: s.after })), 'redo');
    this.undoStack.push(...steps);
    this.groupSizes.push(n);
    this.onChange();
  }

  private async save(edits: ReadonlyArray<{ frame: number; mask: Uint8Array | null }>, action: MaskEditAction): Promise<void> {
    await this.api.call['vfss.saveMasks']({
      instanceId: this.instanceId,
      action,
      edits: edits.map((e) => ({ frame: e.frame, rle: e.mask ? Array.from(rleEncode(e.mask)) : null })),
    });
  }
}
