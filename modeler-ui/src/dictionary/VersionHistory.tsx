// Every version of the dictionary, newest first: who made it, when, how (edit, import, rebind),
// the note, and which sub-items and fields it changed.
import { useEffect, useState } from 'react';
import { apiJson } from '../api.js';
import { t } from '../i18n/index.js';
import { formatDateTime } from '../public/format.js';
import type { VersionInfo } from './dictionary-api.js';

const v = t.dictionary.versions;

/** The changed fields by what staff call them, once each: materials[1].copies and materials[0].name are both 申请材料. */
function fieldLabels(paths: readonly string[]): string {
  return [...new Set(paths.map((path) => t.dictionary.fields[/^[A-Za-z]+/u.exec(path)?.[0] ?? path] ?? path))].join('、');
}

/** A long list (the first version adds every sub-item) shows its first few. */
const SHOWN = 5;
function someOf(items: readonly { readonly code: string; readonly name: string }[]): string {
  const shown = items.slice(0, SHOWN).map((a) => `${a.code} ${a.name}`).join('、');
  return items.length > SHOWN ? `${shown}…` : shown;
}

export function VersionHistory({ current }: { readonly current: number | undefined }) {
  const [versions, setVersions] = useState<readonly VersionInfo[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let alive = true;
    apiJson<VersionInfo[]>('GET', '/dictionary/versions', '读取版本历史')
      .then((list) => alive && setVersions(list))
      .catch((e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      alive = false;
    };
  }, [current]);

  if (error) return <p className="error" role="alert">{t.dictionary.loadFailed(error)}</p>;
  if (!versions) return <p className="muted">{t.loading}</p>;
  return (
    <table className="versions" aria-label={v.title}>
      <thead>
        <tr>
          <th>{v.version}</th>
          <th>{v.author}</th>
          <th>{v.at}</th>
          <th>{v.source}</th>
          <th>{v.note}</th>
          <th>{v.changes}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {versions.map((ver) => {
          const s = ver.summary;
          return (
            <tr key={ver.version} data-version={ver.version}>
              <td className="num">{ver.version}</td>
              <td>{ver.author}</td>
              <td className="nowrap">{formatDateTime(ver.createdAt)}</td>
              <td className="source">{v.sources[ver.source] ?? ver.source}</td>
              <td className="note">{ver.note ?? ''}</td>
              <td className="changes">
                {s.changed.map((c) => (
                  <div key={c.code}>
                    <strong>{c.code}</strong> {c.name}：<span title={c.fields.join(', ')}>{fieldLabels(c.fields)}</span>
                  </div>
                ))}
                {s.added.length > 0 && <div>{v.added(s.added.length)}：{someOf(s.added)}</div>}
                {s.removed.length > 0 && <div>{v.removed(s.removed.length)}：{someOf(s.removed)}</div>}
                {s.other.length > 0 && <div>{v.other(s.other.length)}</div>}
                {s.changed.length + s.added.length + s.removed.length + s.other.length === 0 && v.noChange}
              </td>
              <td>
                <a href={`/api/dictionary/export.xlsx?version=${String(ver.version)}`} download>
                  {v.exportXlsx}
                </a>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
