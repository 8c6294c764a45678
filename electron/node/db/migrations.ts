/**
 * Numbered schema migrations. Each runs in its own transaction and bumps PRAGMA user_version,
 * so a crash mid-migration leaves the previous version intact. Never edit a shipped migration:
 * add the next number.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE patients (
        id          INTEGER PRIMARY KEY,
        pseudo_id   TEXT NOT NULL UNIQUE,
        sex         TEXT,
        created_at  TEXT NOT NULL
      );

      CREATE TABLE studies (
        id            INTEGER PRIMARY KEY,
        patient_id    INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
        study_uid     TEXT NOT NULL UNIQUE,
        study_date    TEXT,
        study_time    TEXT,
        description   TEXT NOT NULL DEFAULT '',
        modalities    TEXT NOT NULL DEFAULT '',
        workflow      TEXT NOT NULL CHECK (workflow IN ('vfss','spine','pathology','other')),
        num_series    INTEGER NOT NULL DEFAULT 0,
        num_instances INTEGER NOT NULL DEFAULT 0,
        num_frames    INTEGER NOT NULL DEFAULT 0,
        deidentified  INTEGER NOT NULL DEFAULT 0,
        demo          INTEGER NOT NULL DEFAULT 0,
        search_text   TEXT NOT NULL DEFAULT '',
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
      );
      CREATE INDEX studies_patient ON studies(patient_id);
      CREATE INDEX studies_date ON studies(study_date);
      CREATE INDEX studies_created ON studies(created_at);
      CREATE INDEX studies_workflow ON studies(workflow, created_at);
      CREATE INDEX studies_frames ON studies(num_frames);

      CREATE TABLE series (
        id            INTEGER PRIMARY KEY,
        study_id      INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
        series_uid    TEXT NOT NULL UNIQUE,
        modality      TEXT NOT NULL DEFAULT '',
        number        INTEGER,
        description   TEXT NOT NULL DEFAULT '',
        created_at    TEXT NOT NULL
      );
      CREATE INDEX series_study ON series(study_id);

      CREATE TABLE instances (
        id                INTEGER PRIMARY KEY,
        series_id         INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
        sop_uid           TEXT NOT NULL UNIQUE,
        sop_class_uid     TEXT NOT NULL,
        instance_number   INTEGER,
        kind              TEXT NOT NULL CHECK (kind IN ('dicom','video','image','wsi')),
        transfer_syntax   TEXT NOT NULL,
        rows              INTEGER NOT NULL,
        columns           INTEGER NOT NULL,
        frames            INTEGER NOT NULL,
        photometric       TEXT NOT NULL,
        bits_stored       INTEGER NOT NULL,
        timing            TEXT NOT NULL,
        calibration       TEXT NOT NULL,
        store_path        TEXT NOT NULL,
        original_path     TEXT,
        file_sha256       TEXT NOT NULL,
        file_size         INTEGER NOT NULL,
        source_name       TEXT NOT NULL DEFAULT '',
        created_at        TEXT NOT NULL
      );
      CREATE INDEX instances_series ON instances(series_id);

      -- Content hash of every imported source file, so the same data imported twice is skipped.
      CREATE TABLE import_sources (
        sha256       TEXT PRIMARY KEY,
        instance_id  INTEGER NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
        first_name   TEXT NOT NULL,
        imported_at  TEXT NOT NULL
      );
      CREATE INDEX import_sources_instance ON import_sources(instance_id);

      CREATE TABLE imports (
        id           INTEGER PRIMARY KEY,
        state        TEXT NOT NULL CHECK (state IN ('running','done','failed','interrupted')),
        started_at   TEXT NOT NULL,
        finished_at  TEXT,
        total        INTEGER NOT NULL DEFAULT 0,
        done         INTEGER NOT NULL DEFAULT 0,
        report       TEXT NOT NULL DEFAULT '{}',
        error        TEXT
      );

      CREATE TABLE measurements (
        id           INTEGER PRIMARY KEY,
        instance_id  INTEGER NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
        frame        INTEGER NOT NULL,
        kind         TEXT NOT NULL CHECK (kind IN ('length','angle','cobb')),
        points       TEXT NOT NULL,
        label        TEXT NOT NULL DEFAULT '',
        value        REAL NOT NULL,
        unit         TEXT NOT NULL,
        calibration  TEXT NOT NULL,
        author       TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        deleted_at   TEXT
      );
      CREATE INDEX measurements_instance ON measurements(instance_id);

      -- Annotations (masks, landmarks, events) keep every revision: an edit never overwrites history.
      CREATE TABLE annotations (
        id           INTEGER PRIMARY KEY,
        instance_id  INTEGER NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
        frame        INTEGER,
        kind         TEXT NOT NULL,
        current_rev  INTEGER NOT NULL,
        created_at   TEXT NOT NULL
      );
      CREATE INDEX annotations_instance ON annotations(instance_id, kind);
      CREATE TABLE annotation_revisions (
        annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
        rev           INTEGER NOT NULL,
        payload       BLOB NOT NULL,
        author        TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        PRIMARY KEY (annotation_id, rev)
      );

      CREATE TABLE jobs (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL,
        state       TEXT NOT NULL CHECK (state IN ('queued','running','done','failed','cancelled')),
        progress    REAL NOT NULL DEFAULT 0,
        params      TEXT NOT NULL DEFAULT '{}',
        result      TEXT,
        error       TEXT,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      );
      CREATE INDEX jobs_state ON jobs(state);

      CREATE TABLE audit_log (
        id        INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        actor     TEXT NOT NULL,
        action    TEXT NOT NULL,
        entity    TEXT NOT NULL,
        entity_id INTEGER,
        detail    TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_entity ON audit_log(entity, entity_id);

      CREATE TABLE settings (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'AI results and inference jobs',
    sql: `
      ALTER TABLE jobs ADD COLUMN execution_provider TEXT;
      ALTER TABLE jobs ADD COLUMN study_id INTEGER REFERENCES studies(id) ON DELETE CASCADE;
      CREATE INDEX jobs_study ON jobs(study_id);

      -- One row per (instance, frame, model id + version): re-running a model is a cache hit.
      CREATE TABLE ai_results (
        id                  INTEGER PRIMARY KEY,
        instance_id         INTEGER NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
        frame               INTEGER NOT NULL,
        model_id            TEXT NOT NULL,
        model_version       TEXT NOT NULL,
        job_id              INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
        execution_provider  TEXT NOT NULL,
        payload             BLOB NOT NULL,
        summary             TEXT NOT NULL,
        created_at          TEXT NOT NULL,
        UNIQUE (instance_id, frame, model_id, model_version)
      );
    `,
  },
  {
    version: 3,
    name: 'VFSS review: boluses, events, PAS, reference anatomy',
    sql: `
      CREATE TABLE vfss_boluses (
        id           INTEGER PRIMARY KEY,
        instance_id  INTEGER NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
        start_frame  INTEGER NOT NULL,
        end_frame    INTEGER NOT NULL CHECK (end_frame >= start_frame),
        consistency  TEXT NOT NULL,
        volume_ml    REAL,
        pas          INTEGER CHECK (pas BETWEEN 1 AND 8),
        pas_frame    INTEGER,
        notes        TEXT NOT NULL DEFAULT '',
        author       TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      );
      CREATE INDEX vfss_boluses_instance ON vfss_boluses(instance_id, start_frame);

      CREATE TABLE vfss_events (
        bolus_id       INTEGER NOT NULL REFERENCES vfss_boluses(id) ON DELETE CASCADE,
        event          TEXT NOT NULL,
        frame          INTEGER NOT NULL,
        source         TEXT NOT NULL CHECK (source IN ('user','ai')),
        proposed_frame INTEGER,
        author         TEXT NOT NULL,
        at             TEXT NOT NULL,
        PRIMARY KEY (bolus_id, event)
      );

      CREATE TABLE vfss_anatomy (
        instance_id  INTEGER PRIMARY KEY REFERENCES instances(id) ON DELETE CASCADE,
        anatomy      TEXT NOT NULL,
        author       TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      );

      CREATE UNIQUE INDEX annotations_frame_kind ON annotations(instance_id, frame, kind);
    `,
  },
  {
    version: 4,
    name: 'VFSS residue regions per bolus',
    sql: `ALTER TABLE vfss_boluses ADD COLUMN residue TEXT;`,
  },
];
