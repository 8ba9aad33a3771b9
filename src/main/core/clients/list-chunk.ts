// The list index as the window copies it (getListIndex): slots [offset, offset + limit) with what
// the list shows of each, a column per ClientSummary field (shared/list-columns.ts), and in the
// first chunk every partition's two orders.
import type { ListIndexChunk } from '../../../shared/domain';
import { appendRow, emptyRows } from '../../../shared/list-columns';
import { NO_CONNECTION } from '../../../shared/list-index';
import type { ClientListIndex } from './client-list-index';
import { toSummary, type SummaryRow } from './summary-sql';

/** `readRange(from, to)`: the summaries of the rowids from `from` to `to`, in rowid order. */
export function listIndexChunk(
  index: ClientListIndex,
  offset: number,
  limit: number,
  readRange: (from: number, to: number) => SummaryRow[],
): ListIndexChunk {
  const end = Math.min(index.rowids.length, offset + limit);
  const rows = emptyRows();
  if (offset < end) {
    // Slots are in rowid order, and the index is of the store as it is now: one range scan.
    const found = readRange(index.rowids[offset]!, index.rowids[end - 1]!);
    const code = (connectionId: string) => index.connectionCodes.get(connectionId) ?? NO_CONNECTION;
    for (const row of found) appendRow(rows, toSummary(row), code);
  }
  const orders =
    offset === 0
      ? Object.fromEntries(
          [...index.partitions].map(([key, partition]) => [
            key,
            { byCreated: Array.from(partition.byCreated), byName: Array.from(partition.byName) },
          ]),
        )
      : null;
  return {
    version: index.version,
    size: index.rowids.length,
    offset,
    rows,
    connectionIds: [...index.connectionCodes.keys()],
    orders,
  };
}
