// One deployed flow's entry of GET /designer/processes (versions, who deployed them, running
// cases, bound sub-items), for the dialogs that work on the open flow. `reload` reads it again
// after a change (a binding).
import { useCallback, useEffect, useState } from 'react';
import { listProcesses, type DeployedProcess } from './designer-api.js';

export type ProcessEntry =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'ready'; readonly process: DeployedProcess };

export function useProcessEntry(bpmnProcessId: string): { entry: ProcessEntry; reload: () => void } {
  const [entry, setEntry] = useState<ProcessEntry>({ kind: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    listProcesses()
      .then((list) => {
        if (!current) return;
        const process = list.items.find((p) => p.bpmnProcessId === bpmnProcessId);
        setEntry(process && process.versions.some((v) => v.processDefinitionKey !== null) ? { kind: 'ready', process } : { kind: 'missing' });
      })
      .catch((error: unknown) => current && setEntry({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      current = false;
    };
  }, [bpmnProcessId, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { entry, reload };
}
