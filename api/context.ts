// What every part of the api works with. Made once by createApi; handlers receive it.
import type { Sql } from 'postgres';
import type { ZBClient } from 'zeebe-node';
import type { Dictionary } from '../processes/dictionary/load.js';
import type { EngineQuery } from './supervision/engine-query.js';

export interface ApiContext {
  /** The app's database (schema app; the engine's tables are read only through engine/query). */
  readonly sql: Sql;
  /** The Zeebe gateway (our engine, or a real Zeebe at ZEEBE_ADDRESS). */
  readonly zbc: ZBClient;
  /** The acceptance dictionary in force. Parts that edit it replace it through setDictionary. */
  dictionary(): Dictionary;
  setDictionary(next: Dictionary): void;
  /** Where uploaded files live (DATA_DIR/files). */
  readonly filesDir: string;
  /** The clock; tests may set it, production uses the wall clock. */
  now(): Date;
  /** Secret for signed tokens (enterprise codes). */
  readonly secret: Buffer;
  /**
   * Read-only queries over the embedded engine's tables (engine/query), for tracing. Undefined
   * with a real Zeebe (ZEEBE_ADDRESS): its state is not in our database.
   */
  readonly engineQuery?: EngineQuery | undefined;
}
