import { Enums as CoreEnums, eventTarget } from '@cornerstonejs/core';
import { annotation as csAnnotation, Enums as ToolEnums, type Types as ToolTypes } from '@cornerstonejs/tools';
import type { Measurement, Point2 } from '../../../common/api';
import { isDegenerate } from '../../../common/measure/geometry';
import type { Api } from '../../api/client';
import type { StackController } from '../cornerstone/StackController';
import { positionOf, type DisplaySet } from '../displaySet';
import { annotationFor, annotationImagePoints, kindOf, measurementUid, setAnnotationPoints } from './adapter';
import type { History } from './History';

const SAVE_DELAY_MS = 300;

function samePoints(a: readonly Point2[], b: readonly Point2[]): boolean {
  return a.length === b.length && a.every((p, i) => Math.abs(p[0] - (b[i]?.[0] ?? NaN)) < 1e-3 && Math.abs(p[1] - (b[i]?.[1] ?? NaN)) < 1e-3);
}

type AnnotationEvent = CustomEvent<{ annotation?: ToolTypes.Annotation; annotationUID?: string }>;

/**
 * Keeps Cornerstone's annotations and the database in step for one display set: a drawn
 * annotation becomes a measurement, a drag updates it (debounced, only when points really moved),
 * removal deletes it; stored measurements are put back on screen when their frame is shown.
 * Every change goes through the undo history.
 */
