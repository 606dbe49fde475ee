// The engine's live state, as plain objects the single writer mutates in memory. Each has a row
// in engine.* (state/tables.ts says how); nothing here knows about gRPC.
import type { BpmnElementType, ProcessModel } from '../model/types.js';

/** Zeebe keys: int64 on the wire, exact as JS numbers below 2^53 (partition 1 stays far below). */
export type Key = number;

export interface DeployedProcess {
  readonly key: Key;
  readonly bpmnProcessId: string;
  readonly version: number;
  readonly resourceName: string;
  readonly checksum: string;
  readonly resource: string;
  readonly deploymentKey: Key;
  readonly deployedAt: number;
  readonly model: ProcessModel;
}

export type ElementState = 'ACTIVATING' | 'ACTIVATED' | 'COMPLETING' | 'COMPLETED' | 'TERMINATING' | 'TERMINATED';

export interface ElementInstance {
  readonly key: Key;
  readonly processInstanceKey: Key;
  /** -1 for the process instance itself (an element instance of type PROCESS, as in Zeebe). */
  readonly flowScopeKey: Key;
  readonly elementId: string;
  readonly type: BpmnElementType;
  readonly process: DeployedProcess;
  state: ElementState;
  /** When it was activated (epoch ms). */
  readonly startTime: number;
  /** Parallel-gateway tokens waiting in this scope: gateway id → incoming flow id → count. */
  joins?: Record<string, Record<string, number>>;
  jobKey?: Key;
  /** Timers and message/signal subscriptions owned by this element (its own, its boundary events', its event subprocesses'). */
  timerKeys?: Key[];
  subscriptionKeys?: Key[];
  signalKeys?: Key[];
  /** Set while an incident holds this element. */
  incidentKey?: Key;
  /** Variables an event brought (message, ThrowError); applied when the element completes. */
  eventVariables?: Record<string, unknown>;
  /**
   * After this element is terminated, activate this boundary event (interrupting catch); or,
   * for a scope whose children are being terminated, this event subprocess inside it.
   */
  interruptedBy?: { readonly elementId: string; readonly variables?: Record<string, unknown> };
  /** Multi-instance bodies: the input collection and how far the body got. */
  mi?: MultiInstanceProgress;
  /** Multi-instance inner instances: their loopCounter (1-based). */
  loopCounter?: number;
  /** Call activities: the child process instance. */
  calledInstanceKey?: Key;
}

export interface MultiInstanceProgress {
  readonly items: unknown[];
  /** Sequential: index of the next item to start. Parallel: all are started at once. */
  next: number;
  completed: number;
  terminated: number;
  /** The completion condition was met: no further inner instances start. */
  done: boolean;
}

/** The process instance's own bookkeeping beside its PROCESS element instance. */
export interface ProcessInstance {
  readonly key: Key;
  readonly process: DeployedProcess;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  readonly startTime: number;
  endTime?: number;
  /** Set when a call activity started this instance; -1 otherwise. */
  readonly parentProcessInstanceKey: Key;
  readonly parentElementInstanceKey: Key;
  /** Started by a message start event with this correlation key (one active instance per key). */
  readonly startCorrelationKey?: string;
}

export type JobState = 'ACTIVATABLE' | 'ACTIVATED' | 'FAILED' | 'ERROR_THROWN';

export interface Job {
  readonly key: Key;
  readonly type: string;
  state: JobState;
  retries: number;
  deadline?: number;
  recurAt?: number;
  worker: string;
  errorMessage: string;
  errorCode: string;
  readonly customHeaders: Readonly<Record<string, string>>;
  readonly elementInstanceKey: Key;
  readonly elementId: string;
  readonly processInstanceKey: Key;
  readonly process: DeployedProcess;
  readonly createdAt: number;
}

export interface Timer {
  readonly key: Key;
  readonly elementInstanceKey: Key;
  /** The timer event: an intermediate catch event or a boundary event. */
  readonly elementId: string;
  readonly processInstanceKey: Key;
  readonly process: DeployedProcess;
  dueDate: number;
  /** How many more times it fires: 1 for durations and dates, -1 for an unbounded cycle. */
  repetitions: number;
  readonly interval?: string;
}

export interface SignalSubscription {
  readonly key: Key;
  readonly elementInstanceKey: Key;
  readonly elementId: string;
  readonly processInstanceKey: Key;
  readonly process: DeployedProcess;
  readonly signalName: string;
  readonly interrupting: boolean;
}

export interface MessageSubscription {
  readonly key: Key;
  readonly elementInstanceKey: Key;
  readonly elementId: string;
  readonly processInstanceKey: Key;
  readonly process: DeployedProcess;
  readonly messageName: string;
  readonly correlationKey: string;
  readonly interrupting: boolean;
}

export interface BufferedMessage {
  readonly key: Key;
  readonly name: string;
  readonly correlationKey: string;
  readonly messageId: string;
  readonly variables: Record<string, unknown>;
  readonly deadline: number;
  /** Zeebe correlates a message at most once per bpmnProcessId. */
  readonly correlatedProcessIds: string[];
}

export type IncidentErrorType =
  | 'JOB_NO_RETRIES'
  | 'CONDITION_ERROR'
  | 'IO_MAPPING_ERROR'
  | 'EXTRACT_VALUE_ERROR'
  | 'UNHANDLED_ERROR_EVENT'
  | 'CALLED_ELEMENT_ERROR'
  | 'CALLED_DECISION_ERROR'
  | 'DECISION_EVALUATION_ERROR'
  | 'UNKNOWN';

/** What resolving an incident retries: the element's activation, its completion, or the job. */
export type FailedStep = 'activate' | 'complete' | 'job';

export interface Incident {
  readonly key: Key;
  readonly errorType: IncidentErrorType;
  readonly errorMessage: string;
  state: 'ACTIVE' | 'RESOLVED';
  readonly processInstanceKey: Key;
  readonly process: DeployedProcess;
  readonly elementInstanceKey: Key;
  readonly elementId: string;
  readonly jobKey: Key;
  readonly variableScopeKey: Key;
  readonly failedStep: FailedStep;
  readonly createdAt: number;
  resolvedAt?: number;
}
