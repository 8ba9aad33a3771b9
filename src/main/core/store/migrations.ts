// Numbered migrations, applied in order at start; PRAGMA user_version records the last one.
// Append only: never edit a migration that has shipped.
export const MIGRATIONS: readonly string[] = [
  // 1: connections, clients, encrypted secrets, the create journal, settings.
  `
  CREATE TABLE connections (
    id          TEXT PRIMARY KEY,
    provider    TEXT NOT NULL CHECK (provider IN ('weir', 'mythic')),
    label       TEXT NOT NULL,
    base_url    TEXT NOT NULL,
    token_hint  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
  );

  CREATE TABLE clients (
    id                TEXT PRIMARY KEY,
    provider          TEXT NOT NULL CHECK (provider IN ('weir', 'mythic')),
    connection_id     TEXT REFERENCES connections(id) ON DELETE SET NULL,
    connection_label  TEXT NOT NULL,
    environment       TEXT NOT NULL CHECK (environment IN ('production', 'staging', 'development')),
    name              TEXT NOT NULL,
    remote_id         TEXT NOT NULL,
    public_id         TEXT NOT NULL,
    metadata          TEXT NOT NULL DEFAULT '{}',
    origin            TEXT NOT NULL CHECK (origin IN ('created', 'imported')),
    remote_created_at TEXT,
    created_at        TEXT NOT NULL,
    archived_at       TEXT,
    archived          INTEGER NOT NULL GENERATED ALWAYS AS (archived_at IS NOT NULL) VIRTUAL
  );
  CREATE INDEX clients_env_created ON clients (environment, archived, created_at);
  CREATE INDEX clients_env_name ON clients (environment, archived, name COLLATE NOCASE);
  CREATE INDEX clients_connection ON clients (connection_id);

  -- Substring search over name and ids (trigram: any 3+ character fragment uses the index).
  CREATE VIRTUAL TABLE clients_search USING fts5(
    name, remote_id, public_id, content = 'clients', content_rowid = 'rowid', tokenize = 'trigram'
  );
  CREATE TRIGGER clients_search_insert AFTER INSERT ON clients BEGIN
    INSERT INTO clients_search (rowid, name, remote_id, public_id)
    VALUES (new.rowid, new.name, new.remote_id, new.public_id);
  END;
  CREATE TRIGGER clients_search_delete AFTER DELETE ON clients BEGIN
    INSERT INTO clients_search (clients_search, rowid, name, remote_id, public_id)
    VALUES ('delete', old.rowid, old.name, old.remote_id, old.public_id);
  END;
  CREATE TRIGGER clients_search_update AFTER UPDATE OF name, remote_id, public_id ON clients BEGIN
    INSERT INTO clients_search (clients_search, rowid, name, remote_id, public_id)
    VALUES ('delete', old.rowid, old.name, old.remote_id, old.public_id);
    INSERT INTO clients_search (rowid, name, remote_id, public_id)
    VALUES (new.rowid, new.name, new.remote_id, new.public_id);
  END;

  -- Vault: one data key wrapped by the OS safe storage; each secret AES-256-GCM.
  CREATE TABLE vault_keys (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    backend     TEXT NOT NULL,
    wrapped_key BLOB NOT NULL,
    created_at  TEXT NOT NULL
  );
  CREATE TABLE secrets (
    service     TEXT NOT NULL,
    account     TEXT NOT NULL,
    nonce       BLOB NOT NULL,
    ciphertext  BLOB NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (service, account)
  ) WITHOUT ROWID;

  -- The create journal: every attempt, before the call; no secrets in it.
  CREATE TABLE operations (
    id             TEXT PRIMARY KEY,
    provider       TEXT NOT NULL,
    connection_id  TEXT,
    connection_label TEXT NOT NULL,
    environment    TEXT NOT NULL,
    name           TEXT NOT NULL,
    remote_id      TEXT,
    state          TEXT NOT NULL CHECK (state IN ('pending', 'succeeded', 'failed', 'unknown', 'dismissed')),
    error_code     TEXT,
    error_message  TEXT,
    client_id      TEXT,
    started_at     TEXT NOT NULL,
    finished_at    TEXT
  );
  CREATE INDEX operations_state ON operations (state);

  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,

  // 2: list performance at 100,000 clients (measured by npm run bench).
  // - The list indexes end with the tie-breaker `id`, so `ORDER BY created_at|name, id LIMIT n` walks
  //   the index without a temp sort, and the in-memory list index reads both orders from them alone.
  // - client_counts keeps per-(environment, archived, provider, connection) counts in step with every
  //   write, so the tab counts and unfiltered totals no longer count(*) over the table on each call.
  // - client_list_version changes with every write to clients: the in-memory list index is valid
  //   only for the version it was built from.
  `
  DROP INDEX clients_env_created;
  DROP INDEX clients_env_name;
  CREATE INDEX clients_env_created ON clients (environment, archived, created_at, id);
  CREATE INDEX clients_env_name ON clients (environment, archived, name COLLATE NOCASE, id);

  CREATE TABLE client_counts (
    environment    TEXT NOT NULL,
    archived       INTEGER NOT NULL,
    provider       TEXT NOT NULL,
    connection_key TEXT NOT NULL, -- connection_id, or '' for none
    n              INTEGER NOT NULL,
    PRIMARY KEY (environment, archived, provider, connection_key)
  ) WITHOUT ROWID;
  INSERT INTO client_counts (environment, archived, provider, connection_key, n)
    SELECT environment, archived, provider, coalesce(connection_id, ''), count(*) FROM clients GROUP BY 1, 2, 3, 4;

  CREATE TABLE client_list_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
  );
  INSERT INTO client_list_version (id, version) VALUES (1, 0);

  CREATE TRIGGER clients_counts_insert AFTER INSERT ON clients BEGIN
    INSERT INTO client_counts (environment, archived, provider, connection_key, n)
    VALUES (new.environment, new.archived, new.provider, coalesce(new.connection_id, ''), 1)
    ON CONFLICT (environment, archived, provider, connection_key) DO UPDATE SET n = n + 1;
    UPDATE client_list_version SET version = version + 1;
  END;
  CREATE TRIGGER clients_counts_delete AFTER DELETE ON clients BEGIN
    UPDATE client_counts SET n = n - 1
    WHERE environment = old.environment AND archived = old.archived AND provider = old.provider
      AND connection_key = coalesce(old.connection_id, '');
    UPDATE client_list_version SET version = version + 1;
  END;
  CREATE TRIGGER clients_counts_update AFTER UPDATE ON clients BEGIN
    UPDATE client_counts SET n = n - 1
    WHERE environment = old.environment AND archived = old.archived AND provider = old.provider
      AND connection_key = coalesce(old.connection_id, '');
    INSERT INTO client_counts (environment, archived, provider, connection_key, n)
    VALUES (new.environment, new.archived, new.provider, coalesce(new.connection_id, ''), 1)
    ON CONFLICT (environment, archived, provider, connection_key) DO UPDATE SET n = n + 1;
    UPDATE client_list_version SET version = version + 1;
  END;
  `,

  // 3: a store names the key that sealed its data key. Where a safe storage keeps a key
  // per store (the Node keyring), this id finds it, so a moved data folder keeps its key. NULL in a
  // store from before: the vault records the id once the legacy key has opened it.
  `
  ALTER TABLE vault_keys ADD COLUMN key_id TEXT;
  `,

  // 4: the activity log (core/activity): every reveal, copy and export of a secret, and every request
  // of the keyhold CLI; never a secret value. No foreign key: an entry outlives a deleted client, so
  // its name and environment are kept as they were.
  `
  CREATE TABLE activity (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN
                  ('reveal', 'copy', 'export', 'cli_read', 'cli_list', 'cli_denied', 'cli_no_answer')),
    client_id   TEXT,
    client_name TEXT,
    environment TEXT,
    provider    TEXT,
    field       TEXT,
    format      TEXT CHECK (format IN ('env', 'json')),
    command     TEXT,
    program     TEXT, -- JSON: the requesting program (pid, executable, folder, parent, how verified)
    asked       TEXT  -- JSON: the references a refused request asked for
  );
  CREATE INDEX activity_client ON activity (client_id, id);
  `,

  // 5: backups (src/main/core/backup). A restore merges by (provider, remote id) and keeps the newer
  // metadata: `updated_at` says when a client last changed (NULL: not since created_at), kept by a
  // trigger for every writer. `conflict_of` marks a restored copy whose secret differs from the
  // client it names (both are kept; deleting that client clears the mark).
  `
  ALTER TABLE clients ADD COLUMN updated_at TEXT;
  ALTER TABLE clients ADD COLUMN conflict_of TEXT REFERENCES clients(id) ON DELETE SET NULL;
  CREATE INDEX clients_remote ON clients (provider, remote_id);
  -- The counts follow the columns the list reads, not updated_at: clients_touch's own update must
  -- not count a row twice (it would run before the outer update's counts, whose bucket it misses).
  DROP TRIGGER clients_counts_update;
  CREATE TRIGGER clients_counts_update AFTER UPDATE OF id, provider, connection_id, connection_label,
      environment, name, remote_id, public_id, metadata, origin, remote_created_at, created_at, archived_at
    ON clients
  BEGIN
    UPDATE client_counts SET n = n - 1
    WHERE environment = old.environment AND archived = old.archived AND provider = old.provider
      AND connection_key = coalesce(old.connection_id, '');
    INSERT INTO client_counts (environment, archived, provider, connection_key, n)
    VALUES (new.environment, new.archived, new.provider, coalesce(new.connection_id, ''), 1)
    ON CONFLICT (environment, archived, provider, connection_key) DO UPDATE SET n = n + 1;
    UPDATE client_list_version SET version = version + 1;
  END;
  CREATE TRIGGER clients_touch AFTER UPDATE OF provider, connection_id, connection_label, environment,
      name, remote_id, public_id, metadata, origin, remote_created_at, archived_at ON clients
    WHEN new.updated_at IS old.updated_at
  BEGIN
    UPDATE clients SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE rowid = new.rowid;
  END;
  `,

  // 6: the create journal is named after what it holds, create attempts (the Attempt type, the
  // listAttempts method). SQLite cannot rename an index: the state index is made again.
  `
  ALTER TABLE operations RENAME TO create_attempts;
  DROP INDEX operations_state;
  CREATE INDEX create_attempts_state ON create_attempts (state);
  `,

  // 7: the backup files this store wrote, by name: only these are counted, dated and pruned, so a
  // file someone else put in a shared backup folder under a backup's name is never taken for one.
  `
  CREATE TABLE backup_files (
    name        TEXT PRIMARY KEY,
    written_at  TEXT NOT NULL
  );
  `,
];
