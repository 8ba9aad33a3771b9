// Rescue files: what a create must not lose when the database cannot take it right now (locked
// by another program, disk full, I/O error). One JSON file per attempt in <dataDir>/rescue,
// written durably (durable-file.ts) and read back at the next
// start. Secrets in them are sealed exactly as in the `secrets` table (AES-256-GCM under the
// store's data key, bound to their row): a rescue file holds no plaintext.
import { lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { environmentSchema, providerSchema } from '../../../shared/domain';
import { ERROR_CODES } from '../../../shared/errors';
import type { SealedClient } from '../clients/clients';
import { writeFileDurably } from '../store/durable-file';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

const sealedSchema = z.object({ nonce: base64, ciphertext: base64 });

// Only the secret fields Keyhold stores (a field name is a vault account). Lengths are as the
// provider answered: a rescued create must not be refused for a long name.
const clientRecordSchema = z.object({
  kind: z.literal('client'),
  attemptId: z.string().min(1).max(64),
  client: z.object({
    id: z.string().min(1).max(64),
    provider: providerSchema,
    connectionId: z.string().nullable(),
    connectionLabel: z.string(),
    environment: environmentSchema,
    name: z.string(),
    remoteId: z.string(),
    publicId: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    origin: z.enum(['created', 'imported']),
    remoteCreatedAt: z.string().nullable(),
    secrets: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/), sealedSchema),
  }),
});

/** A failure the journal could not record: without it the attempt would read as interrupted. */
const outcomeRecordSchema = z.object({
  kind: z.literal('outcome'),
  attemptId: z.string().min(1).max(64),
  state: z.enum(['failed', 'unknown']),
  code: z.enum(ERROR_CODES),
  message: z.string(),
});

/** Files written before the create journal was renamed call the attempt's id `operationId`. */
function withAttemptId(record: unknown): unknown {
  if (typeof record !== 'object' || record === null || 'attemptId' in record) return record;
  if (!('operationId' in record)) return record;
  const { operationId, ...rest } = record;
  return { ...rest, attemptId: operationId };
}

const fileSchema = z.object({
  format: z.literal('keyhold-rescue'),
  version: z.literal(1),
  record: z.preprocess(
    withAttemptId,
    z.discriminatedUnion('kind', [clientRecordSchema, outcomeRecordSchema]),
  ),
});

export type OutcomeRecord = z.infer<typeof outcomeRecordSchema>;
export type RescueRecord = { kind: 'client'; attemptId: string; client: SealedClient } | OutcomeRecord;

const SUFFIX = '.json';

export class RescueFiles {
  constructor(readonly dir: string) {}

  /** Durable once it returns: the record survives a crash or a power cut from here on. */
  write(record: RescueRecord): void {
    const text = JSON.stringify({ format: 'keyhold-rescue', version: 1, record: toJson(record) });
    writeFileDurably(this.fileOf(record.attemptId), text);
  }

  /** Every readable record; unreadable files are reported, never deleted. */
  read(): { records: RescueRecord[]; unreadable: string[] } {
    const records: RescueRecord[] = [];
    const unreadable: string[] = [];
    for (const name of this.names()) {
      const parsed = fileSchema.safeParse(parseJson(readRegularFile(join(this.dir, name))));
      if (parsed.success) records.push(fromJson(parsed.data.record));
      else unreadable.push(name);
    }
    return { records, unreadable };
  }

  remove(attemptId: string): void {
    rmSync(this.fileOf(attemptId), { force: true });
  }

  private names(): string[] {
    try {
      return readdirSync(this.dir).filter((name) => name.endsWith(SUFFIX));
    } catch {
      return [];
    }
  }

  private fileOf(attemptId: string): string {
    // Attempt ids are UUIDs we made; refuse anything that could name another path.
    if (!/^[A-Za-z0-9-]{1,64}$/.test(attemptId)) throw new Error('invalid attempt id');
    return join(this.dir, `${attemptId}${SUFFIX}`);
  }
}

/** The file's text; null for what is not a regular file (a folder, a FIFO that would block the start) or cannot be read. */
function readRegularFile(path: string): string | null {
  try {
    return lstatSync(path).isFile() ? readFileSync(path, 'utf8') : null;
  } catch {
    return null;
  }
}

function toJson(record: RescueRecord): unknown {
  if (record.kind === 'outcome') return record;
  const secrets = Object.fromEntries(
    Object.entries(record.client.secrets).map(([field, sealed]) => [
      field,
      { nonce: sealed.nonce.toString('base64'), ciphertext: sealed.ciphertext.toString('base64') },
    ]),
  );
  return { ...record, client: { ...record.client, secrets } };
}

function fromJson(record: z.infer<typeof fileSchema>['record']): RescueRecord {
  if (record.kind === 'outcome') return record;
  const secrets = Object.fromEntries(
    Object.entries(record.client.secrets).map(([field, sealed]) => [
      field,
      { nonce: Buffer.from(sealed.nonce, 'base64'), ciphertext: Buffer.from(sealed.ciphertext, 'base64') },
    ]),
  );
  return { ...record, client: { ...record.client, secrets } };
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
