// Small builders for BPMN XML in tests: a suite says what its flow is in a few lines instead of
// a page of XML. The output is ordinary BPMN 2.0 with zeebe extensions (no diagram part).
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface Mappings {
  readonly inputs?: Readonly<Record<string, string>>;
  readonly outputs?: Readonly<Record<string, string>>;
}

function ioMapping(m: Mappings): string {
  const inputs = Object.entries(m.inputs ?? {}).map(([target, source]) => `<zeebe:input source="${esc(source)}" target="${esc(target)}"/>`);
  const outputs = Object.entries(m.outputs ?? {}).map(([target, source]) => `<zeebe:output source="${esc(source)}" target="${esc(target)}"/>`);
  return inputs.length + outputs.length > 0 ? `<zeebe:ioMapping>${inputs.join('')}${outputs.join('')}</zeebe:ioMapping>` : '';
}

function ext(...parts: string[]): string {
  const body = parts.join('');
  return body ? `<bpmn:extensionElements>${body}</bpmn:extensionElements>` : '';
}

export type Node = { readonly id: string; readonly xml: (incoming: string[], outgoing: string[]) => string; readonly extra?: string };

const flowRefs = (incoming: string[], outgoing: string[]): string =>
  incoming.map((f) => `<bpmn:incoming>${f}</bpmn:incoming>`).join('') + outgoing.map((f) => `<bpmn:outgoing>${f}</bpmn:outgoing>`).join('');

export const startEvent = (id: string, m: Mappings = {}): Node => ({
  id,
  xml: (i, o) => `<bpmn:startEvent id="${id}">${ext(ioMapping(m))}${flowRefs(i, o)}</bpmn:startEvent>`,
});

export const endEvent = (id: string, opts: { errorCode?: string } = {}): Node => ({
  id,
  xml: (i, o) =>
    `<bpmn:endEvent id="${id}">${flowRefs(i, o)}${opts.errorCode !== undefined ? `<bpmn:errorEventDefinition errorRef="Error_${id}"/>` : ''}</bpmn:endEvent>`,
  ...(opts.errorCode !== undefined ? { extra: `<bpmn:error id="Error_${id}" name="${esc(opts.errorCode)}" errorCode="${esc(opts.errorCode)}"/>` } : {}),
});

export interface TaskOptions extends Mappings {
  readonly retries?: string;
  readonly multiInstance?: MultiInstanceOptions;
  readonly headers?: Readonly<Record<string, string>>;
}

export const serviceTask = (id: string, type: string, opts: TaskOptions = {}): Node => ({
  id,
  xml: (i, o) =>
    `<bpmn:serviceTask id="${id}">${ext(
      `<zeebe:taskDefinition type="${esc(type)}"${opts.retries !== undefined ? ` retries="${esc(opts.retries)}"` : ''}/>`,
      opts.headers ? `<zeebe:taskHeaders>${Object.entries(opts.headers).map(([k, v]) => `<zeebe:header key="${esc(k)}" value="${esc(v)}"/>`).join('')}</zeebe:taskHeaders>` : '',
      ioMapping(opts),
    )}${flowRefs(i, o)}${loopXml(opts.multiInstance)}</bpmn:serviceTask>`,
});

export interface UserTaskOptions extends Mappings {
  readonly assignee?: string;
  readonly candidateGroups?: string;
  readonly candidateUsers?: string;
  readonly dueDate?: string;
  readonly followUpDate?: string;
  readonly formKey?: string;
  readonly multiInstance?: MultiInstanceOptions;
}

export const userTask = (id: string, opts: UserTaskOptions = {}): Node => ({
  id,
  xml: (i, o) => {
    const a = [
      opts.assignee !== undefined ? ` assignee="${esc(opts.assignee)}"` : '',
      opts.candidateGroups !== undefined ? ` candidateGroups="${esc(opts.candidateGroups)}"` : '',
      opts.candidateUsers !== undefined ? ` candidateUsers="${esc(opts.candidateUsers)}"` : '',
    ].join('');
    const s = [
      opts.dueDate !== undefined ? ` dueDate="${esc(opts.dueDate)}"` : '',
      opts.followUpDate !== undefined ? ` followUpDate="${esc(opts.followUpDate)}"` : '',
    ].join('');
    return `<bpmn:userTask id="${id}">${ext(
      a ? `<zeebe:assignmentDefinition${a}/>` : '',
      s ? `<zeebe:taskSchedule${s}/>` : '',
      opts.formKey ? `<zeebe:formDefinition formKey="${esc(opts.formKey)}"/>` : '',
      ioMapping(opts),
    )}${flowRefs(i, o)}${loopXml(opts.multiInstance)}</bpmn:userTask>`;
  },
});