export class MeasurementSync {
  private readonly byId = new Map<number, Measurement>();
  private readonly uidToId = new Map<string, number>();
  private readonly onScreen = new Set<number>();
  private readonly timers = new Map<number, number>();
  private suppress = 0;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    private readonly api: Api,
    private readonly controller: StackController,
    private readonly set: DisplaySet,
    private readonly history: History,
    private readonly onList: (list: Measurement[]) => void,
    private readonly onError: (message: string) => void,
  ) {}

  async load(studyId: number): Promise<void> {
    const all = await this.api.call['measurement.list']({ studyId });
    const instances = new Set(this.set.frames.map((f) => f.instanceId));
    for (const m of all) if (instances.has(m.instanceId)) this.byId.set(m.id, m);
    this.publish();
    this.materializeCurrent();
  }

  start(): void {
    const on = (type: string, fn: (e: AnnotationEvent) => void) => {
      const handler = (e: Event) => fn(e as AnnotationEvent);
      eventTarget.addEventListener(type, handler);
      this.cleanups.push(() => eventTarget.removeEventListener(type, handler));
    };
    on(ToolEnums.Events.ANNOTATION_COMPLETED, (e) => this.onCompleted(e.detail.annotation));
    on(ToolEnums.Events.ANNOTATION_MODIFIED, (e) => this.onModified(e.detail.annotation));
    on(ToolEnums.Events.ANNOTATION_REMOVED, (e) => this.onRemoved(e.detail.annotation));
    const rendered = () => this.materializeCurrent();
    this.controller.element.addEventListener(CoreEnums.Events.STACK_NEW_IMAGE, rendered);
    this.controller.element.addEventListener(CoreEnums.Events.IMAGE_RENDERED, rendered);
    this.cleanups.push(() => {
      this.controller.element.removeEventListener(CoreEnums.Events.STACK_NEW_IMAGE, rendered);
      this.controller.element.removeEventListener(CoreEnums.Events.IMAGE_RENDERED, rendered);
    });
  }

  dispose(): void {
    for (const c of this.cleanups.splice(0)) c();
    for (const t of this.timers.values()) window.clearTimeout(t);
    this.withoutEvents(() => {
      for (const id of this.onScreen) csAnnotation.state.removeAnnotation(this.uidOf(id));
    });
  }

  list(): Measurement[] {
    return [...this.byId.values()].sort((a, b) => a.id - b.id);
  }

  /** Shows the frame a measurement was made on. */
  async reveal(m: Measurement): Promise<void> {
    const pos = positionOf(this.set, m.instanceId, m.frame);
    if (pos >= 0) await this.controller.showFrame(pos);
  }

  async remove(id: number): Promise<void> {
    const m = this.byId.get(id);
    if (!m) return;
    await this.deleteOnServer(m);
    this.history.push({
      label: 'delete',
      undo: async () => this.restoreOnServer(id),
      redo: async () => this.deleteOnServer(m),
    });
  }

  private uidOf(id: number): string {
    for (const [uid, mid] of this.uidToId) if (mid === id) return uid;
    return measurementUid(id);
  }

  private publish(): void {
    this.onList(this.list());
  }

  private withoutEvents(fn: () => void): void {
    this.suppress++;
    try {
      fn();
    } finally {
      this.suppress--;
    }
  }

  private materializeCurrent(): void {
    const vp = this.controller.stackViewport;
    const index = vp.getCurrentImageIdIndex();
    const here = this.set.frames[index];
    const imageId = this.set.imageIds[index];
    if (!here || !imageId) return;
    for (const m of this.byId.values()) {
      if (this.onScreen.has(m.id) || m.instanceId !== here.instanceId || m.frame !== here.frame) continue;
      try {
        const a = annotationFor(vp, m, imageId, index);
        this.withoutEvents(() => csAnnotation.state.addAnnotation(a, this.controller.element));
        this.uidToId.set(a.annotationUID as string, m.id);
        this.onScreen.add(m.id);
      } catch {
        // Metadata for this frame is not loaded yet; the next render retries.
      }
    }
    vp.render();
  }

  private onCompleted(a: ToolTypes.Annotation | undefined): void {
    if (!a || this.suppress || !a.annotationUID || this.uidToId.has(a.annotationUID)) return;
    const kind = kindOf(a);
    const located = annotationImagePoints(a);
    if (!kind || !located) return;
    const pos = this.set.imageIds.indexOf(located.imageId);
    const where = this.set.frames[pos];
    if (!where) return;
    const uid = a.annotationUID;
    if (isDegenerate(kind, located.points)) {
      // A click without a drag: nothing was measured, so nothing is kept.
      this.withoutEvents(() => csAnnotation.state.removeAnnotation(uid));
      this.controller.stackViewport.render();
      return;
    }
    void this.api.call['measurement.create']({ instanceId: where.instanceId, frame: where.frame, kind, points: located.points, label: '' }).then(
      (m) => {
        this.uidToId.set(uid, m.id);
        this.onScreen.add(m.id);
        this.byId.set(m.id, m);
        this.publish();
        this.history.push({
          label: 'create',
          undo: async () => this.deleteOnServer(m),
          redo: async () => this.restoreOnServer(m.id),
        });
      },
      (error: Error) => {
        this.withoutEvents(() => csAnnotation.state.removeAnnotation(uid));
        this.controller.stackViewport.render();
        this.onError(error.message);
      },
    );
  }

  private onModified(a: ToolTypes.Annotation | undefined): void {
    if (!a || this.suppress || !a.annotationUID) return;
    const id = this.uidToId.get(a.annotationUID);
    if (id === undefined) return;
    const old = this.timers.get(id);
    if (old) window.clearTimeout(old);
    this.timers.set(
      id,
      window.setTimeout(() => {
        this.timers.delete(id);
        const before = this.byId.get(id);
        const located = annotationImagePoints(a);
        if (!before || !located || samePoints(before.points, located.points)) return;
        const after = located.points;
        void this.updateOnServer(id, after).then(() =>
          this.history.push({
            label: 'move',
            undo: async () => this.updateOnServer(id, before.points),
            redo: async () => this.updateOnServer(id, after),
          }),
        );
      }, SAVE_DELAY_MS),
    );
  }

  private onRemoved(a: ToolTypes.Annotation | undefined): void {
    if (!a || this.suppress || !a.annotationUID) return;
    const id = this.uidToId.get(a.annotationUID);
    const m = id !== undefined ? this.byId.get(id) : undefined;
    if (!m) return;
    this.uidToId.delete(a.annotationUID);
    this.onScreen.delete(m.id);
    void this.remove(m.id);
  }

  private async updateOnServer(id: number, points: Point2[]): Promise<void> {
    try {
      const m = await this.api.call['measurement.update']({ id, points });
      this.byId.set(id, m);
      const uid = this.uidOf(id);
      const a = csAnnotation.state.getAnnotation(uid);
      if (a) {
        setAnnotationPoints(a, points);
        this.controller.stackViewport.render();
      }
      this.publish();
    } catch (error) {
      this.onError((error as Error).message);
    }
  }

  private async deleteOnServer(m: Measurement): Promise<void> {
    await this.api.call['measurement.delete']({ id: m.id });
    this.byId.delete(m.id);
    const uid = this.uidOf(m.id);
    this.withoutEvents(() => csAnnotation.state.removeAnnotation(uid));
    this.uidToId.delete(uid);
    this.onScreen.delete(m.id);
    this.controller.stackViewport.render();
    this.publish();
  }

  private async restoreOnServer(id: number): Promise<void> {
    const m = await this.api.call['measurement.restore']({ id });
    this.byId.set(m.id, m);
    this.publish();
    this.materializeCurrent();
  }
}
