// How a client is read from `clients c`: a summary's fields under their own names (so a row is a
// ClientSummary but for `archived`), and a detail's few more.
import type { ClientSummary } from '../../../shared/domain';
import { CLIENT_SUMMARY_FIELDS } from '../../../shared/domain';

/** Where each ClientSummary field is in a row of `clients c`. */
const SUMMARY_SQL: Record<keyof ClientSummary, string> = {
  id: 'c.id',
  provider: 'c.provider',
  environment: 'c.environment',
  name: 'c.name',
  connectionId: 'c.connection_id',
  connectionLabel: 'c.connection_label',
  remoteId: 'c.remote_id',
  publicId: 'c.public_id',
  origin: 'c.origin',
  createdAt: 'c.created_at',
  archived: 'c.archived',
};
/** Every list read: a summary's fields under their own names, without the metadata. */
export const SUMMARY_COLUMNS = CLIENT_SUMMARY_FIELDS.map((field) => `${SUMMARY_SQL[field]} AS ${field}`).join(
  ', ',
);

/** A row read with SUMMARY_COLUMNS: a summary but for `archived`, an integer in SQLite. */
export type SummaryRow = Omit<ClientSummary, 'archived'> & { archived: number };

/** A row read with DETAIL_COLUMNS. */
export type ClientRow = SummaryRow & {
  metadata: string;
  remoteCreatedAt: string | null;
  archivedAt: string | null;
  conflictOf: string | null;
};
export const DETAIL_COLUMNS = `${SUMMARY_COLUMNS}, c.metadata AS metadata, c.remote_created_at AS remoteCreatedAt, c.archived_at AS archivedAt, c.conflict_of AS conflictOf`;

export function toSummary(row: SummaryRow): ClientSummary {
  return { ...row, archived: row.archived !== 0 };
}