export const exclusiveGateway = (id: string, opts: { default?: string } = {}): Node => ({
  id,
  xml: (i, o) => `<bpmn:exclusiveGateway id="${id}"${opts.default ? ` default="${opts.default}"` : ''}>${flowRefs(i, o)}</bpmn:exclusiveGateway>`,
});

export const parallelGateway = (id: string): Node => ({
  id,
  xml: (i, o) => `<bpmn:parallelGateway id="${id}">${flowRefs(i, o)}</bpmn:parallelGateway>`,
});

export const messageCatch = (id: string, message: string, correlationKey: string, m: Mappings = {}): Node => ({
  id,
  xml: (i, o) =>
    `<bpmn:intermediateCatchEvent id="${id}">${ext(ioMapping(m))}${flowRefs(i, o)}<bpmn:messageEventDefinition messageRef="Message_${id}"/></bpmn:intermediateCatchEvent>`,
  extra: `<bpmn:message id="Message_${id}" name="${esc(message)}">${ext(`<zeebe:subscription correlationKey="${esc(correlationKey)}"/>`)}</bpmn:message>`,
});

export const receiveTask = (id: string, message: string, correlationKey: string, m: Mappings = {}): Node => ({
  id,
  xml: (i, o) => `<bpmn:receiveTask id="${id}" messageRef="Message_${id}">${ext(ioMapping(m))}${flowRefs(i, o)}</bpmn:receiveTask>`,
  extra: `<bpmn:message id="Message_${id}" name="${esc(message)}">${ext(`<zeebe:subscription correlationKey="${esc(correlationKey)}"/>`)}</bpmn:message>`,
});

export type TimerSpec = { duration: string } | { date: string } | { cycle: string };

function timerDefinition(t: TimerSpec): string {
  const [tag, value] = 'duration' in t ? ['timeDuration', t.duration] : 'date' in t ? ['timeDate', t.date] : ['timeCycle', t.cycle];
  return `<bpmn:timerEventDefinition><bpmn:${tag}>${esc(value)}</bpmn:${tag}></bpmn:timerEventDefinition>`;
}

export const timerCatch = (id: string, timer: TimerSpec): Node => ({
  id,
  xml: (i, o) => `<bpmn:intermediateCatchEvent id="${id}">${flowRefs(i, o)}${timerDefinition(timer)}</bpmn:intermediateCatchEvent>`,
});

export interface BoundaryOptions extends Mappings {
  readonly interrupting?: boolean;
}

export const timerBoundary = (id: string, attachedTo: string, timer: TimerSpec, opts: BoundaryOptions = {}): Node => ({
  id,
  xml: (i, o) =>
    `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}" cancelActivity="${opts.interrupting !== false}">${ext(ioMapping(opts))}${flowRefs(i, o)}${timerDefinition(timer)}</bpmn:boundaryEvent>`,
});

export const errorBoundary = (id: string, attachedTo: string, errorCode?: string, opts: Mappings = {}): Node => ({
  id,
  xml: (i, o) =>
    `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}">${ext(ioMapping(opts))}${flowRefs(i, o)}<bpmn:errorEventDefinition${errorCode !== undefined ? ` errorRef="Error_${id}"` : ''}/></bpmn:boundaryEvent>`,
  ...(errorCode !== undefined ? { extra: `<bpmn:error id="Error_${id}" name="${esc(errorCode)}" errorCode="${esc(errorCode)}"/>` } : {}),
});

export const messageBoundary = (id: string, attachedTo: string, message: string, correlationKey: string, opts: BoundaryOptions = {}): Node => ({
  id,
  xml: (i, o) =>
    `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}" cancelActivity="${opts.interrupting !== false}">${ext(ioMapping(opts))}${flowRefs(i, o)}<bpmn:messageEventDefinition messageRef="Message_${id}"/></bpmn:boundaryEvent>`,
  extra: `<bpmn:message id="Message_${id}" name="${esc(message)}">${ext(`<zeebe:subscription correlationKey="${esc(correlationKey)}"/>`)}</bpmn:message>`,
});

