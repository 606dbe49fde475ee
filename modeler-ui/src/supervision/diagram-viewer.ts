// The case's diagram in a bpmn-js NavigatedViewer (pan and zoom, no editing), painted the way
// Operate paints an instance: elements the case completed, where it waits (highlighted), the
// sequence flows it took, an incident badge on the element an incident holds, and per-element
// counts. Markers and overlays are plain CSS classes and HTML strings; the page owns the rest.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import type { InstanceDiagram } from './data.js';

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}
interface CanvasLike {
  zoom(level: 'fit-viewport', center?: 'auto'): number;
  addMarker(elementId: string, marker: string): void;
  viewbox(): Box & { readonly outer: Box };
  viewbox(box: Box): void;
}
interface OverlaysLike {
  add(elementId: string, type: string, overlay: { position: { top?: number; left?: number; right?: number; bottom?: number }; html: string }): string;
  clear(): void;
}
interface ElementRegistryLike {
  get(id: string): { readonly type: string; readonly x?: number; readonly y?: number; readonly width?: number; readonly height?: number } | undefined;
}

/** Below this scale the fitted diagram's labels can't be read: show the case's spot instead. */
const READABLE = 0.6;
const FOCUS_SCALE = 0.9;

export interface IncidentMark {
  readonly elementId: string;
  readonly errorMessage: string;
}

export interface PaintLabels {
  counts(active: number, completed: number): string;
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export class CaseDiagramViewer {
  private readonly viewer: NavigatedViewer;

  constructor(container: HTMLElement) {
    this.viewer = new NavigatedViewer({ container });
  }

  /** Shows one instance's diagram; resolves with the number of import warnings. */
  async show(diagram: InstanceDiagram, incidents: readonly IncidentMark[], labels: PaintLabels): Promise<number> {
    const { warnings } = await this.viewer.importXML(diagram.xml);
    const canvas = this.viewer.get<CanvasLike>('canvas');
    const overlays = this.viewer.get<OverlaysLike>('overlays');
    const registry = this.viewer.get<ElementRegistryLike>('elementRegistry');
    const present = (id: string): boolean => registry.get(id) !== undefined;

    for (const f of diagram.sequenceFlows) if (present(f.sequenceFlowId)) canvas.addMarker(f.sequenceFlowId, 'sv-taken');
    for (const e of diagram.elements) {
      if (!present(e.elementId)) continue;
      if (e.incidents > 0) canvas.addMarker(e.elementId, 'sv-incident');
      else if (e.active > 0) canvas.addMarker(e.elementId, 'sv-active');
      else if (e.completed > 0) canvas.addMarker(e.elementId, 'sv-completed');
      if (e.active + e.completed > 0 && registry.get(e.elementId)?.type !== 'bpmn:SequenceFlow') {
        overlays.add(e.elementId, 'sv-count', {
          // Top left: the bottom edge is where boundary events sit, the top right holds the incident badge.
          position: { top: -10, left: -6 },
          html: `<span class="sv-badge sv-badge-count" data-count-element="${escape(e.elementId)}">${escape(labels.counts(e.active + e.incidents, e.completed))}</span>`,
        });
      }
    }
    const byElement = new Map<string, string[]>();
    for (const i of incidents) byElement.set(i.elementId, [...(byElement.get(i.elementId) ?? []), i.errorMessage]);
    for (const [elementId, messages] of byElement) {
      if (!present(elementId)) continue;
      overlays.add(elementId, 'sv-incident', {
        position: { top: -12, right: 12 },
        html: `<span class="sv-badge sv-badge-incident" data-incident-element="${escape(elementId)}" title="${escape(messages.join('\n'))}">⚠ ${String(messages.length)}</span>`,
      });
    }
    const fitted = canvas.zoom('fit-viewport', 'auto');
    // A large flow fitted into the panel is too small to read: centre on where the case is
    // (an incident first, else an active element) at a readable scale; the viewer pans and zooms.
    const spot = diagram.elements.find((e) => e.incidents > 0) ?? diagram.elements.find((e) => e.active > 0 && registry.get(e.elementId)?.type !== 'bpmn:Process');
    const shape = spot ? registry.get(spot.elementId) : undefined;
    if (fitted < READABLE && shape && shape.x !== undefined && shape.y !== undefined) {
      const { outer } = canvas.viewbox();
      const width = outer.width / FOCUS_SCALE;
      const height = outer.height / FOCUS_SCALE;
      const cx = shape.x + (shape.width ?? 0) / 2;
      const cy = shape.y + (shape.height ?? 0) / 2;
      // A quarter in from the left: the way the case has still to go stays in view.
      canvas.viewbox({ x: cx - width / 4, y: cy - height / 2, width, height });
    }
    return warnings.length;
  }

  destroy(): void {
    this.viewer.destroy();
  }
}
