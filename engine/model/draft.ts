// The parser's working state: one mutable draft per flow node while a process is read, turned
// into the read-only ElementModel once every check has run.
import type { Problems, Unresolved } from './problems.js';
import type {
  BpmnElementType,
  BpmnEventType,
  CalledDecisionDefinition,
  CalledElementDefinition,
  ElementModel,
  Expression,
  JobDefinition,
  Mapping,
  MessageDefinition,
  MultiInstanceDefinition,
  ScriptDefinition,
  SequenceFlowModel,
  TimerDefinition,
  UserTaskDefinition,
} from './types.js';
import type { ModdleElement } from './xml.js';

export interface Draft {
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
  multiInstance?: MultiInstanceDefinition;
  calledElement?: CalledElementDefinition;
  calledDecision?: CalledDecisionDefinition;
  script?: ScriptDefinition;
  signal?: { name: Expression };
  escalation?: { escalationCode?: Expression };
  link?: { name: string };
  interrupting?: boolean;
  readonly eventSubProcessIds: string[];
  startEventId?: string;
  readonly eventStartEventIds: string[];
  timer?: TimerDefinition;
  message?: MessageDefinition;
  error?: { errorCode?: string };
}

export interface FlowDraft {
  readonly el: ModdleElement;
  readonly id: string;
  /** The process or subprocess that contains the flow. */
  readonly scopeId: string;
}

/** Everything the parts of the parser share while one process is built. */
export interface Build {
  readonly problems: Problems;
  readonly unresolved: Unresolved;
  /** Flow nodes by id, the process itself included, in document order. */
  readonly elements: Map<string, Draft>;
  readonly flowDrafts: FlowDraft[];
  readonly flows: Map<string, SequenceFlowModel>;
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function newDraft(
  b: Build,
  el: ModdleElement,
  id: string,
  name: string | undefined,
  type: BpmnElementType,
  flowScopeId: string | undefined,
): Draft {
  const d: Draft = {
    el,
    id,
    name,
    type,
    eventType: 'UNSPECIFIED',
    flowScopeId,
    incoming: [],
    outgoing: [],
    childIds: [],
    boundaryEventIds: [],
    inputMappings: [],
    outputMappings: [],
    eventSubProcessIds: [],
    eventStartEventIds: [],
  };
  b.elements.set(id, d);
  return d;
}

/** The drafts of some ids (unknown ids are skipped). */
export function draftsOf(b: Build, ids: readonly string[]): Draft[] {
  return ids.map((id) => b.elements.get(id)).filter((d) => d !== undefined);
}

/** The read-only model of a draft; optional fields appear only when set (lists only when not empty). */
export function finish(d: Draft): ElementModel {
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
    ...(d.multiInstance ? { multiInstance: d.multiInstance } : {}),
    ...(d.calledElement ? { calledElement: d.calledElement } : {}),
    ...(d.calledDecision ? { calledDecision: d.calledDecision } : {}),
    ...(d.script ? { script: d.script } : {}),
    ...(d.signal ? { signal: d.signal } : {}),
    ...(d.escalation ? { escalation: d.escalation } : {}),
    ...(d.link ? { link: d.link } : {}),
    ...(d.interrupting !== undefined ? { interrupting: d.interrupting } : {}),
    ...(d.eventSubProcessIds.length > 0 ? { eventSubProcessIds: d.eventSubProcessIds } : {}),
    ...(d.startEventId !== undefined ? { startEventId: d.startEventId } : {}),
    ...(d.eventStartEventIds.length > 0 ? { eventStartEventIds: d.eventStartEventIds } : {}),
    ...(d.timer ? { timer: d.timer } : {}),
    ...(d.message ? { message: d.message } : {}),
    ...(d.error ? { error: d.error } : {}),
  };
}
