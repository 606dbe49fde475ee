// BPMN XML → executable model, with Zeebe's deploy-time validation. Every problem is collected
// (with the id of the element that has it) and reported together, as Zeebe does, instead of
// stopping at the first. Messages reuse the wording of Zeebe's validators where one exists.
import { BpmnModdle, type ModdleWarning } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { feelSyntaxError, toExpression } from '../feel/index.js';
import { parseIsoDateTime, parseIsoDuration, parseRepeatingInterval } from './time.js';
import {
  ModelValidationError,
  type BpmnElementType,
  type BpmnEventType,
  type ElementModel,
  type Expression,
  type JobDefinition,
  type Mapping,
  type MessageDefinition,
  type ModelProblem,
  type ProcessModel,
  type SequenceFlowModel,
  type TimerDefinition,
  type UserTaskDefinition,
} from './types.js';
import { bool, child, children, extensions, idOf, str, textOf, type ModdleElement } from './xml.js';

/** The job type of a (job-based, Zeebe ≤ 8.4) user task. */
export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';
/** Zeebe gives user task jobs one retry. */
const USER_TASK_JOB_RETRIES = '1';
const DEFAULT_JOB_RETRIES = '3';
const RESERVED_HEADER_PREFIX = 'io.camunda.zeebe:';

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
  'bpmn:ExclusiveGateway': 'EXCLUSIVE_GATEWAY',
  'bpmn:ParallelGateway': 'PARALLEL_GATEWAY',
  'bpmn:SubProcess': 'SUB_PROCESS',
  // Executable in Zeebe, not (yet) here:
  'bpmn:InclusiveGateway': 'INCLUSIVE_GATEWAY',
  'bpmn:EventBasedGateway': 'EVENT_BASED_GATEWAY',
  'bpmn:CallActivity': 'CALL_ACTIVITY',
  'bpmn:ScriptTask': 'SCRIPT_TASK',
  'bpmn:SendTask': 'SEND_TASK',
  'bpmn:BusinessRuleTask': 'BUSINESS_RULE_TASK',
  'bpmn:AdHocSubProcess': 'SUB_PROCESS',
};

/** Element types Zeebe executes that this engine does not support yet. */
const NOT_YET = new Set([
  'bpmn:InclusiveGateway',
  'bpmn:EventBasedGateway',
  'bpmn:CallActivity',
  'bpmn:ScriptTask',
  'bpmn:SendTask',
  'bpmn:BusinessRuleTask',
  'bpmn:AdHocSubProcess',
]);

const ACTIVITY_TYPES = new Set<BpmnElementType>([
  'SERVICE_TASK',
  'USER_TASK',
  'RECEIVE_TASK',
  'MANUAL_TASK',
  'TASK',
  'SUB_PROCESS',
  'CALL_ACTIVITY',
  'SCRIPT_TASK',
  'SEND_TASK',
  'BUSINESS_RULE_TASK',
]);

const EVENT_TYPES: Readonly<Record<string, BpmnEventType>> = {
  'bpmn:TimerEventDefinition': 'TIMER',
  'bpmn:MessageEventDefinition': 'MESSAGE',
  'bpmn:ErrorEventDefinition': 'ERROR',
  'bpmn:TerminateEventDefinition': 'TERMINATE',
  'bpmn:SignalEventDefinition': 'SIGNAL',
  'bpmn:EscalationEventDefinition': 'ESCALATION',
  'bpmn:LinkEventDefinition': 'LINK',
  'bpmn:CompensateEventDefinition': 'COMPENSATION',
};

// Zeebe's pattern and reserved words for a mapping target.
const PATH_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*(\.[a-zA-Z_][a-zA-Z0-9_]*)*$/;
const PATH_RESERVED_WORDS = ['null', 'true', 'false', 'function', 'if', 'then', 'else', 'for', 'between', 'instance', 'of'];

function notYet(type: string, detail = ''): string {
  return `Element type '${type}'${detail} is not supported yet by this engine`;
}

function notYetWith(type: string, eventDefinition: ModdleElement): string {
  return notYet(type, ` with a '${eventDefinition.$type}'`);
}

