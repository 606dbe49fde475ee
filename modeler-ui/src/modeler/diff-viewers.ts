// The two read-only diagrams of 版本对比: the older version on the left with what was removed or
// changed marked, the newer on the right with what was added, changed or only moved. React owns
// the dialog; this class owns the two NavigatedViewers (created per mount, destroyed on unmount).
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import { diffVersions, type ChangeKind, type ElementChange, type ModdleNode } from './version-diff.js';

interface CanvasLike {
  zoom(level: 'fit-viewport', center?: 'auto'): void;
  resized(): void;
  viewbox(): { readonly inner: { readonly width: number; readonly height: number } };
  addMarker(id: string, marker: string): void;
  removeMarker(id: string, marker: string): void;
  scrollToElement(id: string, padding?: number): void;
}
interface RegistryLike {
  get(id: string): object | undefined;
}

/** Which side shows which kinds of change. */
const OLDER_MARKS: readonly ChangeKind[] = ['removed', 'changed'];
const NEWER_MARKS: readonly ChangeKind[] = ['added', 'changed', 'layout'];
const FOCUS = 'diff-focus';

export class DiffViewers {
  private readonly older: NavigatedViewer;
  private readonly newer: NavigatedViewer;
  private focused: string | undefined;
  private run = 0;

  constructor(olderContainer: HTMLElement, newerContainer: HTMLElement) {
    const options = { moddleExtensions: { zeebe: zeebeModdle } };
    this.older = new NavigatedViewer({ container: olderContainer, ...options });
    this.newer = new NavigatedViewer({ container: newerContainer, ...options });
  }

  /** Shows both versions marked; resolves with the changes, or undefined when a newer call won. */
  async show(olderXml: string, newerXml: string): Promise<ElementChange[] | undefined> {
    const run = ++this.run;
    this.focused = undefined;
    await Promise.all([this.older.importXML(olderXml), this.newer.importXML(newerXml)]);
    if (run !== this.run) return undefined;
    const changes = diffVersions(this.older.getDefinitions() as ModdleNode, this.newer.getDefinitions() as ModdleNode);
    for (const [viewer, kinds] of [[this.older, OLDER_MARKS], [this.newer, NEWER_MARKS]] as const) {
      const canvas = viewer.get<CanvasLike>('canvas');
      const registry = viewer.get<RegistryLike>('elementRegistry');
      canvas.zoom('fit-viewport', 'auto');
      for (const c of changes) if (kinds.includes(c.kind) && registry.get(c.id)) canvas.addMarker(c.id, `diff-${c.kind}`);
    }
    return changes;
  }

  /** Width over height of the newer diagram: the hall's flows are long and low. */
  aspect(): number {
    const { inner } = this.newer.get<CanvasLike>('canvas').viewbox();
    return inner.height > 0 ? inner.width / inner.height : 1;
  }

  /** After the panes changed size (side by side ↔ one above the other): fit both again. */
  refit(): void {
    for (const viewer of [this.older, this.newer]) {
      const canvas = viewer.get<CanvasLike>('canvas');
      canvas.resized();
      canvas.zoom('fit-viewport', 'auto');
    }
  }

  /** Brings an element into view on each side that has it, outlined. */
  focus(id: string): void {
    for (const viewer of [this.older, this.newer]) {
      const canvas = viewer.get<CanvasLike>('canvas');
      const registry = viewer.get<RegistryLike>('elementRegistry');
      if (this.focused !== undefined && registry.get(this.focused)) canvas.removeMarker(this.focused, FOCUS);
      if (!registry.get(id)) continue;
      canvas.addMarker(id, FOCUS);
      canvas.scrollToElement(id, 20);
    }
    this.focused = id;
  }

  destroy(): void {
    this.run++;
    this.older.destroy();
    this.newer.destroy();
  }
}
