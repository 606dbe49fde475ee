// The executable model: what the runtime needs from a deployed BPMN process, with every
// reference resolved and every expression syntax-checked at deploy time, so that running an
// instance never has to look at XML again.

/** Zeebe's BpmnElementType names (protocol module), so records read like Zeebe's. */
export type BpmnElementType =
  | 'PROCESS'
  | 'SUB_PROCESS'
  | 'EVENT_SUB_PROCESS'
  | 'START_EVENT'
  | 'INTERMEDIATE_CATCH_EVENT'
  | 'INTERMEDIATE_THROW_EVENT'
  | 'BOUNDARY_EVENT'
  | 'END_EVENT'
  | 'SERVICE_TASK'
  | 'RECEIVE_TASK'
  | 'USER_TASK'
  | 'MANUAL_TASK'
  | 'TASK'
  | 'EXCLUSIVE_GATEWAY'
  | 'INCLUSIVE_GATEWAY'
  | 'PARALLEL_GATEWAY'
  | 'EVENT_BASED_GATEWAY'
  | 'SEQUENCE_FLOW'
  | 'MULTI_INSTANCE_BODY'
  | 'CALL_ACTIVITY'
  | 'BUSINESS_RULE_TASK'
  | 'SCRIPT_TASK'
  | 'SEND_TASK';

/** Zeebe's BpmnEventType names. */
export type BpmnEventType =
  | 'UNSPECIFIED'
  | 'NONE'
  | 'TIMER'
  | 'MESSAGE'
  | 'ERROR'
  | 'TERMINATE'
  | 'SIGNAL'
  | 'ESCALATION'
  | 'LINK'
  | 'COMPENSATION';

/**
 * A value from the model. Zeebe treats an attribute that starts with `=` as a FEEL expression
 * and anything else as a static value; `source` is the FEEL text without the `=`.
 */
export type Expression =
  | { readonly kind: 'static'; readonly value: string }
  | { readonly kind: 'feel'; readonly source: string };

/** One `zeebe:input` / `zeebe:output`: evaluate `source`, write the result at `target` (a.b.c). */
export interface Mapping {
  readonly source: Expression;
  readonly target: string;
}

export type TimerDefinition =
  | { readonly kind: 'duration'; readonly expression: Expression }
  | { readonly kind: 'date'; readonly expression: Expression }
  | { readonly kind: 'cycle'; readonly expression: Expression };

export interface MultiInstanceDefinition {
  readonly sequential: boolean;
  /** FEEL giving the list to iterate over (`= approvers`). */
  readonly inputCollection: Expression;
  /** Name of the local variable holding the current item (`approver`). */
  readonly inputElement?: string;
  /** Name of the variable collecting the results, as a list in item order. */
  readonly outputCollection?: string;
  /** FEEL evaluated in each inner instance at its completion; its value goes into the output list. */
  readonly outputElement?: Expression;
  /** FEEL, evaluated after each inner instance completes; true ends the whole body early. */
  readonly completionCondition?: Expression;
}

export interface CalledElementDefinition {
  /** The bpmnProcessId to call (static or FEEL). */
  readonly processId: Expression;
  /** Default true in Zeebe: all child variables are copied back on completion. */
  readonly propagateAllChildVariables: boolean;
  /** Default true in Zeebe: the child starts with all visible parent variables. */
  readonly propagateAllParentVariables: boolean;
}

export interface CalledDecisionDefinition {
  readonly decisionId: Expression;
  readonly resultVariable: string;
}

export interface ScriptDefinition {
  readonly expression: Expression;
  readonly resultVariable: string;
}

export interface MessageDefinition {
  /** Message name; Zeebe allows it to be an expression. */
  readonly name: Expression;
  /** `zeebe:subscription correlationKey`; required on catch events, absent on start events. */
  readonly correlationKey?: Expression;
}

export interface JobDefinition {
  readonly type: Expression;
  /** Defaults to the static value "3", as in Zeebe. */
  readonly retries: Expression;
  /** `zeebe:taskHeaders`, static strings. */
  readonly headers: Readonly<Record<string, string>>;
}

/** What a `bpmn:userTask` turns into under Zeebe's job-based user task model (8.3/8.4). */
export interface UserTaskDefinition {
  readonly assignee?: Expression;
  /** Static comma-separated list, or a FEEL expression giving a list or a string. */
  readonly candidateGroups?: Expression;
  readonly candidateUsers?: Expression;
  readonly dueDate?: Expression;
  readonly followUpDate?: Expression;
  /** Already resolved: `camunda-forms:bpmn:<userTaskForm id>` for embedded forms, or the formKey as written. */
  readonly formKey?: string;
}