function nonBlank(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** How Zeebe parses a static candidateGroups/candidateUsers value: `a, b,c`. */
function isListOfCsv(value: string): boolean {
  return value.split(',').every((part) => part.trim() !== '');
}

/** The first line of a moddle/saxen message, with its line/column details folded in. */
function describeWarning(message: string): { elementId: string; message: string } {
  const duplicate = /duplicate ID <([^>]*)>/.exec(message);
  if (duplicate?.[1] !== undefined) {
    return { elementId: duplicate[1], message: `Duplicate element id '${duplicate[1]}'` };
  }
  const lines = message.split('\n').map((l) => l.trim());
  const first = lines[0] ?? message;
  const line = lines.find((l) => l.startsWith('line:'))?.slice(5).trim();
  const column = lines.find((l) => l.startsWith('column:'))?.slice(7).trim();
  const nested = lines.find((l) => l.startsWith('nested error:'))?.slice(13).trim();
  const where = line !== undefined ? ` (line ${line}${column !== undefined ? `, column ${column}` : ''})` : '';
  return { elementId: '', message: `${first}${where}${nested ? `: ${nested}` : ''}` };
}

/** Collects problems once each, in the order found. */
class Problems {
  readonly list: ModelProblem[] = [];
  private readonly seen = new Set<string>();

  add(elementId: string, message: string): void {
    const key = `${elementId}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ elementId, message });
  }
}

/** Ids that moddle could not resolve, by the element and qualified property holding them. */
type Unresolved = Map<ModdleElement, Map<string, string>>;

interface Draft {
  readonly el: ModdleElement;
  readonly id: string;
  readonly name: string | undefined;
  readonly type: BpmnElementType;
  eventType: BpmnEventType;
  readonly flowScopeId: string | undefined;
  readonly incoming: string[];
  readonly outgoing: string[];
  readonly childIds: string[];
  readonly boundaryEventIds: string[];
  inputMappings: Mapping[];
  outputMappings: Mapping[];
  defaultFlowId?: string;
  noneStartEventId?: string;
  attachedToId?: string;
  cancelActivity?: boolean;
  job?: JobDefinition;
  userTask?: UserTaskDefinition;
  timer?: TimerDefinition;
  message?: MessageDefinition;
  error?: { errorCode?: string };
}

interface FlowDraft {
  readonly el: ModdleElement;
  readonly id: string;
  /** The process or subprocess that contains the flow. */
  readonly scopeId: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Builds one executable process, adding whatever is wrong with it to `problems`. */
class ProcessBuilder {
  private readonly elements = new Map<string, Draft>();
  private readonly flowDrafts: FlowDraft[] = [];
  private readonly flows = new Map<string, SequenceFlowModel>();

  constructor(
    private readonly problems: Problems,
    private readonly unresolved: Unresolved,
  ) {}

  build(proc: ModdleElement, processId: string): ProcessModel {
    const root = this.draft(proc, processId, 'PROCESS', undefined);
    this.walk(proc, root);
    this.linkFlows();
    for (const d of this.elements.values()) this.checkConnections(d);
    for (const d of this.elements.values()) if (d.type === 'BOUNDARY_EVENT') this.attach(d);
    for (const d of this.elements.values()) this.checkBoundaryEvents(d);
    for (const d of this.elements.values()) this.checkStartEvents(d);

    const elements = new Map<string, ElementModel>();
    for (const d of this.elements.values()) elements.set(d.id, finish(d));
    const name = str(proc, 'name');
    return {
      bpmnProcessId: processId,
      ...(name !== undefined ? { name } : {}),
      elements,
      flows: this.flows,
      userTaskForms: this.userTaskForms(proc),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Walking the scopes

  private draft(el: ModdleElement, id: string, type: BpmnElementType, flowScopeId: string | undefined): Draft {
    const d: Draft = {
      el,
      id,
      name: str(el, 'name'),
      type,
      eventType: 'UNSPECIFIED',
      flowScopeId,
      incoming: [],
      outgoing: [],
      childIds: [],
      boundaryEventIds: [],
      inputMappings: [],
      outputMappings: [],
    };
    this.elements.set(id, d);
    return d;
  }

  private walk(container: ModdleElement, scope: Draft): void {
    for (const fe of children(container, 'flowElements')) {
      const id = idOf(fe);
      if (id === undefined || id === '') {
        this.problems.add(scope.id, `An element of type '${fe.$type}' has no id`);
        continue;
      }
      if (fe.$type === 'bpmn:SequenceFlow') {
        this.flowDrafts.push({ el: fe, id, scopeId: scope.id });
        continue;
      }
      // Data objects and data store references are not executable; Zeebe ignores them too.
      if (!fe.$instanceOf('bpmn:FlowNode')) continue;
      const d = this.node(fe, id, scope);
      scope.childIds.push(id);
      if (fe.$type === 'bpmn:SubProcess' && d.type === 'SUB_PROCESS') this.walk(fe, d);
    }
  }

  private node(fe: ModdleElement, id: string, scope: Draft): Draft {
    const mapped = ELEMENT_TYPES[fe.$type];
    const eventSubprocess = fe.$type === 'bpmn:SubProcess' && bool(fe, 'triggeredByEvent') === true;
    const d = this.draft(fe, id, eventSubprocess ? 'EVENT_SUB_PROCESS' : (mapped ?? 'TASK'), scope.id);

    if (mapped === undefined) {
      this.problems.add(
        id,
        `Elements of type '${fe.$type}' are not supported by Zeebe ` +
          '(see https://docs.camunda.io/docs/components/modeler/bpmn/bpmn-coverage/)',
      );
      return d;
    }
    if (eventSubprocess) {
      this.problems.add(id, notYet(fe.$type, ' with triggeredByEvent="true" (an event subprocess)'));
      return d;
    }
    if (NOT_YET.has(fe.$type)) {
      this.problems.add(id, notYet(fe.$type));
      return d;
    }
    const loop = child(fe, 'loopCharacteristics');
    if (loop) {
      this.problems.add(
        id,
        loop.$type === 'bpmn:MultiInstanceLoopCharacteristics'
          ? `Multi-instance activities ('${fe.$type}' with '${loop.$type}') are not supported yet by this engine`
          : `Loop characteristics ('${loop.$type}') are not supported by Zeebe`,
      );
    }
    if (bool(fe, 'isForCompensation') === true) {
      this.problems.add(id, 'Compensation handlers (isForCompensation) are not supported yet by this engine');
    }

    const defs = children(fe, 'eventDefinitions');
    switch (d.type) {
      case 'START_EVENT':
        this.startEvent(d, defs, scope);
        break;
      case 'END_EVENT':
        this.endEvent(d, defs);
        break;
      case 'INTERMEDIATE_THROW_EVENT':
        this.throwEvent(d, defs);
        break;
      case 'INTERMEDIATE_CATCH_EVENT':
        this.catchEvent(d, defs);
        break;
      case 'BOUNDARY_EVENT':
        this.boundaryEvent(d, defs);
        break;
      case 'SERVICE_TASK':
        this.serviceTask(d);
        break;
      case 'USER_TASK':
        this.userTask(d);
        break;
      case 'RECEIVE_TASK':
        d.message = this.messageOf(d.el, d.id);
        this.mappings(d, true);
        break;
      case 'MANUAL_TASK':
      case 'TASK':
      case 'SUB_PROCESS':
        this.mappings(d, true);
        break;
      default:
        // Gateways: nothing more to read here; default flows are resolved with the flows.
        break;
    }
    return d;
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  private startEvent(d: Draft, defs: ModdleElement[], scope: Draft): void {
    d.eventType = 'NONE';
    if (defs.length > 1) this.problems.add(d.id, "Start event can't have more than one type");
    const def = defs[0];
    if (def) {
      d.eventType = EVENT_TYPES[def.$type] ?? 'UNSPECIFIED';
      // In a subprocess this is reported on the subprocess (checkStartEvents), as Zeebe does.
      if (scope.type === 'PROCESS') this.problems.add(d.id, notYetWith('bpmn:StartEvent', def));
    }
    this.mappings(d, false);
  }

  private endEvent(d: Draft, defs: ModdleElement[]): void {
    d.eventType = 'NONE';
    if (defs.length > 1) this.problems.add(d.id, 'Must have at most one event definition');
    const def = defs[0];
    if (def) {
      const eventType = EVENT_TYPES[def.$type];
      if (eventType === 'ERROR') {
        d.eventType = 'ERROR';
        d.error = this.thrownError(def, d.id);
      } else if (
        eventType === 'TERMINATE' ||
        eventType === 'MESSAGE' ||
        eventType === 'SIGNAL' ||
        eventType === 'ESCALATION' ||
        eventType === 'COMPENSATION'
      ) {
        d.eventType = eventType;
        this.problems.add(d.id, notYetWith('bpmn:EndEvent', def));
      } else {
        d.eventType = 'UNSPECIFIED';
        this.problems.add(
          d.id,
          'End events must be one of: none, error, message, terminate, signal, escalation or compensation',
        );
      }
    }
    this.mappings(d, false);
  }

  private throwEvent(d: Draft, defs: ModdleElement[]): void {
    d.eventType = 'NONE';
    const def = defs[0];
    if (def) {
      d.eventType = EVENT_TYPES[def.$type] ?? 'UNSPECIFIED';
      this.problems.add(d.id, notYetWith('bpmn:IntermediateThrowEvent', def));
    }
    this.mappings(d, false);
  }

  private catchEvent(d: Draft, defs: ModdleElement[]): void {
    const def = defs[0];
    if (defs.length !== 1 || !def) {
      this.problems.add(d.id, 'Must have exactly one event definition');
    } else if (def.$type === 'bpmn:MessageEventDefinition') {
      d.eventType = 'MESSAGE';
      d.message = this.messageOf(def, d.id);
    } else if (def.$type === 'bpmn:TimerEventDefinition') {
      d.eventType = 'TIMER';
      d.timer = this.timerOf(def, d.id, 'catch');
    } else if (
      def.$type === 'bpmn:SignalEventDefinition' ||
      def.$type === 'bpmn:LinkEventDefinition' ||
      def.$type === 'bpmn:ConditionalEventDefinition'
    ) {
      d.eventType = EVENT_TYPES[def.$type] ?? 'UNSPECIFIED';
      this.problems.add(d.id, notYetWith('bpmn:IntermediateCatchEvent', def));
    } else {
      this.problems.add(d.id, 'Event definition must be one of: message, timer, signal, link, or conditional');
    }
    this.mappings(d, false);
  }

  private boundaryEvent(d: Draft, defs: ModdleElement[]): void {
    const interrupting = bool(d.el, 'cancelActivity') ?? true;
    d.cancelActivity = interrupting;
    const def = defs[0];
    if (defs.length !== 1 || !def) {
      this.problems.add(d.id, 'Must have exactly one event definition');
    } else if (def.$type === 'bpmn:TimerEventDefinition') {
      d.eventType = 'TIMER';
      d.timer = this.timerOf(def, d.id, interrupting ? 'interrupting' : 'non-interrupting');
    } else if (def.$type === 'bpmn:MessageEventDefinition') {
      d.eventType = 'MESSAGE';
      d.message = this.messageOf(def, d.id);
    } else if (def.$type === 'bpmn:ErrorEventDefinition') {
      d.eventType = 'ERROR';
      if (!interrupting) this.problems.add(d.id, 'Non-Interrupting event of this type is not allowed');
      d.error = this.caughtError(def, d.id);
    } else if (
      def.$type === 'bpmn:SignalEventDefinition' ||
      def.$type === 'bpmn:EscalationEventDefinition' ||
      def.$type === 'bpmn:CompensateEventDefinition'
    ) {
      d.eventType = EVENT_TYPES[def.$type] ?? 'UNSPECIFIED';
      this.problems.add(d.id, notYetWith('bpmn:BoundaryEvent', def));
    } else {
      this.problems.add(d.id, 'Boundary events must be one of: timer, message, error, signal, escalation');
    }
    this.mappings(d, false);
  }

  private thrownError(def: ModdleElement, ownerId: string): { errorCode?: string } {
    const error = child(def, 'errorRef');
    if (!error) {
      const raw = this.unresolved.get(def)?.get('bpmn:errorRef');
      this.problems.add(ownerId, raw ? `Must reference an error, but the error '${raw}' does not exist` : 'Must reference an error');
      return {};
    }
    const errorCode = str(error, 'errorCode');
    if (errorCode === undefined || errorCode === '') {
      this.problems.add(ownerId, 'ErrorCode must be present and not empty');
      return {};
    }
    if (errorCode.startsWith('=')) {
      this.problems.add(ownerId, 'An errorCode expression on an error end event is not supported yet by this engine');
    }
    return { errorCode };
  }

  private caughtError(def: ModdleElement, ownerId: string): { errorCode?: string } {
    const error = child(def, 'errorRef');
    if (!error) {
      const raw = this.unresolved.get(def)?.get('bpmn:errorRef');
      if (raw) this.problems.add(ownerId, `Must reference an existing error, but the error '${raw}' does not exist`);
      return {}; // no errorRef: catches every error
    }
    const errorCode = str(error, 'errorCode');
    if (errorCode === undefined || errorCode === '') {
      this.problems.add(ownerId, 'ErrorCode must be present and not empty');
      return {};
    }
    if (errorCode.startsWith('=')) {
      this.problems.add(ownerId, 'The errorCode of the error catch event is not allowed to be an expression');
    }
    return { errorCode };
  }

  /** The message of a message event definition or receive task; name/subscription problems go to the message. */
  private messageOf(holder: ModdleElement, ownerId: string): MessageDefinition | undefined {
    const message = child(holder, 'messageRef');
    if (!message) {
      const raw = this.unresolved.get(holder)?.get('bpmn:messageRef');
      this.problems.add(ownerId, raw ? `Must reference a message, but the message '${raw}' does not exist` : 'Must reference a message');
      return undefined;
    }
    const messageId = idOf(message) || ownerId;
    const name = str(message, 'name');
    if (name === undefined || name === '') this.problems.add(messageId, 'Name must be present and not empty');
    const subscriptions = extensions(message, 'zeebe:Subscription');
    if (subscriptions.length !== 1) {
      this.problems.add(messageId, 'Must have exactly one zeebe:subscription extension element');
    }
    const subscription = subscriptions[0];
    const correlationKey = subscription ? str(subscription, 'correlationKey') : undefined;
    if (subscription && (correlationKey === undefined || correlationKey === '')) {
      this.problems.add(messageId, "Attribute 'correlationKey' must be present and not empty");
    }
    return {
      name: name ? this.expression(messageId, name) : { kind: 'static', value: '' },
      ...(correlationKey ? { correlationKey: this.expression(messageId, correlationKey, true) } : {}),
    };
  }

  private timerOf(
    def: ModdleElement,
    ownerId: string,
    where: 'catch' | 'interrupting' | 'non-interrupting',
  ): TimerDefinition | undefined {
    const present = (
      [
        ['duration', child(def, 'timeDuration')],
        ['date', child(def, 'timeDate')],
        ['cycle', child(def, 'timeCycle')],
      ] as const
    ).filter((entry) => entry[1] !== undefined);
    const only = present[0];
    if (present.length !== 1 || !only) {
      this.problems.add(ownerId, 'Must be exactly one type of timer: timeDuration, timeDate or timeCycle');
      return undefined;
    }
    const [kind, el] = only;
    if (kind === 'cycle' && where === 'catch') {
      this.problems.add(ownerId, 'Intermediate timer catch event must have either a time duration or a time date.');
    }
    if (kind === 'cycle' && where === 'interrupting') {
      this.problems.add(ownerId, 'Interrupting timer event with time cycle is not allowed.');
    }
    const text = textOf(el) ?? '';
    if (text === '') {
      this.problems.add(ownerId, `Invalid timer ${kind} expression (the expression is empty)`);
      return undefined;
    }
    const expression = this.expression(ownerId, text);
    if (expression.kind === 'static') {
      const problem = staticTimerProblem(kind, text);
      if (problem) this.problems.add(ownerId, problem);
    }
    return { kind, expression };
  }

  // ---------------------------------------------------------------------------------------------
  // Tasks

  private serviceTask(d: Draft): void {
    const definitions = extensions(d.el, 'zeebe:TaskDefinition');
    const definition = definitions[0];
    if (definitions.length !== 1 || !definition) {
      this.problems.add(d.id, "Must have exactly one 'zeebe:taskDefinition' extension element");
    }
    if (definition) {
      const type = str(definition, 'type');
      const retries = str(definition, 'retries');
      if (type === undefined || type === '') this.problems.add(d.id, "Attribute 'type' must be present and not empty");
      if (retries === '') this.problems.add(d.id, "Attribute 'retries' must be present and not empty");
      d.job = {
        type: type ? this.expression(d.id, type) : { kind: 'static', value: '' },
        retries: retries ? this.expression(d.id, retries) : { kind: 'static', value: DEFAULT_JOB_RETRIES },
        headers: this.headers(d),
      };
    }
    this.mappings(d, true);
  }

  private userTask(d: Draft): void {
    if (extensions(d.el, 'zeebe:UserTask').length > 0) {
      this.problems.add(
        d.id,
        'Zeebe user tasks (the zeebe:userTask extension element) are not supported yet by this engine; ' +
          'without it the user task is a job-based user task',
      );
    }
    const userTask: Mutable<UserTaskDefinition> = {};

    const assignment = this.single(d, 'zeebe:AssignmentDefinition', 'assignmentDefinition');
    if (assignment) {
      const assignee = nonBlank(str(assignment, 'assignee'));
      if (assignee !== undefined) userTask.assignee = this.expression(d.id, assignee);
      const groups = nonBlank(str(assignment, 'candidateGroups'));
      if (groups !== undefined) userTask.candidateGroups = this.csvExpression(d.id, groups);
      const users = nonBlank(str(assignment, 'candidateUsers'));
      if (users !== undefined) userTask.candidateUsers = this.csvExpression(d.id, users);
    }

    const schedule = this.single(d, 'zeebe:TaskSchedule', 'taskSchedule');
    if (schedule) {
      const dueDate = nonBlank(str(schedule, 'dueDate'));
      if (dueDate !== undefined) userTask.dueDate = this.dateTimeExpression(d.id, dueDate);
      const followUpDate = nonBlank(str(schedule, 'followUpDate'));
      if (followUpDate !== undefined) userTask.followUpDate = this.dateTimeExpression(d.id, followUpDate);
    }

    const form = this.single(d, 'zeebe:FormDefinition', 'formDefinition');
    if (form) {
      const formKey = nonBlank(str(form, 'formKey'));
      if (nonBlank(str(form, 'formId')) !== undefined) {
        this.problems.add(
          d.id,
          'Linked forms (zeebe:formDefinition formId) are not supported yet by this engine; use a formKey or an embedded form',
        );
      } else if (formKey === undefined) {
        this.problems.add(d.id, "Exactly one of the attributes 'formId, formKey' must be present and not blank");
      } else {
        userTask.formKey = formKey;
      }
    }

    d.userTask = userTask;
    d.job = {
      type: { kind: 'static', value: USER_TASK_JOB_TYPE },
      retries: { kind: 'static', value: USER_TASK_JOB_RETRIES },
      headers: this.headers(d),
    };
    this.mappings(d, true);
  }

  private headers(d: Draft): Readonly<Record<string, string>> {
    const taskHeaders = this.single(d, 'zeebe:TaskHeaders', 'taskHeaders');
    if (!taskHeaders) return {};
    const entries: [string, string][] = [];
    const seen = new Set<string>();
    for (const header of children(taskHeaders, 'values')) {
      const key = str(header, 'key');
      const value = str(header, 'value');
      // Zeebe drops headers without a key or value (with a warning in its log).
      if (key === undefined || key === '' || value === undefined || value === '') continue;
      if (key.startsWith(RESERVED_HEADER_PREFIX)) {
        this.problems.add(
          d.id,
          `Attribute 'key' contains '${key}', but header keys starting with '${RESERVED_HEADER_PREFIX}' are reserved for internal use.`,
        );
      }
      if (seen.has(key)) this.problems.add(d.id, `Headers contain duplicate entries for key '${key}'`);
      seen.add(key);
      entries.push([key, value]);
    }
    // fromEntries defines own properties, so a key such as `__proto__` stays an ordinary header.
    return Object.fromEntries(entries);
  }

  /** `zeebe:ioMapping`: inputs on activities only; outputs on activities and events. */
  private mappings(d: Draft, inputs: boolean): void {
    const io = this.single(d, 'zeebe:IoMapping', 'ioMapping');
    if (!io) return;
    if (inputs) {
      for (const input of children(io, 'inputParameters')) {
        const source = nonBlank(str(input, 'source'));
        const target = str(input, 'target');
        this.checkPath(d.id, target);
        d.inputMappings.push({
          // Without a source, Zeebe maps null to the target.
          source: source !== undefined ? this.expression(d.id, source) : { kind: 'feel', source: 'null' },
          target: target ?? '',
        });
      }
    }
    for (const output of children(io, 'outputParameters')) {
      const source = nonBlank(str(output, 'source'));
      const target = str(output, 'target');
      if (source === undefined) this.problems.add(d.id, 'Expected expression but not found.');
      this.checkPath(d.id, target);
      d.outputMappings.push({
        source: source !== undefined ? this.expression(d.id, source, true) : { kind: 'feel', source: 'null' },
        target: target ?? '',
      });
    }
  }

  /** The one extension element of a type; a second one is a problem. */
  private single(d: Draft, type: string, name: string): ModdleElement | undefined {
    const found = extensions(d.el, type);
    if (found.length > 1) this.problems.add(d.id, `Must have at most one 'zeebe:${name}' extension element`);
    return found[0];
  }

  // ---------------------------------------------------------------------------------------------
  // Expressions

  /** A model value as an Expression; a FEEL one must parse, and `nonStatic` values must be FEEL. */
  private expression(ownerId: string, raw: string, nonStatic = false): Expression {
    const expression = toExpression(raw);
    if (expression.kind === 'feel') {
      const error = feelSyntaxError(expression.source);
      if (error !== undefined) this.problems.add(ownerId, `failed to parse expression '${expression.source}': ${error}`);
    } else if (nonStatic) {
      this.problems.add(
        ownerId,
        `Expected expression but found static value '${raw}'. An expression must start with '=' (e.g. '=${raw}').`,
      );
    }
    return expression;
  }

  private csvExpression(ownerId: string, raw: string): Expression {
    const expression = this.expression(ownerId, raw);
    if (expression.kind === 'static' && !isListOfCsv(raw)) {
      this.problems.add(
        ownerId,
        `Expected static value to be a list of comma-separated values, e.g. 'a,b,c', but found '${raw}'.`,
      );
    }
    return expression;
  }

  private dateTimeExpression(ownerId: string, raw: string): Expression {
    const expression = this.expression(ownerId, raw);
    if (expression.kind === 'static' && parseIsoDateTime(raw) === undefined) {
      this.problems.add(
        ownerId,
        `Expected static value to be a valid DateTime String, e.g. '2023-03-02T15:35+02:00', but found '${raw}'.`,
      );
    }
    return expression;
  }

  private checkPath(ownerId: string, target: string | undefined): void {
    if (target === undefined || target === '') {
      this.problems.add(ownerId, 'Expected path expression but not found.');
    } else if (!PATH_PATTERN.test(target)) {
      this.problems.add(
        ownerId,
        `Expected path expression '${target}' but doesn't match the pattern '${PATH_PATTERN.source.slice(1, -1)}'.`,
      );
    } else if (PATH_RESERVED_WORDS.includes(target)) {
      this.problems.add(
        ownerId,
        `Expected path expression '${target}' but is one of the reserved words (${PATH_RESERVED_WORDS.join(', ')}).`,
      );
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The graph: flows, default flows, boundary attachment, start events

  private linkFlows(): void {
    for (const f of this.flowDrafts) {
      const source = this.endpoint(f, 'sourceRef');
      const target = this.endpoint(f, 'targetRef');
      const conditionText = textOf(child(f.el, 'conditionExpression'));
      let condition: Expression | undefined;
      if (conditionText !== undefined) {
        if (conditionText === '') {
          this.problems.add(f.id, "Attribute 'condition' must be present and not empty");
        } else {
          condition = this.expression(f.id, conditionText, true);
        }
      }
      if (!source || !target) continue;
      const name = str(f.el, 'name');
      this.flows.set(f.id, {
        id: f.id,
        ...(name !== undefined ? { name } : {}),
        sourceId: source.id,
        targetId: target.id,
        ...(condition ? { condition } : {}),
      });
      source.outgoing.push(f.id);
      target.incoming.push(f.id);
    }
  }

  /** The flow's source or target, which must be a flow node of the flow's own scope. */
  private endpoint(f: FlowDraft, property: 'sourceRef' | 'targetRef'): Draft | undefined {
    const ref = child(f.el, property);
    if (!ref) {
      const raw = this.unresolved.get(f.el)?.get(`bpmn:${property}`);
      this.problems.add(
        f.id,
        raw !== undefined
          ? `SequenceFlow has ${property} '${raw}' which cannot be resolved`
          : `SequenceFlow is missing required attribute ${property}`,
      );
      return undefined;
    }
    const refId = idOf(ref) ?? '';
    const node = this.elements.get(refId);
    if (!node || node.type === 'PROCESS' || node.el !== ref) {
      this.problems.add(f.id, `SequenceFlow has ${property} '${refId}' which is not a flow node of this process`);
      return undefined;
    }
    if (node.flowScopeId !== f.scopeId) {
      this.problems.add(
        f.id,
        `A sequence flow must connect elements of its own scope '${f.scopeId}', but its ${property} ` +
          `'${refId}' is in '${node.flowScopeId ?? ''}'`,
      );
      return undefined;
    }
    return node;
  }

  private checkConnections(d: Draft): void {
    const conditional = d.outgoing.filter((id) => this.flows.get(id)?.condition !== undefined);
    if (conditional.length > 0 && d.type !== 'EXCLUSIVE_GATEWAY' && d.type !== 'INCLUSIVE_GATEWAY') {
      this.problems.add(
        d.id,
        'Conditional sequence flows are only supported at exclusive or inclusive gateway ' +
          `(conditional: ${conditional.map((id) => `'${id}'`).join(', ')})`,
      );
    }
    if (d.type === 'EXCLUSIVE_GATEWAY') {
      const defaultFlow = child(d.el, 'default');
      const rawDefault = this.unresolved.get(d.el)?.get('bpmn:default');
      if (defaultFlow) {
        const defaultId = idOf(defaultFlow) ?? '';
        if (d.outgoing.includes(defaultId)) d.defaultFlowId = defaultId;
        else this.problems.add(d.id, 'Default flow must start at gateway');
      } else if (rawDefault !== undefined) {
        this.problems.add(d.id, `Default flow '${rawDefault}' cannot be resolved`);
      }
      if (d.outgoing.length > 1) {
        for (const flowId of d.outgoing) {
          if (flowId !== d.defaultFlowId && this.flows.get(flowId)?.condition === undefined) {
            this.problems.add(flowId, 'Must have a condition or be default flow');
          }
        }
      }
    }
    if (d.type === 'END_EVENT' && d.outgoing.length > 0) {
      this.problems.add(d.id, 'End events must not have outgoing sequence flows to other elements.');
    }
    if (d.type === 'BOUNDARY_EVENT' && d.incoming.length > 0) {
      this.problems.add(d.id, 'Cannot have incoming sequence flows');
    }
  }

  private attach(d: Draft): void {
    const ref = child(d.el, 'attachedToRef');
    const activity = ref ? this.elements.get(idOf(ref) ?? '') : undefined;
    if (!ref || !activity || activity.el !== ref || !ACTIVITY_TYPES.has(activity.type)) {
      this.problems.add(d.id, 'Must be attached to an activity');
      return;
    }
    if (activity.flowScopeId !== d.flowScopeId) {
      this.problems.add(
        d.id,
        `Must be attached to an activity of its own scope '${d.flowScopeId ?? ''}', but '${activity.id}' is in '${activity.flowScopeId ?? ''}'`,
      );
      return;
    }
    d.attachedToId = activity.id;
    activity.boundaryEventIds.push(d.id);
  }

  /** Zeebe's rules for the boundary events of one activity (ActivityValidator, ReceiveTaskValidator). */
  private checkBoundaryEvents(d: Draft): void {
    if (d.boundaryEventIds.length === 0) return;
    const boundaries = d.boundaryEventIds.map((id) => this.elements.get(id)).filter((b) => b !== undefined);

    const errors = boundaries.filter((b) => b.eventType === 'ERROR');
    const catchAll = errors.filter((b) => !child(children(b.el, 'eventDefinitions')[0] ?? b.el, 'errorRef'));
    if (catchAll.length > 1) {
      this.problems.add(
        d.id,
        'The same scope can not contain more than one error catch event without error code. ' +
          'An error catch event without error code catches all errors.',
      );
    }
    for (const code of duplicates(errors.map((b) => b.error?.errorCode).filter((c) => c !== undefined))) {
      this.problems.add(d.id, `Multiple error catch events with the same error code '${code}' are not supported on the same scope.`);
    }

    const messageNames = boundaries.map((b) => messageName(b.message)).filter((n): n is string => !!n);
    for (const name of duplicates(messageNames)) {
      this.problems.add(d.id, `Multiple message event definitions with the same name '${name}' are not allowed.`);
    }
    const ownName = messageName(d.message);
    if (d.type === 'RECEIVE_TASK' && ownName && messageNames.includes(ownName)) {
      this.problems.add(d.id, 'Cannot reference the same message name as a boundary event');
    }
  }

  private checkStartEvents(d: Draft): void {
    if (d.type !== 'PROCESS' && d.type !== 'SUB_PROCESS') return;
    const starts = d.childIds.map((id) => this.elements.get(id)).filter((e) => e?.type === 'START_EVENT');
    const none = starts.filter((e) => e?.eventType === 'NONE');
    if (d.type === 'PROCESS') {
      if (starts.length === 0) this.problems.add(d.id, 'Must have at least one start event');
      else if (none.length > 1) this.problems.add(d.id, 'Multiple none start events are not allowed');
    } else {
      if (starts.length !== 1) this.problems.add(d.id, 'Must have exactly one start event');
      if (starts.length > none.length) this.problems.add(d.id, 'Start events in subprocesses must be of type none');
    }
    const only = none[0];
    if (none.length === 1 && only) d.noneStartEventId = only.id;
  }

  private userTaskForms(proc: ModdleElement): Map<string, string> {
    const forms = new Map<string, string>();
    for (const form of extensions(proc, 'zeebe:UserTaskForm')) {
      const id = idOf(form);
      const body = str(form, 'body');
      if (id === undefined || id === '') {
        this.problems.add(idOf(proc) ?? '', 'A zeebe:userTaskForm must have an id');
        continue;
      }
      if (body === undefined || body.trim() === '') {
        this.problems.add(id, 'User task form text content has to be present and not empty');
        continue;
      }
      forms.set(id, body);
    }
    return forms;
  }
}

function messageName(message: MessageDefinition | undefined): string | undefined {
  if (!message) return undefined;
  return message.name.kind === 'static' ? message.name.value : `=${message.name.source}`;
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

function staticTimerProblem(kind: 'duration' | 'date' | 'cycle', text: string): string | undefined {
  switch (kind) {
    case 'duration':
      return parseIsoDuration(text)
        ? undefined
        : `Invalid timer duration expression ('${text}' is not an ISO 8601 duration, e.g. 'PT5S', 'P1D' or 'P1DT2H30M')`;
    case 'date':
      return parseIsoDateTime(text) !== undefined
        ? undefined
        : `Invalid timer date expression ('${text}' is not an ISO 8601 date-time with an offset, ` +
            "e.g. '2025-01-01T10:00:00Z' or '2025-01-01T10:00:00+08:00')";
    case 'cycle':
      if (!text.startsWith('R')) {
        return `Invalid timer cycle expression ('${text}'): cron expressions are not supported yet by this engine; use an ISO 8601 repeating interval such as 'R/PT1H'`;
      }
      return parseRepeatingInterval(text)
        ? undefined
        : `Invalid timer cycle expression ('${text}' is not an ISO 8601 repeating interval, e.g. 'R3/PT10S' or 'R/PT1H')`;
  }
}

function finish(d: Draft): ElementModel {
  return {
    id: d.id,
    ...(d.name !== undefined ? { name: d.name } : {}),
    type: d.type,
    eventType: d.eventType,
    flowScopeId: d.flowScopeId,
    incoming: d.incoming,
    outgoing: d.outgoing,
    ...(d.defaultFlowId !== undefined ? { defaultFlowId: d.defaultFlowId } : {}),
    ...(d.noneStartEventId !== undefined ? { noneStartEventId: d.noneStartEventId } : {}),
    childIds: d.childIds,
    boundaryEventIds: d.boundaryEventIds,
    ...(d.attachedToId !== undefined ? { attachedToId: d.attachedToId } : {}),
    ...(d.cancelActivity !== undefined ? { cancelActivity: d.cancelActivity } : {}),
    inputMappings: d.inputMappings,
    outputMappings: d.outputMappings,
    ...(d.job ? { job: d.job } : {}),
    ...(d.userTask ? { userTask: d.userTask } : {}),
    ...(d.timer ? { timer: d.timer } : {}),
    ...(d.message ? { message: d.message } : {}),
    ...(d.error ? { error: d.error } : {}),
  };
}

function collectWarnings(warnings: readonly ModdleWarning[], problems: Problems): Unresolved {
  const unresolved: Unresolved = new Map();
  for (const w of warnings) {
    if (w.element && w.property !== undefined && w.value !== undefined && w.message.startsWith('unresolved reference')) {
      // Reported by the parser where the reference matters, with the wording of that check.
      let byProperty = unresolved.get(w.element);
      if (!byProperty) unresolved.set(w.element, (byProperty = new Map()));
      byProperty.set(w.property, w.value);
      continue;
    }
    const { elementId, message } = describeWarning(w.message);
    problems.add(elementId, message);
  }
  return unresolved;
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
