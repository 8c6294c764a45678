import { ApiError } from '../../../common/api';
import { maskArea, rleDecode, rleEncode } from '../../../common/imaging/mask';
import { decodeMaskPayload, encodeMaskPayload } from '../../../common/models/maskPayload';
import type { MaskEdit, MaskEditAction } from '../../../common/vfss/schema';
import { nowIso, type Db } from '../db/openDatabase';
import type { AuditLog } from '../services/AuditLog';

/** Annotation kind of a person's bolus mask on one frame (annotations + annotation_revisions). */
export const BOLUS_MASK_KIND = 'vfss.bolusMask';

export interface MaskRevision {
  rev: number;
  author: string;
  at: string;
  action: string;
  areaPx: number | null;
}

/**
 * People's bolus masks, one annotation per frame with an append-only revision history. A revision
 * holds the mask as a one-class payload (common/models/maskPayload), or no bytes when the person
 * handed the frame back to the model. Author and action share the author column ("name\0action").
 */
export class BolusMaskStore {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {}

  /** Saves masks for frames in one transaction (a bad frame saves nothing); returns the frames. */
  save(instanceId: number, inst: { frames: number; rows: number; columns: number }, edits: readonly MaskEdit[], action: MaskEditAction, author: string): number[] {
    const n = inst.rows * inst.columns;
    const prepared = edits.map((e) => {
      if (e.frame >= inst.frames) throw new ApiError('invalid_input', `Frame ${e.frame + 1} is past the last frame (${inst.frames}).`);
      if (e.rle === null) return { frame: e.frame, payload: new Uint8Array(0), areaPx: null };
      const total = e.rle.reduce((a, b) => a + b, 0);
      if (total !== n) throw new ApiError('invalid_input', `The mask for frame ${e.frame + 1} covers ${total} pixels; the image has ${inst.columns}×${inst.rows} = ${n}.`);
      const mask = rleDecode(Uint32Array.from(e.rle), n);
      const area = maskArea(mask);
      const payload = encodeMaskPayload({ width: inst.columns, height: inst.rows, classes: [{ name: 'bolus', areaPx: area, meanProbability: 1, rle: rleEncode(mask) }] });
      return { frame: e.frame, payload, areaPx: area };
    });
    const now = nowIso();
    this.db.transaction(() => {
      const find = this.db.prepare('SELECT id, current_rev FROM annotations WHERE instance_id = ? AND frame = ? AND kind = ?');
      const create = this.db.prepare('INSERT INTO annotations (instance_id, frame, kind, current_rev, created_at) VALUES (?, ?, ?, 0, ?)');
      const addRev = this.db.prepare('INSERT INTO annotation_revisions (annotation_id, rev, payload, author, created_at) VALUES (?, ?, ?, ?, ?)');
      const bump = this.db.prepare('UPDATE annotations SET current_rev = ? WHERE id = ?');
      for (const p of prepared) {
        let row = find.get(instanceId, p.frame, BOLUS_MASK_KIND) as { id: number; current_rev: number } | undefined;
        if (!row) row = { id: Number(create.run(instanceId, p.frame, BOLUS_MASK_KIND, now).lastInsertRowid), current_rev: 0 };
        const rev = row.current_rev + 1;
        addRev.run(row.id, rev, Buffer.from(p.payload), `${author}\u0000${action}`, now);
        bump.run(rev, row.id);
      }
      this.audit.record(author, `vfss.mask.${action}`, 'instance', instanceId, { frames: prepared.map((p) => p.frame), areas: prepared.map((p) => p.areaPx) });
    })();
    return prepared.map((p) => p.frame);
  }

  history(instanceId: number, frame: number): MaskRevision[] {
    const rows = this.db
      .prepare(
        `SELECT r.rev, r.author, r.created_at, r.payload FROM annotation_revisions r JOIN annotations a ON a.id = r.annotation_id
          WHERE a.instance_id = ? AND a.frame = ? AND a.kind = ? ORDER BY r.rev DESC`,
      )
      .all(instanceId, frame, BOLUS_MASK_KIND) as { rev: number; author: string; created_at: string; payload: Buffer }[];
    return rows.map((r) => {
      const [who = '', action = ''] = r.author.split('\u0000');
      const areaPx = r.payload.byteLength === 0 ? null : (decodeMaskPayload(new Uint8Array(r.payload)).classes[0]?.areaPx ?? 0);
      return { rev: r.rev, author: who, at: r.created_at, action, areaPx };
    });
  }

  /** The current mask payload per frame (frames handed back to the model are absent). */
  current(instanceId: number, frame?: number): Map<number, Uint8Array> {
    const sql = `SELECT a.frame, r.payload FROM annotations a JOIN annotation_revisions r ON r.annotation_id = a.id AND r.rev = a.current_rev
                  WHERE a.instance_id = ? AND a.kind = ?${frame === undefined ? '' : ' AND a.frame = ?'}`;
    const args: (number | string)[] = frame === undefined ? [instanceId, BOLUS_MASK_KIND] : [instanceId, BOLUS_MASK_KIND, frame];
    const rows = this.db.prepare(sql).all(...args) as { frame: number; payload: Buffer }[];
    const out = new Map<number, Uint8Array>();
    for (const r of rows) if (r.payload.byteLength > 0) out.set(r.frame, new Uint8Array(r.payload.buffer, r.payload.byteOffset, r.payload.byteLength));
    return out;
  }
}