export interface ElementModel {
  readonly id: string;
  readonly name?: string;
  readonly type: BpmnElementType;
  readonly eventType: BpmnEventType;
  /** Id of the enclosing process or subprocess (for a boundary event: the scope of its activity). */
  readonly flowScopeId: string | undefined;
  /** Sequence flow ids, in document order. */
  readonly incoming: readonly string[];
  readonly outgoing: readonly string[];
  /** Exclusive (and later inclusive) gateways and activities with a default flow. */
  readonly defaultFlowId?: string;

  /** Process and subprocess: the none start event that starts the scope. */
  readonly noneStartEventId?: string;
  /** Process and subprocess: ids of the direct children (flow nodes only, not flows). */
  readonly childIds: readonly string[];

  /** Activities: boundary events attached to this element, in document order. */
  readonly boundaryEventIds: readonly string[];
  /** Boundary events: the activity they are attached to, and whether they interrupt it. */
  readonly attachedToId?: string;
  readonly cancelActivity?: boolean;

  readonly inputMappings: readonly Mapping[];
  readonly outputMappings: readonly Mapping[];

  /** Service tasks (and later every job-based element). */
  readonly job?: JobDefinition;
  /** User tasks (job type `io.camunda.zeebe:userTask`). `job.headers` carries `zeebe:taskHeaders`. */
  readonly userTask?: UserTaskDefinition;

  /** Multi-instance marker (`zeebe:loopCharacteristics`) on tasks, subprocesses and call activities. */
  readonly multiInstance?: MultiInstanceDefinition;
  /** Call activities (`zeebe:calledElement`). */
  readonly calledElement?: CalledElementDefinition;
  /** Business rule tasks with `zeebe:calledDecision` (otherwise they are job-based via `job`). */
  readonly calledDecision?: CalledDecisionDefinition;
  /** Script tasks with `zeebe:script` (otherwise they are job-based via `job`). */
  readonly script?: ScriptDefinition;
  /** Signal events (start, catch, throw, boundary, end, event-subprocess start). */
  readonly signal?: { readonly name: Expression };
  /**
   * Escalation events. On a throw/end event the code thrown (static or FEEL); on a catch event
   * (boundary, event-subprocess start) an absent code means catch-all.
   */
  readonly escalation?: { readonly escalationCode?: Expression };
  /** Link events: the link name that joins a throw event to the catch event of the same name. */
  readonly link?: { readonly name: string };
  /** Start events of event subprocesses: `isInterrupting` (BPMN default true). */
  readonly interrupting?: boolean;
  /** Process, subprocess, event subprocess: ids of the event subprocesses directly inside. */
  readonly eventSubProcessIds?: readonly string[];
  /** Event subprocess: its (single) start event. */
  readonly startEventId?: string;
  /** Process: its top-level start events other than the none start event (message, timer, signal). */
  readonly eventStartEventIds?: readonly string[];
  readonly timer?: TimerDefinition;
  readonly message?: MessageDefinition;
  /**
   * Error events. On a boundary (catch) event an absent `errorCode` means catch-all; on an end
   * (throw) event `errorCode` is the code thrown.
   */
  readonly error?: { readonly errorCode?: string };
}

export interface SequenceFlowModel {
  readonly id: string;
  readonly name?: string;
  readonly sourceId: string;
  readonly targetId: string;
  /** FEEL condition (always an expression in Zeebe); absent for unconditional flows. */
  readonly condition?: Expression;
}

export interface ProcessModel {
  readonly bpmnProcessId: string;
  readonly name?: string;
  /** Every flow node of the process, nested ones included, plus the process itself (type PROCESS). */
  readonly elements: ReadonlyMap<string, ElementModel>;
  readonly flows: ReadonlyMap<string, SequenceFlowModel>;
  /**
   * Embedded forms (`zeebe:userTaskForm` on the process) by form id: the form JSON that a user
   * task's formKey `camunda-forms:bpmn:<id>` points to, for whoever renders the task.
   */
  readonly userTaskForms?: ReadonlyMap<string, string>;
}

/** One problem found while validating a deployment, tied to the element that has it. */
export interface ModelProblem {
  /** Element id (or the process id, or '' when the document itself is unreadable). */
  readonly elementId: string;
  readonly message: string;
}

/** Thrown by the parser when a resource can't be deployed; lists every problem, not the first. */
export class ModelValidationError extends Error {
  constructor(
    readonly resourceName: string,
    readonly problems: readonly ModelProblem[],
  ) {
    super(
      `'${resourceName}': ` +
        problems.map((p) => (p.elementId ? `- Element: ${p.elementId}\n    - ERROR: ${p.message}` : `- ERROR: ${p.message}`)).join('\n'),
    );
    this.name = 'ModelValidationError';
  }
}
