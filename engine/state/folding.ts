// Waiting process instances in a compact form. Most live instances of a service hall wait —
// for a clerk, an applicant, a timer — for hours or days, and in full form each costs ~1.7 KB of
// heap (objects, boxed int64 keys, a Map of variables and a Set of children per scope). An
// instance nobody has touched for a few seconds is folded into ONE string (a JSON array, keys
// as offsets from the instance key), plus an index entry per element and job key so a lookup
// by any of its keys finds it. The first lookup of any of its keys (state/live-state.ts,
// UnfoldingMap) unfolds it back into live objects, so the runtime never sees the compact form.
//
// Only quiet instances fold: every element ACTIVATED (waiting), no incident; their state is the
// same in both forms, so folding changes nothing durable and writes nothing.
import type { BpmnElementType } from '../model/types.js';
import type { DeployedProcess, ElementInstance, Job, JobState, Key, ProcessInstance } from './entities.js';

export const FIRST_KEY = 2251799813685249; // partition 1, as Zeebe encodes it: (1 << 51) + 1

/**
 * A key as a small integer (its distance from the first key), so that index maps hold Smis
 * instead of a boxed double per entry. Any key works; only the memory saving needs it small.
 */
export const slot = (key: Key): number => key - FIRST_KEY;

/** What an instance unfolds into. */
export interface Unfolded {
  readonly instance: ProcessInstance;
  /** Its element instances, root first; `container` says whether it holds a children Set. */
  readonly elements: { readonly ei: ElementInstance; readonly container: boolean }[];
  readonly jobs: Job[];
  readonly variables: [Key, Map<string, unknown>][];
}

/** The optional fields of an element instance that travel in its `data` part. */
const DATA_FIELDS = [
  'joins',
  'jobKey',
  'timerKeys',
  'subscriptionKeys',
  'signalKeys',
  'eventVariables',
  'interruptedBy',
  'mi',
  'loopCounter',
  'calledInstanceKey',
] as const satisfies readonly (keyof ElementInstance)[];

/** `elementId` / `type` 0: the root's (the process id, PROCESS), or the model element's type. */
type ElementEntry = [keyOffset: number, scopeOffset: number | null, elementId: string | 0, type: string | 0, startOffset: number, container: 0 | 1, data: Record<string, unknown> | 0];
type JobEntry = [
  keyOffset: number,
  type: string,
  state: string,
  retries: number,
  deadline: number | null,
  recurAt: number | null,
  worker: string,
  errorMessage: string,
  errorCode: string,
  customHeaders: Record<string, string>,
  elementOffset: number,
  elementId: string,
  createdOffset: number,
];
type Folded = [
  processDefinitionKey: number,
  startTime: number,
  parentProcessInstanceKey: number,
  parentElementInstanceKey: number,
  startCorrelationKey: string | null,
  elements: ElementEntry[],
  jobs: JobEntry[],
  variables: [scopeOffset: number, document: Record<string, unknown>][],
];

/** The instance in its compact form. Entities are read, never changed. */
export function fold(u: Unfolded): string {
  const pi = u.instance;
  const base = pi.key;
  const jobKeys = new Set(u.jobs.map((j) => j.key));
  const model = pi.process.model.elements;
  const elements: ElementEntry[] = u.elements.map(({ ei, container }) => {
    let data: Record<string, unknown> | 0 = 0;
    for (const field of DATA_FIELDS) {
      const v = ei[field];
      // A job key is the key of the job entry that names this element: unfold puts it back.
      if (v === undefined || (field === 'jobKey' && jobKeys.has(v as Key))) continue;
      if (data === 0) data = {};
      data[field] = v;
    }
    // The root's id and type, and an element's type when it is its model element's, are left out.
    const root = ei.key === base;
    const elementId = root ? 0 : ei.elementId;
    const type = root || model.get(ei.elementId)?.type === ei.type ? 0 : ei.type;
    return [ei.key - base, ei.flowScopeKey === -1 ? null : ei.flowScopeKey - base, elementId, type, ei.startTime - pi.startTime, container ? 1 : 0, data];
  });
  const jobs: JobEntry[] = u.jobs.map((j) => [
    j.key - base,
    j.type,
    j.state,
    j.retries,
    j.deadline ?? null,
    j.recurAt ?? null,
    j.worker,
    j.errorMessage,
    j.errorCode,
    j.customHeaders,
    j.elementInstanceKey - base,
    j.elementId,
    j.createdAt - pi.startTime,
  ]);
  const variables = u.variables.map(([scope, vars]): [number, Record<string, unknown>] => [scope - base, Object.fromEntries(vars)]);
  const folded: Folded = [
    pi.process.key,
    pi.startTime,
    pi.parentProcessInstanceKey,
    pi.parentElementInstanceKey,
    pi.startCorrelationKey ?? null,
    elements,
    jobs,
    variables,
  ];
  return pack(JSON.stringify(folded));
}

