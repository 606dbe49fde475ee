// BPMN XML → executable model, with Zeebe's deploy-time validation. Every problem is collected
// (with the id of the element that has it) and reported together, as Zeebe does, instead of
// stopping at the first. Messages reuse the wording of Zeebe's validators where one exists.
//
// This file walks the scopes and hands each flow node to the part that knows its kind:
//   events.ts, event-definitions.ts, timers.ts   events and what their definitions refer to
//   tasks.ts, multi-instance.ts                  tasks, call activities, the multi-instance marker
//   flows.ts, gateways.ts                        sequence flows and gateway rules
//   boundary.ts, catch-handlers.ts, scopes.ts    boundary events, competing catch events, scopes
//   zeebe-extensions.ts, expressions.ts          shared zeebe extension elements and expressions
import { BpmnModdle } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { attach, checkBoundaryEvents } from './boundary.js';
import { finish, newDraft, type Build, type Draft } from './draft.js';
import { boundaryEvent, catchEvent, endEvent, startEvent, throwEvent } from './events.js';
import { checkConnections, linkFlows } from './flows.js';
import { checkGateway } from './gateways.js';
import { multiInstanceOf } from './multi-instance.js';
import { collectWarnings, describeWarning, Problems, type Unresolved } from './problems.js';
import { checkScope } from './scopes.js';
import { businessRuleTask, callActivity, receiveTask, scriptTask, sendTask, serviceTask, userTask } from './tasks.js';
import { ModelValidationError, type BpmnElementType, type ElementModel, type ProcessModel } from './types.js';
import { bool, child, children, extensions, idOf, str, type ModdleElement } from './xml.js';
import { mappings } from './zeebe-extensions.js';

export { USER_TASK_JOB_TYPE } from './tasks.js';

const ELEMENT_TYPES: Readonly<Record<string, BpmnElementType>> = {
  'bpmn:StartEvent': 'START_EVENT',
  'bpmn:EndEvent': 'END_EVENT',
  'bpmn:IntermediateCatchEvent': 'INTERMEDIATE_CATCH_EVENT',
  'bpmn:IntermediateThrowEvent': 'INTERMEDIATE_THROW_EVENT',
  'bpmn:BoundaryEvent': 'BOUNDARY_EVENT',
  'bpmn:ServiceTask': 'SERVICE_TASK',
  'bpmn:UserTask': 'USER_TASK',
  'bpmn:ReceiveTask': 'RECEIVE_TASK',
  'bpmn:ManualTask': 'MANUAL_TASK',
  'bpmn:Task': 'TASK',
  'bpmn:ScriptTask': 'SCRIPT_TASK',
  'bpmn:SendTask': 'SEND_TASK',
  'bpmn:BusinessRuleTask': 'BUSINESS_RULE_TASK',
  'bpmn:CallActivity': 'CALL_ACTIVITY',
  'bpmn:SubProcess': 'SUB_PROCESS',
  'bpmn:ExclusiveGateway': 'EXCLUSIVE_GATEWAY',
  'bpmn:InclusiveGateway': 'INCLUSIVE_GATEWAY',
  'bpmn:ParallelGateway': 'PARALLEL_GATEWAY',
  'bpmn:EventBasedGateway': 'EVENT_BASED_GATEWAY',
  // Executable in later Zeebe versions (8.7+), not in 8.3–8.5 nor here:
  'bpmn:AdHocSubProcess': 'SUB_PROCESS',
};

const NOT_YET = new Set(['bpmn:AdHocSubProcess']);

/** Builds one executable process, adding whatever is wrong with it to the problems. */
class ProcessBuilder {
  private readonly b: Build;

  constructor(problems: Problems, unresolved: Unresolved) {
    this.b = { problems, unresolved, elements: new Map(), flowDrafts: [], flows: new Map() };
  }

  build(proc: ModdleElement, processId: string): ProcessModel {
    const b = this.b;
    const root = newDraft(b, proc, processId, str(proc, 'name'), 'PROCESS', undefined);
    this.walk(proc, root);
    linkFlows(b);
    for (const d of b.elements.values()) {
      checkConnections(b, d);
      checkGateway(b, d);
    }
    for (const d of b.elements.values()) if (d.type === 'BOUNDARY_EVENT') attach(b, d);
    for (const d of b.elements.values()) checkBoundaryEvents(b, d);
    for (const d of b.elements.values()) checkScope(b, d);

    const elements = new Map<string, ElementModel>();
    for (const d of b.elements.values()) elements.set(d.id, finish(d));
    return {
      bpmnProcessId: processId,
      ...(root.name !== undefined ? { name: root.name } : {}),
      elements,
      flows: b.flows,
      userTaskForms: this.userTaskForms(proc),
    };
  }

  private walk(container: ModdleElement, scope: Draft): void {
    for (const fe of children(container, 'flowElements')) {
      const id = idOf(fe);
      if (id === undefined || id === '') {
        this.b.problems.add(scope.id, `An element of type '${fe.$type}' has no id`);
        continue;
      }
      if (fe.$type === 'bpmn:SequenceFlow') {
        this.b.flowDrafts.push({ el: fe, id, scopeId: scope.id });
        continue;
      }
      // Data objects and data store references are not executable; Zeebe ignores them too.
      if (!fe.$instanceOf('bpmn:FlowNode')) continue;
      const d = this.node(fe, id, scope);
      scope.childIds.push(id);
      if (fe.$type === 'bpmn:SubProcess') this.walk(fe, d);
    }
  }

