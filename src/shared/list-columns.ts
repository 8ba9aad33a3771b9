// The client list as columns: how the core sends its list index to the window (getListIndex)
// and how the window reads a row back. One array per ClientSummary field, all the same length;
// the connection travels as a code into the chunk's connectionIds (NO_CONNECTION for none).
import { CLIENT_SUMMARY_FIELDS, type ClientSummary, type ListIndexChunk } from './domain';
import { NO_CONNECTION } from './list-index';

export type ListRows = ListIndexChunk['rows'];
export type ListColumn = keyof ListRows;

const columnOf = (field: keyof ClientSummary): ListColumn =>
  field === 'connectionId' ? 'connection' : field;

/** Every column, in ClientSummary's field order. */
export const LIST_COLUMNS: readonly ListColumn[] = CLIENT_SUMMARY_FIELDS.map(columnOf);

export function emptyRows(): ListRows {
  return Object.fromEntries(LIST_COLUMNS.map((column) => [column, []])) as unknown as ListRows;
}

/** Appends one client; `connectionCode` gives the code of its connection's id. */
export function appendRow(
  rows: ListRows,
  client: ClientSummary,
  connectionCode: (connectionId: string) => number,
): void {
  for (const field of CLIENT_SUMMARY_FIELDS) {
    if (field === 'connectionId') {
      const { connectionId } = client;
      rows.connection.push(connectionId === null ? NO_CONNECTION : connectionCode(connectionId));
    } else {
      (rows[field] as unknown[]).push(client[field]);
    }
  }
}

/** The client in `slot`; `connectionIds` are the chunk's, by code. */
export function rowAt(rows: ListRows, slot: number, connectionIds: readonly string[]): ClientSummary {
  const client: Record<string, unknown> = {};
  for (const field of CLIENT_SUMMARY_FIELDS) {
    if (field === 'connectionId') {
      const code = rows.connection[slot]!;
      client[field] = code >= 0 ? (connectionIds[code] ?? null) : null;
    } else {
      client[field] = rows[field][slot];
    }
  }
  return client as ClientSummary;
}
