// One group commit's worth of changes. Commands mutate the in-memory state and note here what
// changed; the writer turns the final version of each touched entity into a row when the batch
// is sealed, so an entity changed ten times in a batch is written once.
import type { Row, TableSpec } from './tables.js';

export interface RecordRow {
  readonly position: number;
  readonly key: number;
  readonly timestamp: number;
  readonly record_type: 'EVENT' | 'COMMAND_REJECTION';
  readonly value_type: string;
  readonly intent: string;
  readonly process_instance_key: number | null;
  readonly value: Record<string, unknown>;
}

interface TableChanges {
  readonly spec: TableSpec<unknown>;
  readonly upserts: Map<string | number, unknown>;
  readonly deletes: Map<string | number, Row>;
}

export interface SealedBatch {
  readonly tables: { readonly name: string; readonly key: readonly string[]; readonly upserts: Row[]; readonly deletes: Row[] }[];
  readonly inserts: { readonly name: string; readonly rows: Row[] }[];
  readonly records: RecordRow[];
}

export class Batch {
  private readonly changes = new Map<string, TableChanges>();
  private readonly inserts = new Map<string, Row[]>();
  readonly records: RecordRow[] = [];
  /** Called once the batch is durable, in order: this is where answers go out. */
  readonly onCommit: (() => void)[] = [];

  save<T>(spec: TableSpec<T>, id: string | number, entity: T): void {
    const c = this.table(spec);
    c.deletes.delete(id);
    c.upserts.set(id, entity);
  }

  /** `keyRow` holds the primary key columns of the row to delete. */
  remove<T>(spec: TableSpec<T>, id: string | number, keyRow: Row): void {
    const c = this.table(spec);
    // A row is upserted or deleted in a batch, never both: the writer runs them in one statement.
    c.upserts.delete(id);
    c.deletes.set(id, keyRow);
  }

  /** Insert-only rows (deployments, definitions). */
  insert(table: string, row: Row): void {
    let rows = this.inserts.get(table);
    if (!rows) this.inserts.set(table, (rows = []));
    rows.push(row);
  }

  get isEmpty(): boolean {
    return this.records.length === 0 && this.changes.size === 0 && this.inserts.size === 0 && this.onCommit.length === 0;
  }

  seal(): SealedBatch {
    return {
      tables: [...this.changes.values()].map((c) => ({
        name: c.spec.name,
        key: c.spec.key,
        upserts: [...c.upserts.values()].map((e) => c.spec.toRow(e)),
        deletes: [...c.deletes.values()],
      })),
      inserts: [...this.inserts].map(([name, rows]) => ({ name, rows })),
      records: this.records,
    };
  }

  private table<T>(spec: TableSpec<T>): TableChanges {
    let c = this.changes.get(spec.name);
    if (!c) {
      c = { spec: spec as TableSpec<unknown>, upserts: new Map(), deletes: new Map() };
      this.changes.set(spec.name, c);
    }
    return c;
  }
}