export interface Flow {
  readonly from: string;
  readonly to: string;
  readonly id?: string;
  readonly condition?: string;
}

export const flow = (from: string, to: string, opts: { id?: string; condition?: string } = {}): Flow => ({ from, to, ...opts });

export interface Graph {
  readonly nodes: readonly Node[];
  readonly flows: readonly Flow[];
}

function flowId(f: Flow): string {
  return f.id ?? `${f.from}-to-${f.to}`;
}

function graphXml(g: Graph): { body: string; extras: string[] } {
  const extras: string[] = [];
  const parts: string[] = [];
  for (const n of g.nodes) {
    const incoming = g.flows.filter((f) => f.to === n.id).map(flowId);
    const outgoing = g.flows.filter((f) => f.from === n.id).map(flowId);
    parts.push(n.xml(incoming, outgoing));
    if (n.extra) extras.push(n.extra);
    const nested = subprocessExtras.get(n);
    if (nested) extras.push(...nested);
  }
  for (const f of g.flows) {
    const cond = f.condition !== undefined ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(f.condition)}</bpmn:conditionExpression>` : '';
    parts.push(`<bpmn:sequenceFlow id="${flowId(f)}" sourceRef="${f.from}" targetRef="${f.to}">${cond}</bpmn:sequenceFlow>`);
  }
  return { body: parts.join('\n'), extras };
}

const subprocessExtras = new WeakMap<Node, string[]>();

export const subProcess = (id: string, inner: Graph, m: Mappings & { readonly multiInstance?: MultiInstanceOptions } = {}): Node => {
  const { body, extras } = graphXml(inner);
  const node: Node = { id, xml: (i, o) => `<bpmn:subProcess id="${id}">${ext(ioMapping(m))}${flowRefs(i, o)}${loopXml(m.multiInstance)}${body}</bpmn:subProcess>` };
  subprocessExtras.set(node, extras);
  return node;
};

/** A whole definitions document with one executable process. */
export function bpmnXml(processId: string, graph: Graph): string {
  const { body, extras } = graphXml(graph);
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_${processId}" targetNamespace="http://bpmn.io/schema/bpmn">
<bpmn:process id="${processId}" isExecutable="true">
${body}
</bpmn:process>
${extras.join('\n')}
</bpmn:definitions>`;
}

/** A straight line: start → nodes… → end, flows made for you. */
export function line(processId: string, ...nodes: Node[]): string {
  const all = [startEvent('start'), ...nodes, endEvent('end')];
  const flows = all.slice(1).map((n, i) => flow((all[i] as Node).id, n.id));
  return bpmnXml(processId, { nodes: all, flows });
}

// ---------------------------------------------------------------- multi-instance and call activities

/** `bpmn:multiInstanceLoopCharacteristics` with its `zeebe:loopCharacteristics` (docs.camunda.io … bpmn/multi-instance). */
export interface MultiInstanceOptions {
  /** isSequential; parallel when absent. */
  readonly sequential?: boolean;
  /** An expression, e.g. `=approvers`. */
  readonly inputCollection: string;
  /** A variable name, e.g. `approver`. */
  readonly inputElement?: string;
  /** A variable name, e.g. `results`. */
  readonly outputCollection?: string;
  /** An expression, e.g. `=decision`. */
  readonly outputElement?: string;
  /** An expression, e.g. `=decision = "approve"`. */
  readonly completionCondition?: string;
}