  private node(fe: ModdleElement, id: string, scope: Draft): Draft {
    const b = this.b;
    const mapped = ELEMENT_TYPES[fe.$type];
    const eventSubprocess = fe.$type === 'bpmn:SubProcess' && bool(fe, 'triggeredByEvent') === true;
    const d = newDraft(b, fe, id, str(fe, 'name'), eventSubprocess ? 'EVENT_SUB_PROCESS' : (mapped ?? 'TASK'), scope.id);

    if (mapped === undefined) {
      b.problems.add(
        id,
        `Elements of type '${fe.$type}' are not supported by Zeebe ` +
          '(see https://docs.camunda.io/docs/components/modeler/bpmn/bpmn-coverage/)',
      );
      return d;
    }
    if (NOT_YET.has(fe.$type)) {
      b.problems.add(id, `Element type '${fe.$type}' is not supported yet by this engine`);
      return d;
    }
    const loop = child(fe, 'loopCharacteristics');
    if (loop?.$type === 'bpmn:MultiInstanceLoopCharacteristics') {
      const multiInstance = multiInstanceOf(b, d, loop);
      if (multiInstance) d.multiInstance = multiInstance;
    } else if (loop) {
      b.problems.add(id, `Loop characteristics ('${loop.$type}') are not supported by Zeebe`);
    }
    if (bool(fe, 'isForCompensation') === true) {
      b.problems.add(id, 'Compensation handlers (isForCompensation, Zeebe 8.5) are not supported yet by this engine');
    }

    const defs = children(fe, 'eventDefinitions');
    switch (d.type) {
      case 'START_EVENT':
        startEvent(b, d, defs, scope);
        break;
      case 'END_EVENT':
        endEvent(b, d, defs);
        break;
      case 'INTERMEDIATE_THROW_EVENT':
        throwEvent(b, d, defs);
        break;
      case 'INTERMEDIATE_CATCH_EVENT':
        catchEvent(b, d, defs);
        break;
      case 'BOUNDARY_EVENT':
        boundaryEvent(b, d, defs);
        break;
      case 'SERVICE_TASK':
        serviceTask(b, d);
        break;
      case 'SEND_TASK':
        sendTask(b, d);
        break;
      case 'SCRIPT_TASK':
        scriptTask(b, d);
        break;
      case 'BUSINESS_RULE_TASK':
        businessRuleTask(b, d);
        break;
      case 'USER_TASK':
        userTask(b, d);
        break;
      case 'RECEIVE_TASK':
        receiveTask(b, d);
        break;
      case 'CALL_ACTIVITY':
        callActivity(b, d);
        break;
      case 'MANUAL_TASK':
      case 'TASK':
      case 'SUB_PROCESS':
      case 'EVENT_SUB_PROCESS':
        mappings(b, d, true);
        break;
      default:
        // Gateways: default flows and conditions are resolved with the flows (gateways.ts).
        break;
    }
    return d;
  }

  private userTaskForms(proc: ModdleElement): Map<string, string> {
    const forms = new Map<string, string>();
    for (const form of extensions(proc, 'zeebe:UserTaskForm')) {
      const id = idOf(form);
      const body = str(form, 'body');
      if (id === undefined || id === '') {
        this.b.problems.add(idOf(proc) ?? '', 'A zeebe:userTaskForm must have an id');
        continue;
      }
      if (body === undefined || body.trim() === '') {
        this.b.problems.add(id, 'User task form text content has to be present and not empty');
        continue;
      }
      forms.set(id, body);
    }
    return forms;
  }
}

/** Shared: building moddle's type registry costs as much as parsing a small model, and fromXML keeps no state. */
let moddle: BpmnModdle | undefined;

/**
 * Parses and validates one BPMN resource. Returns one model per executable process (processes
 * with isExecutable="false" are ignored), or throws ModelValidationError naming every problem.
 */
export async function parseBpmn(xml: string, resourceName: string): Promise<ProcessModel[]> {
  moddle ??= new BpmnModdle({ zeebe: zeebeDescriptor });
  let parsed;
  try {
    parsed = await moddle.fromXML(xml);
  } catch (e) {
    const detail = describeWarning(e instanceof Error ? e.message : String(e)).message;
    throw new ModelValidationError(resourceName, [{ elementId: '', message: `Failed to parse the BPMN XML: ${detail}` }]);
  }

  const problems = new Problems();
  const unresolved = collectWarnings(parsed.warnings, problems);
  const definitions = parsed.rootElement;
  const executable = children(definitions, 'rootElements').filter(
    (e) => e.$type === 'bpmn:Process' && bool(e, 'isExecutable') === true,
  );
  if (executable.length === 0) {
    problems.add(idOf(definitions) ?? '', 'Must contain at least one executable process');
  }

  const models: ProcessModel[] = [];
  for (const proc of executable) {
    const processId = idOf(proc);
    if (processId === undefined || processId === '') {
      problems.add('', 'An executable process must have an id');
      continue;
    }
    models.push(new ProcessBuilder(problems, unresolved).build(proc, processId));
  }

  if (problems.list.length > 0) throw new ModelValidationError(resourceName, problems.list);
  return models;
}
