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
];