function loopXml(mi: MultiInstanceOptions | undefined): string {
  if (!mi) return '';
  const attrs = [
    ` inputCollection="${esc(mi.inputCollection)}"`,
    mi.inputElement !== undefined ? ` inputElement="${esc(mi.inputElement)}"` : '',
    mi.outputCollection !== undefined ? ` outputCollection="${esc(mi.outputCollection)}"` : '',
    mi.outputElement !== undefined ? ` outputElement="${esc(mi.outputElement)}"` : '',
  ].join('');
  const condition =
    mi.completionCondition !== undefined
      ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${esc(mi.completionCondition)}</bpmn:completionCondition>`
      : '';
  return `<bpmn:multiInstanceLoopCharacteristics${mi.sequential ? ' isSequential="true"' : ''}>${ext(`<zeebe:loopCharacteristics${attrs}/>`)}${condition}</bpmn:multiInstanceLoopCharacteristics>`;
}

export interface CallActivityOptions extends Mappings {
  readonly propagateAllChildVariables?: boolean;
  readonly propagateAllParentVariables?: boolean;
  readonly multiInstance?: MultiInstanceOptions;
}

/** A call activity starting `processId` (a static id, or an expression such as `=subFlow`). */
export const callActivity = (id: string, processId: string, opts: CallActivityOptions = {}): Node => ({
  id,
  xml: (i, o) => {
    const a = [
      opts.propagateAllChildVariables !== undefined ? ` propagateAllChildVariables="${opts.propagateAllChildVariables}"` : '',
      opts.propagateAllParentVariables !== undefined ? ` propagateAllParentVariables="${opts.propagateAllParentVariables}"` : '',
    ].join('');
    return `<bpmn:callActivity id="${id}">${ext(`<zeebe:calledElement processId="${esc(processId)}"${a}/>`, ioMapping(opts))}${flowRefs(i, o)}${loopXml(opts.multiInstance)}</bpmn:callActivity>`;
  },
});

// ---------------------------------------------------------------- events, event subprocesses, more gateways and tasks
// Each event makes its own root element (Message_<id>, Signal_<id>, Escalation_<id>); several of
// them may carry the same name or code, which is how a model refers to one signal from many places.

const signalRoot = (id: string, name: string): string => `<bpmn:signal id="Signal_${id}" name="${esc(name)}"/>`;
const escalationRoot = (id: string, code: string): string => `<bpmn:escalation id="Escalation_${id}" name="${esc(code)}" escalationCode="${esc(code)}"/>`;
const messageRoot = (id: string, name: string, correlationKey?: string): string =>
  `<bpmn:message id="Message_${id}" name="${esc(name)}">${correlationKey !== undefined ? ext(`<zeebe:subscription correlationKey="${esc(correlationKey)}"/>`) : ''}</bpmn:message>`;

export interface StartOptions {
  /** Only for the start event of an event subprocess: isInterrupting (BPMN default true). */
  readonly interrupting?: boolean;
  readonly outputs?: Readonly<Record<string, string>>;
}

const interruptingAttr = (opts: StartOptions): string => (opts.interrupting !== undefined ? ` isInterrupting="${opts.interrupting}"` : '');

/** A message start event: of a process (no correlation key), or of an event subprocess (with one). */
export const messageStart = (id: string, message: string, opts: StartOptions & { readonly correlationKey?: string } = {}): Node => ({
  id,
  xml: (i, o) =>
    `<bpmn:startEvent id="${id}"${interruptingAttr(opts)}>${ext(ioMapping({ outputs: opts.outputs ?? {} }))}${flowRefs(i, o)}<bpmn:messageEventDefinition messageRef="Message_${id}"/></bpmn:startEvent>`,
  extra: messageRoot(id, message, opts.correlationKey),
});

/** A timer start event (process: date or cycle; event subprocess: also duration). */
export const timerStart = (id: string, timer: TimerSpec, opts: StartOptions = {}): Node => ({
  id,
  xml: (i, o) => `<bpmn:startEvent id="${id}"${interruptingAttr(opts)}>${ext(ioMapping({ outputs: opts.outputs ?? {} }))}${flowRefs(i, o)}${timerDefinition(timer)}</bpmn:startEvent>`,
});

/** A signal start event (of a process, or of an event subprocess). */
export const signalStart = (id: string, signal: string, opts: StartOptions = {}): Node => ({
  id,
  xml: (i, o) =>
    `<bpmn:startEvent id="${id}"${interruptingAttr(opts)}>${ext(ioMapping({ outputs: opts.outputs ?? {} }))}${flowRefs(i, o)}<bpmn:signalEventDefinition signalRef="Signal_${id}"/></bpmn:startEvent>`,
  extra: signalRoot(id, signal),
});

/** The error start event of an event subprocess; no code catches every error. Always interrupting. */
export const errorStart = (id: string, errorCode?: string): Node => ({
  id,
  xml: (i, o) =>
    `<bpmn:startEvent id="${id}">${flowRefs(i, o)}<bpmn:errorEventDefinition${errorCode !== undefined ? ` errorRef="Error_${id}"` : ''}/></bpmn:startEvent>`,
  ...(errorCode !== undefined ? { extra: `<bpmn:error id="Error_${id}" name="${esc(errorCode)}" errorCode="${esc(errorCode)}"/>` } : {}),
});

/** The escalation start event of an event subprocess; no code catches every escalation. */
export const escalationStart = (id: string, escalationCode?: string, opts: StartOptions = {}): Node => ({
  id,
  xml: (i, o) =>
    `<bpmn:startEvent id="${id}"${interruptingAttr(opts)}>${flowRefs(i, o)}<bpmn:escalationEventDefinition${escalationCode !== undefined ? ` escalationRef="Escalation_${id}"` : ''}/></bpmn:startEvent>`,
  ...(escalationCode !== undefined ? { extra: escalationRoot(id, escalationCode) } : {}),
});

/** An event subprocess (`triggeredByEvent`): `inner` holds its one start event (messageStart, timerStart…). */
export const eventSubProcess = (id: string, inner: Graph, m: Mappings = {}): Node => {
  const { body, extras } = graphXml(inner);
  const node: Node = { id, xml: () => `<bpmn:subProcess id="${id}" triggeredByEvent="true">${ext(ioMapping(m))}${body}</bpmn:subProcess>` };
  subprocessExtras.set(node, extras);
  return node;
};

/** Intermediate signal catch event. */
export const signalCatch = (id: string, signal: string, m: Mappings = {}): Node => ({
  id,
  xml: (i, o) => `<bpmn:intermediateCatchEvent id="${id}">${ext(ioMapping(m))}${flowRefs(i, o)}<bpmn:signalEventDefinition signalRef="Signal_${id}"/></bpmn:intermediateCatchEvent>`,
  extra: signalRoot(id, signal),
});

/** Intermediate signal throw event; its input mappings are the variables broadcast with the signal. */
export const signalThrow = (id: string, signal: string, m: Mappings = {}): Node => ({
  id,
  xml: (i, o) => `<bpmn:intermediateThrowEvent id="${id}">${ext(ioMapping(m))}${flowRefs(i, o)}<bpmn:signalEventDefinition signalRef="Signal_${id}"/></bpmn:intermediateThrowEvent>`,
  extra: signalRoot(id, signal),
});

/** Signal end event; its input mappings are the variables broadcast with the signal. */
export const signalEnd = (id: string, signal: string, m: Mappings = {}): Node => ({
  id,
  xml: (i, o) => `<bpmn:endEvent id="${id}">${ext(ioMapping(m))}${flowRefs(i, o)}<bpmn:signalEventDefinition signalRef="Signal_${id}"/></bpmn:endEvent>`,
  extra: signalRoot(id, signal),
});

export const signalBoundary = (id: string, attachedTo: string, signal: string, opts: BoundaryOptions = {}): Node => ({
  id,
  xml: (i, o) =>
    `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}" cancelActivity="${opts.interrupting !== false}">${ext(ioMapping(opts))}${flowRefs(i, o)}<bpmn:signalEventDefinition signalRef="Signal_${id}"/></bpmn:boundaryEvent>`,
  extra: signalRoot(id, signal),
});

