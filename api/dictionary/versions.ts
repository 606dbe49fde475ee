// The dictionary in force lives in app.dictionary_versions: the latest version is what the hall
// serves. The shipped JSON files seed version 1 on a fresh installation; afterwards every change
// is a new version, validated as a whole before it is written, so a bad edit changes nothing.
//
// Versions are numbered under a transaction-level advisory lock: two designers saving at once get
// versions n+1 and n+2, each made from the one before it, never a lost update.
import type { JSONValue, Sql, TransactionSql } from 'postgres';
import { canonicalJson, summarizeChanges, type ChangeSummary } from '../../processes/dictionary/changes.js';
import {
  DictionaryError,
  loadDictionaryDocument,
  readDictionaryDocument,
  type Dictionary,
  type DictionaryDocument,
} from '../../processes/dictionary/load.js';
import { audit } from '../audit.js';
import type { ApiContext } from '../context.js';
import { conflict } from '../http/errors.js';

export type VersionSource = 'seed' | 'edit' | 'rebind' | 'import';

export interface VersionInfo {
  readonly version: number;
  readonly author: string;
  readonly createdAt: Date;
  readonly source: VersionSource;
  readonly note: string | null;
  readonly summary: ChangeSummary;
}

const LOCK = 'app.dictionary_versions';
/** Announces each new version, so every api process on the database puts it in force. */
const CHANNEL = 'ow_dictionary';

/** The version each api (its context) serves, to tell a newer one from its own echo. */
const inForce = new WeakMap<ApiContext, number>();

export function noteVersionInForce(ctx: ApiContext, version: number): void {
  if (version > (inForce.get(ctx) ?? 0)) inForce.set(ctx, version);
}

/**
 * Keeps this api's dictionary on the latest version when another api process (or an admin's
 * script) makes one: LISTEN for the announcements, and catch up once on anything made since this
 * process loaded its dictionary.
 */
export async function followDictionaryChanges(ctx: ApiContext): Promise<void> {
  await ctx.sql.listen(CHANNEL, (payload) => {
    void putInForce(ctx, Number(payload));
  });
  await putInForce(ctx, await currentVersion(ctx.sql));
}

async function putInForce(ctx: ApiContext, version: number): Promise<void> {
  if (!Number.isInteger(version) || version <= (inForce.get(ctx) ?? 0)) return;
  try {
    const found = await versionDetail(ctx.sql, version);
    if (!found) return;
    const dictionary = loadDictionaryDocument(found.document);
    if (version <= (inForce.get(ctx) ?? 0)) return;
    ctx.setDictionary(dictionary);
    inForce.set(ctx, version);
  } catch (error) {
    // The version was validated before it was stored; failing here means the database is gone
    // or the rules changed under a running process. Keep serving the version in force.
    console.error(`dictionary: version ${version} could not be put in force`, error);
  }
}

/**
 * The dictionary in force: the latest version in the database, validated like the files; on a
 * fresh installation, version 1 is made from the shipped files first. A stored version that no
 * longer validates (the rules got stricter) stops the start with every problem listed.
 */
