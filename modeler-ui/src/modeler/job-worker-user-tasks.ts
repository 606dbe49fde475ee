// camunda-bpmn-js-behaviors gives every new user task the "Camunda user task" implementation
// (zeebe:UserTask), which only Camunda 8.5 and newer run. Our engine is 8.3 and its user tasks
// are job-worker ones (processes/README.md), so on a diagram for a platform older than 8.5 the
// marker is taken off again as part of the same create/replace command (one undo step): the new
// task starts with the job-worker implementation instead of a lint error.
import type { ModuleDeclaration } from 'didi';

/** The first platform version that runs zeebe:UserTask. */
const CAMUNDA_USER_TASK_SINCE: readonly [number, number] = [8, 5];
/** After the library's own behavior (priority 5000) has added the marker. */
const PRIORITY = 500;

interface ModdleLike {
  readonly $type: string;
  get(name: string): unknown;
  readonly $attrs?: Record<string, string>;
}
interface ShapeLike {
  readonly businessObject: ModdleLike;
}
interface CommandEvent {
  readonly context: { readonly shape?: ShapeLike; readonly newShape?: ShapeLike };
}
interface EventBusLike {
  on(event: string, priority: number, callback: (event: CommandEvent) => void): void;
}
interface ModelingLike {
  updateModdleProperties(element: ShapeLike, moddleElement: ModdleLike, properties: Record<string, unknown>): void;
  updateProperties(element: ShapeLike, properties: Record<string, unknown>): void;
}
interface BpmnJsLike {
  getDefinitions(): ModdleLike | undefined;
}

/** True when the version ("8.3.0", "8.3") is older than 8.5; an unreadable one counts as ours (8.3). */
export function beforeCamundaUserTasks(version: string | undefined): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!m?.[1] || !m[2]) return true;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major < CAMUNDA_USER_TASK_SINCE[0] || (major === CAMUNDA_USER_TASK_SINCE[0] && minor < CAMUNDA_USER_TASK_SINCE[1]);
}

function platformVersion(definitions: ModdleLike | undefined): string | undefined {
  if (!definitions) return undefined;
  const value = definitions.get('modeler:executionPlatformVersion') ?? definitions.$attrs?.['modeler:executionPlatformVersion'];
  return typeof value === 'string' ? value : undefined;
}

function JobWorkerUserTasks(eventBus: EventBusLike, modeling: ModelingLike, bpmnjs: BpmnJsLike): void {
  const strip = ({ context }: CommandEvent): void => {
    const shape = context.shape ?? context.newShape;
    if (!shape || shape.businessObject.$type !== 'bpmn:UserTask') return;
    if (!beforeCamundaUserTasks(platformVersion(bpmnjs.getDefinitions()))) return;
    const extensionElements = shape.businessObject.get('extensionElements') as ModdleLike | undefined;
    const values = (extensionElements?.get('values') ?? []) as ModdleLike[];
    if (!extensionElements || !values.some((v) => v.$type === 'zeebe:UserTask')) return;
    const rest = values.filter((v) => v.$type !== 'zeebe:UserTask');
    if (rest.length === 0) modeling.updateProperties(shape, { extensionElements: undefined });
    else modeling.updateModdleProperties(shape, extensionElements, { values: rest });
  };
  eventBus.on('commandStack.shape.create.postExecuted', PRIORITY, strip);
  eventBus.on('commandStack.shape.replace.postExecuted', PRIORITY, strip);
}
JobWorkerUserTasks.$inject = ['eventBus', 'modeling', 'bpmnjs'];

export const jobWorkerUserTasksModule: ModuleDeclaration = {
  __init__: ['jobWorkerUserTasks'],
  jobWorkerUserTasks: ['type', JobWorkerUserTasks],
};