/** Intermediate escalation throw event; the code may be an expression (`=code`). */
export const escalationThrow = (id: string, escalationCode: string): Node => ({
  id,
  xml: (i, o) => `<bpmn:intermediateThrowEvent id="${id}">${flowRefs(i, o)}<bpmn:escalationEventDefinition escalationRef="Escalation_${id}"/></bpmn:intermediateThrowEvent>`,
  extra: escalationRoot(id, escalationCode),
});

export const escalationEnd = (id: string, escalationCode: string): Node => ({
  id,
  xml: (i, o) => `<bpmn:endEvent id="${id}">${flowRefs(i, o)}<bpmn:escalationEventDefinition escalationRef="Escalation_${id}"/></bpmn:endEvent>`,
  extra: escalationRoot(id, escalationCode),
});

/** Escalation boundary event; no code catches every escalation. */
export const escalationBoundary = (id: string, attachedTo: string, escalationCode?: string, opts: BoundaryOptions = {}): Node => ({
  id,
  xml: (i, o) =>
    `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}" cancelActivity="${opts.interrupting !== false}">${ext(ioMapping(opts))}${flowRefs(i, o)}<bpmn:escalationEventDefinition${escalationCode !== undefined ? ` escalationRef="Escalation_${id}"` : ''}/></bpmn:boundaryEvent>`,
  ...(escalationCode !== undefined ? { extra: escalationRoot(id, escalationCode) } : {}),
});

