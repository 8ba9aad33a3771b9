// The list index's life cycle: built in the background, in slices of a few milliseconds between
// other calls, after a list read finds none; used only while the store is at the version it was
// built from (any write to clients moves it on, and the next read starts a new build).
import type { Db } from '../store/database';
import { statements, type Statements } from '../store/statements';
import { ClientListIndex, LIST_VERSION_SQL } from './client-list-index';

export interface ListIndexOptions {
  /**
   * Answer from the in-memory list index once it is built (default true). It is built in the
   * background after the first read and after every change to the clients; until then the list
   * answers in SQL.
   */
  listIndex?: boolean;
  /** Runs one slice of background work later (default: setImmediate). */
  schedule?: (task: () => void) => void;
}

export class BackgroundListIndex {
  private readonly options: Required<ListIndexOptions>;
  private readonly sql: Statements;
  private index: ClientListIndex | null = null;
  private building = false;

  constructor(
    private readonly db: Db,
    options: ListIndexOptions = {},
  ) {
    this.options = { listIndex: true, schedule: (task) => setImmediate(task), ...options };
    this.sql = statements(db);
  }

  /** The list index of the store as it is now; null (and a build under way) when there is none. */
  current(): ClientListIndex | null {
    const index = this.ready();
    if (!index) this.buildLater();
    return index;
  }

  /** Builds the list index now rather than in the background (tests, benchmarks). */
  warm(): void {
    if (this.options.listIndex && !this.ready()) this.index = ClientListIndex.buildNow(this.db);
  }

  /** The list index, if it was built from the store as it is now. */
  private ready(): ClientListIndex | null {
    if (!this.options.listIndex || !this.index) return null;
    if (this.index.version === (this.sql.pluck(LIST_VERSION_SQL).get() as number)) return this.index;
    this.index = null;
    return null;
  }

  /** Builds the list index in slices of a few milliseconds, between other calls. */
  private buildLater(): void {
    if (!this.options.listIndex || this.building) return;
    this.building = true;
    const steps = ClientListIndex.build(this.db);
    const step = () => {
      try {
        if (!this.db.open) throw new Error('store closed');
        const next = steps.next();
        if (!next.done) return this.options.schedule(step);
        // Null when the store changed meanwhile: the next read starts over.
        if (next.value) this.index = next.value;
      } catch {
        // The store closed or failed mid-build: the list keeps answering in SQL.
      }
      this.building = false;
    };
    this.options.schedule(step);
  }
}