/**
 * The JSON as its UTF-8 bytes in a one-byte string: V8 stores a string with any character above
 * U+00FF (any Chinese name) at two bytes per character, so this halves a case's footprint; it
 * also leaves a flat string, where JSON.stringify returns a tree of pieces (~60 B more each).
 */
const pack = (json: string): string => Buffer.from(json, 'utf8').toString('latin1');
const unpack = (packed: string): string => Buffer.from(packed, 'latin1').toString('utf8');

/** Rebuilds the live objects of instance `key` from its compact form. */
export function unfold(key: Key, text: string, process: (definitionKey: Key) => DeployedProcess): Unfolded {
  const [definitionKey, startTime, parentProcessInstanceKey, parentElementInstanceKey, startCorrelationKey, elementEntries, jobEntries, variableEntries] =
    JSON.parse(unpack(text)) as Folded;
  const p = process(definitionKey);
  const instance: ProcessInstance = {
    key,
    process: p,
    state: 'ACTIVE',
    startTime,
    parentProcessInstanceKey,
    parentElementInstanceKey,
    ...(startCorrelationKey !== null ? { startCorrelationKey } : {}),
  };
  // Element ids as the model's own strings: one copy per process, not one per instance.
  const id = (elementId: string): string => p.model.elements.get(elementId)?.id ?? elementId;
  const elements = elementEntries.map(([offset, scope, elementId, type, start, container, data]) => {
    const modelId = elementId === 0 ? p.bpmnProcessId : id(elementId);
    let elementType = type as BpmnElementType;
    if (type === 0) {
      const modelType = elementId === 0 ? 'PROCESS' : p.model.elements.get(modelId)?.type;
      // fold() only leaves the type out when the model has the element.
      if (modelType === undefined) throw new Error(`A folded instance of '${p.bpmnProcessId}' names element '${modelId}', which its process does not have`);
      elementType = modelType;
    }
    const ei: ElementInstance = {
      key: key + offset,
      processInstanceKey: key,
      flowScopeKey: scope === null ? -1 : key + scope,
      elementId: modelId,
      type: elementType,
      process: p,
      state: 'ACTIVATED',
      startTime: startTime + start,
    };
    if (data !== 0) Object.assign(ei, data);
    return { ei, container: container === 1 };
  });
  const jobs = jobEntries.map(
    ([offset, type, state, retries, deadline, recurAt, worker, errorMessage, errorCode, customHeaders, elementOffset, elementId, created]): Job => ({
      key: key + offset,
      type,
      state: state as JobState,
      retries,
      ...(deadline !== null ? { deadline } : {}),
      ...(recurAt !== null ? { recurAt } : {}),
      worker,
      errorMessage,
      errorCode,
      customHeaders,
      elementInstanceKey: key + elementOffset,
      elementId: id(elementId),
      processInstanceKey: key,
      process: p,
      createdAt: startTime + created,
    }),
  );
  const byKey = new Map(elements.map(({ ei }) => [ei.key, ei]));
  for (const job of jobs) {
    const owner = byKey.get(job.elementInstanceKey);
    if (owner && owner.jobKey === undefined) owner.jobKey = job.key;
  }
  const variables = variableEntries.map(([offset, doc]): [Key, Map<string, unknown>] => [key + offset, new Map(Object.entries(doc))]);
  return { instance, elements, jobs, variables };
}
