// What every part of the api works with. Made once by createApi; handlers receive it.
import type { Sql } from 'postgres';
import type { ZBClient } from 'zeebe-node';
import type { Dictionary } from '../processes/dictionary/load.js';

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
}
