// Page math for the virtualised client list: which pages a visible range needs, where an
// index lives, and which cached pages to drop when the cache grows.

export const PAGE_SIZE = 100;
/** Cached pages kept per list query (~10,000 rows); the farthest from view are dropped first. */
export const MAX_CACHED_PAGES = 100;

export type Pages<T> = Readonly<Record<number, readonly T[]>>;

export function pageOf(index: number, pageSize = PAGE_SIZE): number {
  return Math.floor(Math.max(0, index) / pageSize);
}

export function pageCount(total: number, pageSize = PAGE_SIZE): number {
  return Math.ceil(Math.max(0, total) / pageSize);
}

/**
 * Pages covering the inclusive index range [start, end], clamped to `total` when it is known.
 * With total unknown (first request of a query) only the first page of the range is asked for.
 */
export function pagesForRange(
  start: number,
  end: number,
  total: number | null,
  pageSize = PAGE_SIZE,
): number[] {
  if (total === 0) return [];
  const from = pageOf(start, pageSize);
  let to = pageOf(Math.max(start, end), pageSize);
  if (total === null) to = from;
  else to = Math.min(to, pageCount(total, pageSize) - 1);
  const pages: number[] = [];
  for (let p = from; p <= to; p++) pages.push(p);
  return pages;
}

export function itemAt<T>(pages: Pages<T>, index: number, pageSize = PAGE_SIZE): T | undefined {
  if (index < 0) return undefined;
  return pages[pageOf(index, pageSize)]?.[index % pageSize];
}

/** Page numbers to drop so at most `max` remain, farthest from `centerPage` first. */
export function pagesToEvict(
  loaded: readonly number[],
  centerPage: number,
  max = MAX_CACHED_PAGES,
): number[] {
  if (loaded.length <= max) return [];
  return [...loaded]
    .sort((a, b) => Math.abs(b - centerPage) - Math.abs(a - centerPage) || b - a)
    .slice(0, loaded.length - max);
}

/** Index of the item matching `predicate` among the cached pages, or -1. */
export function findIndex<T>(pages: Pages<T>, predicate: (item: T) => boolean, pageSize = PAGE_SIZE): number {
  for (const [key, items] of Object.entries(pages)) {
    const i = items.findIndex(predicate);
    if (i >= 0) return Number(key) * pageSize + i;
  }
  return -1;
}
