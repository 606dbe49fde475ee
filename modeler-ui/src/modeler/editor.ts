// One bpmn-js Modeler with the Zeebe properties panel, the hall's element templates, Chinese
// labels and @camunda/linting for the engine's Camunda version. React owns the page; this class
// owns the modeler (created once per mount, destroyed on unmount) and reports what the page
// shows: lint results, the selected element, requests to pick a template.
import { Linter, type LintReport } from '@camunda/linting';
import lintingModule from '@camunda/linting/modeler';
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import { CloudElementTemplatesLinterPlugin, CloudElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/assets/properties-panel.css';
import 'bpmn-js-element-templates/dist/assets/element-templates.css';
import '@camunda/linting/assets/linting.css';
import { EXECUTION_PLATFORM, EXECUTION_PLATFORM_VERSION } from './diagrams.js';
import { jobWorkerUserTasksModule } from './job-worker-user-tasks.js';
import { ELEMENT_TEMPLATES, type ElementTemplate } from './templates.js';
import { translate, translateModule } from './translate.js';

export type { LintReport };

/** A diagram element as bpmn-js hands it out (shape or connection). */
export interface DiagramElement {
  readonly id: string;
  readonly type: string;
  readonly businessObject: { readonly name?: string; readonly $instanceOf: (type: string) => boolean };
}

export interface EditorEvents {
  onLint(reports: readonly LintReport[]): void;
  onLintFailed(message: string): void;
  onSelection(element: DiagramElement | undefined): void;
  onTemplateRequest(element: DiagramElement): void;
}

interface EventBusLike {
  on(event: string, callback: (event: { element?: DiagramElement; newSelection?: DiagramElement[] }) => void): void;
  on(event: string, priority: number, callback: (event: { errors?: Record<string, string> }) => void): void;
}
interface ElementTemplatesService {
  getLatest(element: DiagramElement): ElementTemplate[];
  applyTemplate(element: DiagramElement, template: ElementTemplate): DiagramElement;
}
interface LintingService {
  setErrors(reports: readonly LintReport[]): void;
  showError(report: LintReport): void;
}
interface ModdleElementLike {
  get(name: string): unknown;
  readonly $attrs: Record<string, string>;
  readonly rootElements?: readonly { readonly $type: string; readonly id: string; readonly name?: string }[];
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}
interface CanvasLike {
  zoom(level: 'fit-viewport'): void;
  viewbox(): Box & { readonly inner: Box; readonly outer: Box };
  viewbox(box: Box): void;
}

const LINT_DELAY_MS = 300;
const PANEL_ERRORS_PRIORITY = 2000;
/** The palette's width in pixels (two columns) and the free margin around a fitted diagram. */
const PALETTE_WIDTH = 100;
const MARGIN = 24;

export class DiagramEditor {
  private readonly modeler: Modeler;
  private readonly linter = new Linter({ modeler: 'web', type: 'cloud', plugins: [CloudElementTemplatesLinterPlugin(ELEMENT_TEMPLATES)] });
  private lintTimer: ReturnType<typeof setTimeout> | undefined;
  private lintRun = 0;
  private lastLintFailure: string | undefined;
  private destroyed = false;

  constructor(canvas: HTMLElement, panel: HTMLElement, private readonly events: EditorEvents) {
    this.modeler = new Modeler({
      container: canvas,
      // The panel needs its parent before the first import (bpmn-js-properties-panel#1092).
      propertiesPanel: { parent: panel },
      elementTemplates: ELEMENT_TEMPLATES,
      // Problems are drawn on the canvas from the first lint on.
      linting: { active: true },
      additionalModules: [
        BpmnPropertiesPanelModule,
        BpmnPropertiesProviderModule,
        ZeebePropertiesProviderModule,
        ZeebeBehaviorsModule,
        jobWorkerUserTasksModule,
        CloudElementTemplatesPropertiesProviderModule,
        lintingModule,
        translateModule,
      ],
      moddleExtensions: { zeebe: zeebeModdle },
    });
    const eventBus = this.modeler.get<EventBusLike>('eventBus');
    eventBus.on('commandStack.changed', () => this.scheduleLint());
    eventBus.on('selection.changed', (e) => this.events.onSelection(e.newSelection?.length === 1 ? e.newSelection[0] : undefined));
    // The linting module writes the panel's field errors in English; they pass the dictionary
    // before the panel (lower priority) shows them.
    eventBus.on('propertiesPanel.setErrors', PANEL_ERRORS_PRIORITY, (e: { errors?: Record<string, string> }) => {
      const errors = e.errors;
      if (errors) for (const [entry, message] of Object.entries(errors)) errors[entry] = translate(message);
    });
    // The panel's 元素模板 "选择" button: the page shows its chooser.
    eventBus.on('elementTemplates.select', (e) => {
      if (e.element) this.events.onTemplateRequest(e.element);
    });
  }

  /** Replaces the diagram; resolves with the number of import warnings. */
  async open(xml: string): Promise<number> {
    const { warnings } = await this.modeler.importXML(xml);
    this.ensureExecutionPlatform();
    this.fit();
    await this.lint();
    return warnings.length;
  }

  async xml(): Promise<string> {
    const { xml } = await this.modeler.saveXML({ format: true });
    if (xml === undefined) throw new Error('bpmn-js returned no XML');
    return xml;
  }

  /** The diagram's (first) process: its id names the deployment file, its name the title. */
  process(): { id: string; name: string } | undefined {
    const definitions = this.definitions();
    const process = definitions.rootElements?.find((r) => r.$type === 'bpmn:Process');
    if (process) return { id: process.id, name: process.name ?? process.id };
    const participant = this.modeler.get<{ getAll(): DiagramElement[] }>('elementRegistry').getAll().find((e) => e.type === 'bpmn:Participant');
    return participant ? { id: participant.id, name: participant.businessObject.name ?? participant.id } : undefined;
  }

  elementName(id: string): string | undefined {
    const element = this.modeler.get<{ get(id: string): DiagramElement | undefined }>('elementRegistry').get(id);
    return element?.businessObject.name;
  }

  templatesFor(element: DiagramElement): ElementTemplate[] {
    return this.modeler.get<ElementTemplatesService>('elementTemplates').getLatest(element);
  }

  applyTemplate(element: DiagramElement, template: ElementTemplate): void {
    const updated = this.modeler.get<ElementTemplatesService>('elementTemplates').applyTemplate(element, template);
    this.modeler.get<{ select(element: DiagramElement): void }>('selection').select(updated);
  }

  /**
   * Lints the diagram as it is now, without waiting for the delayed run an edit schedules, and
   * shows the result. Deploying goes through this so a model edited a moment ago is checked as
   * edited, not as the (still clean) last lint saw it.
   */
  async lintNow(): Promise<readonly LintReport[]> {
    clearTimeout(this.lintTimer);
    const reports = await this.lint();
    if (reports === undefined) throw new Error(this.lastLintFailure ?? 'lint did not finish');
    return reports;
  }

  showError(report: LintReport): void {
    this.modeler.get<LintingService>('linting').showError(report);
  }

  destroy(): void {
    this.destroyed = true;
    clearTimeout(this.lintTimer);
    this.modeler.destroy();
  }

  // Like fit-viewport, but keeps the palette's strip on the left free so no element sits under it.
  private fit(): void {
    const canvas = this.modeler.get<CanvasLike>('canvas');
    canvas.zoom('fit-viewport');
    const { inner, outer } = canvas.viewbox();
    if (inner.width === 0 || inner.height === 0) return;
    const scale = Math.min(1, (outer.width - PALETTE_WIDTH - 2 * MARGIN) / inner.width, (outer.height - 2 * MARGIN) / inner.height);
    canvas.viewbox({ x: inner.x - (PALETTE_WIDTH + MARGIN) / scale, y: inner.y - MARGIN / scale, width: outer.width / scale, height: outer.height / scale });
  }

  private definitions(): ModdleElementLike {
    return this.modeler.getDefinitions() as ModdleElementLike;
  }

  // Linting reads the platform from the definitions. Diagrams made elsewhere may lack it; they
  // are checked (and deployed) as for the engine's version.
  private ensureExecutionPlatform(): void {
    const definitions = this.definitions();
    if (definitions.get('modeler:executionPlatform') && definitions.get('modeler:executionPlatformVersion')) return;
    definitions.$attrs['xmlns:modeler'] = 'http://camunda.org/schema/modeler/1.0';
    definitions.$attrs['modeler:executionPlatform'] = EXECUTION_PLATFORM;
    definitions.$attrs['modeler:executionPlatformVersion'] = EXECUTION_PLATFORM_VERSION;
  }

  private scheduleLint(): void {
    clearTimeout(this.lintTimer);
    this.lintTimer = setTimeout(() => void this.lint(), LINT_DELAY_MS);
  }

  // Resolves with the reports, or undefined when the run failed or was overtaken.
  private async lint(): Promise<readonly LintReport[] | undefined> {
    const run = ++this.lintRun;
    try {
      const reports = await this.linter.lint(this.modeler.getDefinitions());
      // A newer edit started another run, or the page left: this result is stale. (The reports
      // still describe the diagram as it was when the run began, so a caller may use them.)
      if (this.destroyed || run !== this.lintRun) return reports;
      this.lastLintFailure = undefined;
      this.modeler.get<LintingService>('linting').setErrors(reports);
      this.events.onLint(reports);
      return reports;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.lastLintFailure = message;
      if (!this.destroyed) this.events.onLintFailed(message);
      return undefined;
    }
  }
}