export async function dictionaryInForce(sql: Sql, seedDir?: string): Promise<{ dictionary: Dictionary; version: number }> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${LOCK}))`;
    const latest = await latestVersion(tx);
    if (latest) {
      try {
        return { dictionary: loadDictionaryDocument(latest.document), version: latest.version };
      } catch (error) {
        if (error instanceof DictionaryError) {
          throw new Error(`数据库中的受理事典第 ${latest.version} 版未通过校验，api 未启动：\n${error.lines.join('\n')}`);
        }
        throw error;
      }
    }
    const dictionary = loadDictionaryDocument(readDictionaryDocument(seedDir));
    const summary = summarizeChanges({}, dictionary.document);
    await insertVersion(tx, 1, dictionary.document, 'system', 'seed', '初始版本：随附的事典文件', summary);
    return { dictionary, version: 1 };
  });
}

async function latestVersion(tx: TransactionSql | Sql): Promise<{ version: number; document: DictionaryDocument } | undefined> {
  const [row] = await tx<{ version: number; document: DictionaryDocument }[]>`
    select version, document from app.dictionary_versions order by version desc limit 1`;
  return row;
}

async function insertVersion(tx: TransactionSql, version: number, document: DictionaryDocument, author: string, source: VersionSource, note: string | null, summary: ChangeSummary): Promise<void> {
  await tx`insert into app.dictionary_versions (version, document, author, source, note, summary)
    values (${version}, ${tx.json(document as JSONValue)}, ${author}, ${source}, ${note}, ${tx.json(summary as unknown as JSONValue)})`;
}

export interface ChangeRequest {
  readonly author: string;
  readonly source: Exclude<VersionSource, 'seed'>;
  readonly note?: string | undefined;
  /** The version the change was made from; a later one in force is a 409 (someone else saved). */
  readonly baseVersion?: number | undefined;
  /** Audit: what was changed (a sub-item code, or the whole dictionary). */
  readonly subject: string;
  /**
   * Makes the next document from the one in force. Throws (e.g. a 400 naming the field) to
   * refuse; the result is validated as a whole before anything is written.
   */
  change(current: DictionaryDocument): DictionaryDocument | Dictionary;
}

export interface ChangeResult {
  /** The version now in force. */
  readonly version: number;
  /** False when the change left the dictionary exactly as it was: no version is made. */
  readonly created: boolean;
  readonly summary: ChangeSummary;
}

/** Applies one change as a new version and puts it in force (ctx.setDictionary) once committed. */
export async function changeDictionary(ctx: ApiContext, request: ChangeRequest): Promise<ChangeResult> {
  const outcome = await ctx.sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${LOCK}))`;
    const latest = await latestVersion(tx);
    if (!latest) throw new Error('app.dictionary_versions is empty: the api seeds version 1 at start');
    if (request.baseVersion !== undefined && request.baseVersion !== latest.version) {
      throw conflict(`受理事典已更新到第 ${latest.version} 版（您基于第 ${request.baseVersion} 版修改），请刷新后重做`);
    }
    const made = request.change(latest.document);
    // Throws DictionaryError (reported by the caller as a 400) before anything is written.
    const next = isDictionary(made) ? made : loadDictionaryDocument(made);
    const before = loadDictionaryDocument(latest.document).document;
    if (canonicalJson(before) === canonicalJson(next.document)) {
      return { version: latest.version, created: false, summary: summarizeChanges(before, before), dictionary: undefined };
    }
    const summary = summarizeChanges(before, next.document);
    const version = latest.version + 1;
    await insertVersion(tx, version, next.document, request.author, request.source, request.note ?? null, summary);
    await tx`select pg_notify(${CHANNEL}, ${String(version)})`;
    await audit(tx, {
      actor: request.author,
      action: `dictionary.${request.source}`,
      subjectType: 'dictionary',
      subjectId: request.subject,
      reason: request.note,
      detail: { version, added: summary.added.length, removed: summary.removed.length, changed: summary.changed.map((c) => c.code) },
    }, ctx.now());
    return { version, created: true, summary, dictionary: next };
  });
  if (outcome.dictionary && outcome.version > (inForce.get(ctx) ?? 0)) {
    ctx.setDictionary(outcome.dictionary);
    inForce.set(ctx, outcome.version);
  }
  return { version: outcome.version, created: outcome.created, summary: outcome.summary };
}

function isDictionary(value: DictionaryDocument | Dictionary): value is Dictionary {
  return 'byCode' in value && value.byCode instanceof Object && 'document' in value;
}

export async function currentVersion(sql: Sql): Promise<number> {
  const [row] = await sql<{ version: number }[]>`select max(version)::int as version from app.dictionary_versions`;
  return row?.version ?? 0;
}

export async function listVersions(sql: Sql): Promise<VersionInfo[]> {
  return sql<VersionInfo[]>`select version, author, created_at as "createdAt", source, note, summary
    from app.dictionary_versions order by version desc`;
}

export async function versionDetail(sql: Sql, version: number): Promise<(VersionInfo & { document: DictionaryDocument }) | undefined> {
  const [row] = await sql<(VersionInfo & { document: DictionaryDocument })[]>`
    select version, author, created_at as "createdAt", source, note, summary, document
    from app.dictionary_versions where version = ${version}`;
  return row;
}
