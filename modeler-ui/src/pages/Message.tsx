import type { ReactNode } from 'react';

/** A centred line of text: loading, no access, no such page. */
export function Message({ text, children }: { readonly text: string; readonly children?: ReactNode }) {
  return (
    <div className="message" role="status">
      <p>{text}</p>
      {children}
    </div>
  );
}
