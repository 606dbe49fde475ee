// What an event definition refers to: the message, signal, error or escalation (root elements of
// the document) and the link name, read and checked as Zeebe's validators do. Problems with a
// referenced root element are reported on that element, as Zeebe reports them.
import type { Build } from './draft.js';
import { checkConstantName, expression } from './expressions.js';
import type { Expression, MessageDefinition } from './types.js';
import { child, extensions, idOf, str, type ModdleElement } from './xml.js';

/** A referenced root element, or a problem on `ownerId` naming what is missing. */
function reference(
  b: Build,
  holder: ModdleElement,
  ownerId: string,
  property: string,
  what: string,
  required: boolean,
): ModdleElement | undefined {
  const ref = child(holder, property);
  if (ref) return ref;
  const raw = b.unresolved.get(holder)?.get(`bpmn:${property}`);
  if (raw) b.problems.add(ownerId, `Must reference ${what}, but the ${what.replace(/^an? /, '')} '${raw}' does not exist`);
  else if (required) b.problems.add(ownerId, `Must reference ${what}`);
  return undefined;
}

/**
 * Where a message is used decides what it needs:
 * - `subscription`: catch events, boundary events, receive tasks and event-subprocess start events
 *   wait for one instance's message: a name and a `zeebe:subscription` correlation key (FEEL);
 * - `process-start`: a message start event of the process needs a constant name and no key.
 */
export type MessageUse = 'subscription' | 'process-start';

/** The message of a message event definition or receive task. */
export function messageOf(b: Build, holder: ModdleElement, ownerId: string, use: MessageUse): MessageDefinition | undefined {
  const message = reference(b, holder, ownerId, 'messageRef', 'a message', true);
  if (!message) return undefined;
  const messageId = idOf(message) || ownerId;
  const name = str(message, 'name');
  if (name === undefined || name === '') b.problems.add(messageId, 'Name must be present and not empty');
  const nameExpression: Expression = name ? expression(b.problems, messageId, name) : { kind: 'static', value: '' };
  if (use === 'process-start') {
    checkConstantName(b.problems, ownerId, nameExpression, 'message');
    return { name: nameExpression };
  }
  const subscriptions = extensions(message, 'zeebe:Subscription');
  if (subscriptions.length !== 1) {
    b.problems.add(messageId, 'Must have exactly one zeebe:subscription extension element');
  }
  const subscription = subscriptions[0];
  const correlationKey = subscription ? str(subscription, 'correlationKey') : undefined;
  if (subscription && (correlationKey === undefined || correlationKey === '')) {
    b.problems.add(messageId, "Attribute 'correlationKey' must be present and not empty");
  }
  return {
    name: nameExpression,
    ...(correlationKey ? { correlationKey: expression(b.problems, messageId, correlationKey, true) } : {}),
  };
}

/** A message throw event or message end event may name a message; if it does, the name must be there. */
export function checkThrownMessage(b: Build, def: ModdleElement, ownerId: string): void {
  const message = reference(b, def, ownerId, 'messageRef', 'a message', false);
  if (!message) return;
  const name = str(message, 'name');
  if (name === undefined || name === '') b.problems.add(idOf(message) || ownerId, 'Name must be present and not empty');
}

/** The signal of a signal event definition; `processStart` names must be constants. */
export function signalOf(b: Build, def: ModdleElement, ownerId: string, processStart: boolean): { name: Expression } | undefined {
  const signal = reference(b, def, ownerId, 'signalRef', 'a signal', true);
  if (!signal) return undefined;
  const signalId = idOf(signal) || ownerId;
  const name = str(signal, 'name');
  if (name === undefined || name === '') {
    b.problems.add(signalId, 'Name must be present and not empty');
    return { name: { kind: 'static', value: '' } };
  }
  const nameExpression = expression(b.problems, signalId, name);
  if (processStart) checkConstantName(b.problems, ownerId, nameExpression, 'signal');
  return { name: nameExpression };
}

/** An error end event: the error and its (static) code are required. */
export function thrownError(b: Build, def: ModdleElement, ownerId: string): { errorCode?: string } {
  const error = reference(b, def, ownerId, 'errorRef', 'an error', true);
  if (!error) return {};
  const errorCode = str(error, 'errorCode');
  if (errorCode === undefined || errorCode === '') {
    b.problems.add(ownerId, 'ErrorCode must be present and not empty');
    return {};
  }
  if (errorCode.startsWith('=')) {
    b.problems.add(ownerId, 'An errorCode expression on an error end event is not supported yet by this engine');
  }
  return { errorCode };
}

/** An error boundary or event-subprocess start event: no error catches every error. */
export function caughtError(b: Build, def: ModdleElement, ownerId: string): { errorCode?: string } {
  const error = child(def, 'errorRef');
  if (!error) {
    const raw = b.unresolved.get(def)?.get('bpmn:errorRef');
    if (raw) b.problems.add(ownerId, `Must reference an existing error, but the error '${raw}' does not exist`);
    return {};
  }
  const errorCode = str(error, 'errorCode');
  if (errorCode === undefined || errorCode === '') {
    b.problems.add(ownerId, 'ErrorCode must be present and not empty');
    return {};
  }
  if (errorCode.startsWith('=')) {
    b.problems.add(ownerId, 'The errorCode of the error catch event is not allowed to be an expression');
  }
  return { errorCode };
}

/** An escalation throw or end event: the escalation and its code (static or FEEL) are required. */
export function thrownEscalation(b: Build, def: ModdleElement, ownerId: string): { escalationCode?: Expression } {
  const escalation = reference(b, def, ownerId, 'escalationRef', 'an escalation', true);
  if (!escalation) return {};
  const code = str(escalation, 'escalationCode');
  if (code === undefined || code === '') {
    b.problems.add(idOf(escalation) || ownerId, 'EscalationCode must be present and not empty');
    return {};
  }
  return { escalationCode: expression(b.problems, ownerId, code) };
}

/** An escalation boundary or event-subprocess start event: no escalation (or no code) catches every escalation. */
export function caughtEscalation(b: Build, def: ModdleElement, ownerId: string): { escalationCode?: Expression } {
  const escalation = reference(b, def, ownerId, 'escalationRef', 'an escalation', false);
  if (!escalation) return {};
  const code = str(escalation, 'escalationCode');
  if (code === undefined || code === '') return {};
  if (code.startsWith('=')) {
    b.problems.add(ownerId, 'The escalationCode of the escalation catch event is not allowed to be an expression');
    return {};
  }
  return { escalationCode: { kind: 'static', value: code } };
}

/** A link throw or catch event: the link name. */
export function linkOf(b: Build, def: ModdleElement, ownerId: string): { name: string } | undefined {
  const name = str(def, 'name');
  if (name === undefined || name === '') {
    b.problems.add(ownerId, 'Link name must be present and not empty.');
    return undefined;
  }
  return { name };
}
