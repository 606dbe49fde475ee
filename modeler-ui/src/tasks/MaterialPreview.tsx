// One material of a case, previewed: images inline, PDFs in an embedded viewer, other types as a
// download. The file is fetched as a blob so that when the api cannot give it (not registered, or
// registered but gone from the store) its own message shows instead of a broken image.
import { useEffect, useState } from 'react';
import { t } from '../i18n/index.js';
import { fileBlob, type CaseMaterial } from './tasks-api.js';

type Preview = { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly url: string; readonly type: string } | { readonly kind: 'failed'; readonly message: string };

export function MaterialPreview({ material }: { readonly material: CaseMaterial & { readonly fileSha256: string } }) {
  const [preview, setPreview] = useState<Preview>({ kind: 'loading' });
  useEffect(() => {
    let alive = true;
    let url: string | undefined;
    setPreview({ kind: 'loading' });
    fileBlob(material.fileSha256)
      .then((blob) => {
        if (!alive) return;
        url = URL.createObjectURL(blob);
        setPreview({ kind: 'ready', url, type: blob.type || material.mediaType || '' });
      })
      .catch((error: unknown) => alive && setPreview({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      alive = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [material.fileSha256, material.mediaType]);

  if (preview.kind === 'loading') return <p className="muted small">{t.tasks.fileLoading}</p>;
  if (preview.kind === 'failed')
    return (
      <p className="error small" role="alert">
        {t.tasks.fileFailed(preview.message)}
      </p>
    );
  const label = material.filename ?? material.name;
  return (
    <div className="preview">
      {preview.type.startsWith('image/') ? (
        <img src={preview.url} alt={label} />
      ) : preview.type === 'application/pdf' ? (
        <iframe src={preview.url} title={label} />
      ) : (
        <p className="muted small">{t.tasks.noPreview(preview.type)}</p>
      )}
      <a href={preview.url} target="_blank" rel="noreferrer" download={preview.type.startsWith('image/') || preview.type === 'application/pdf' ? undefined : label}>
        {preview.type.startsWith('image/') || preview.type === 'application/pdf' ? t.tasks.openFile : t.tasks.download}
      </a>
    </div>
  );
}