export const linkThrow = (id: string, name: string): Node => ({
  id,
  xml: (i, o) => `<bpmn:intermediateThrowEvent id="${id}">${flowRefs(i, o)}<bpmn:linkEventDefinition name="${esc(name)}"/></bpmn:intermediateThrowEvent>`,
});

export const linkCatch = (id: string, name: string): Node => ({
  id,
  xml: (i, o) => `<bpmn:intermediateCatchEvent id="${id}">${flowRefs(i, o)}<bpmn:linkEventDefinition name="${esc(name)}"/></bpmn:intermediateCatchEvent>`,
});

export const terminateEnd = (id: string): Node => ({
  id,
  xml: (i, o) => `<bpmn:endEvent id="${id}">${flowRefs(i, o)}<bpmn:terminateEventDefinition/></bpmn:endEvent>`,
});

/** Inclusive gateway (diverging); `default` is a flow id. */
export const inclusiveGateway = (id: string, opts: { default?: string } = {}): Node => ({
  id,
  xml: (i, o) => `<bpmn:inclusiveGateway id="${id}"${opts.default ? ` default="${opts.default}"` : ''}>${flowRefs(i, o)}</bpmn:inclusiveGateway>`,
});

export const eventBasedGateway = (id: string): Node => ({
  id,
  xml: (i, o) => `<bpmn:eventBasedGateway id="${id}">${flowRefs(i, o)}</bpmn:eventBasedGateway>`,
});

/** A script task evaluated by the engine (`zeebe:script`), e.g. scriptTask('sum', '= a + b', 'total'). */
export const scriptTask = (id: string, expression: string, resultVariable: string, m: Mappings = {}): Node => ({
  id,
  xml: (i, o) =>
    `<bpmn:scriptTask id="${id}">${ext(`<zeebe:script expression="${esc(expression)}" resultVariable="${esc(resultVariable)}"/>`, ioMapping(m))}${flowRefs(i, o)}</bpmn:scriptTask>`,
});

function jobExtensions(type: string, opts: TaskOptions): string {
  return ext(
    `<zeebe:taskDefinition type="${esc(type)}"${opts.retries !== undefined ? ` retries="${esc(opts.retries)}"` : ''}/>`,
    opts.headers ? `<zeebe:taskHeaders>${Object.entries(opts.headers).map(([k, v]) => `<zeebe:header key="${esc(k)}" value="${esc(v)}"/>`).join('')}</zeebe:taskHeaders>` : '',
    ioMapping(opts),
  );
}

/** A send task: a job of `type`, like a service task. */
export const sendTask = (id: string, type: string, opts: TaskOptions = {}): Node => ({
  id,
  xml: (i, o) => `<bpmn:sendTask id="${id}">${jobExtensions(type, opts)}${flowRefs(i, o)}</bpmn:sendTask>`,
});

/** Intermediate message throw event: a job of `type`. */
export const messageThrow = (id: string, type: string, opts: TaskOptions = {}): Node => ({
  id,
  xml: (i, o) => `<bpmn:intermediateThrowEvent id="${id}">${jobExtensions(type, opts)}${flowRefs(i, o)}<bpmn:messageEventDefinition/></bpmn:intermediateThrowEvent>`,
});

/** Message end event: a job of `type`. */
export const messageEnd = (id: string, type: string, opts: TaskOptions = {}): Node => ({
  id,
  xml: (i, o) => `<bpmn:endEvent id="${id}">${jobExtensions(type, opts)}${flowRefs(i, o)}<bpmn:messageEventDefinition/></bpmn:endEvent>`,
});
