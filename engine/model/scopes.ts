// Rules on a scope as a whole (the process, a subprocess, an event subprocess): its start events,
// its event subprocesses, and its link events (ProcessValidator, SubProcessValidator).
import { checkCatchHandlers } from './catch-handlers.js';
import { draftsOf, type Build, type Draft } from './draft.js';
import { writtenText } from './expressions.js';
import { duplicates } from './problems.js';
import { child, children, idOf, type ModdleElement } from './xml.js';

const SCOPE_TYPES = new Set(['PROCESS', 'SUB_PROCESS', 'EVENT_SUB_PROCESS']);

export function checkScope(b: Build, d: Draft): void {
  if (!SCOPE_TYPES.has(d.type)) return;
  startEvents(b, d);
  eventSubProcesses(b, d);
  links(b, d);
}

function startEvents(b: Build, d: Draft): void {
  const starts = draftsOf(b, d.childIds).filter((e) => e.type === 'START_EVENT');
  const none = starts.filter((e) => e.eventType === 'NONE');
  if (d.type === 'PROCESS') {
    if (starts.length === 0) b.problems.add(d.id, 'Must have at least one start event');
    else if (none.length > 1) b.problems.add(d.id, 'Multiple none start events are not allowed');
    d.eventStartEventIds.push(...starts.filter((e) => e.eventType !== 'NONE').map((e) => e.id));
    // Two message start events for the same name, or two signal start events for the same name.
    const messageNames = distinctMessages(starts).map((e) => writtenText(e.message?.name)).filter((n) => n !== undefined);
    for (const name of duplicates(messageNames)) {
      b.problems.add(d.id, `Multiple message event definitions with the same name '${name}' are not allowed.`);
    }
    const signalNames = starts.map((e) => writtenText(e.signal?.name)).filter((n) => n !== undefined);
    for (const name of duplicates(signalNames)) {
      b.problems.add(d.id, `Multiple signal event definitions with the same name '${name}' are not allowed.`);
    }
    for (const message of sharedMessages(starts)) {
      b.problems.add(message, 'A message cannot be referred by more than one start event');
    }
  } else {
    if (starts.length !== 1) b.problems.add(d.id, 'Must have exactly one start event');
    if (d.type === 'SUB_PROCESS' && starts.length > none.length) {
      b.problems.add(d.id, 'Start events in subprocesses must be of type none');
    }
  }
  const onlyNone = none[0];
  if (d.type !== 'EVENT_SUB_PROCESS' && none.length === 1 && onlyNone) d.noneStartEventId = onlyNone.id;
  const only = starts[0];
  if (d.type === 'EVENT_SUB_PROCESS' && starts.length === 1 && only) d.startEventId = only.id;
}

function messageRefOf(start: Draft): ModdleElement | undefined {
  const def = children(start.el, 'eventDefinitions')[0];
  return def ? child(def, 'messageRef') : undefined;
}

/** Message start events, one per referenced message (Zeebe reports a shared message separately). */
function distinctMessages(starts: readonly Draft[]): Draft[] {
  const seen = new Set<ModdleElement>();
  return starts.filter((s) => {
    const ref = messageRefOf(s);
    if (s.eventType !== 'MESSAGE' || !ref || seen.has(ref)) return false;
    seen.add(ref);
    return true;
  });
}

/** Ids of messages referenced by more than one start event of the process. */
function sharedMessages(starts: readonly Draft[]): string[] {
  const refs = starts
    .filter((s) => s.eventType === 'MESSAGE')
    .map((s) => messageRefOf(s))
    .filter((ref) => ref !== undefined)
    .map((ref) => idOf(ref) ?? '');
  return duplicates(refs);
}

/** The event subprocesses directly in the scope, and the competing triggers of their start events. */
function eventSubProcesses(b: Build, d: Draft): void {
  const subs = draftsOf(b, d.childIds).filter((e) => e.type === 'EVENT_SUB_PROCESS');
  d.eventSubProcessIds.push(...subs.map((s) => s.id));
  const starts = subs.flatMap((s) => draftsOf(b, s.childIds).filter((e) => e.type === 'START_EVENT'));
  checkCatchHandlers(b, d.id, starts);
}

/**
 * Link events: every link throw event needs a catch event of the same name in its own scope, and
 * no two link catch events may share a name. As in Zeebe, the catch names of a scope are compared
 * with those of every subprocess inside it too.
 */
function links(b: Build, d: Draft): void {
  const catchNames = linkCatchNames(b, d);
  for (const name of duplicates(catchNames)) {
    b.problems.add(d.id, `Multiple intermediate catch link event definitions with the same name '${name}' are not allowed.`);
  }
  const own = new Set(
    draftsOf(b, d.childIds)
      .filter((e) => e.type === 'INTERMEDIATE_CATCH_EVENT' && e.link)
      .map((e) => e.link?.name ?? ''),
  );
  const throws = draftsOf(b, d.childIds).filter((e) => e.type === 'INTERMEDIATE_THROW_EVENT' && e.link);
  for (const name of new Set(throws.map((e) => e.link?.name ?? ''))) {
    if (!own.has(name)) b.problems.add(d.id, `Can't find an catch link event for the throw link event with the name '${name}'.`);
  }
}

function linkCatchNames(b: Build, d: Draft): string[] {
  const names: string[] = [];
  for (const child of draftsOf(b, d.childIds)) {
    if (child.type === 'INTERMEDIATE_CATCH_EVENT' && child.link) names.push(child.link.name);
    if (child.type === 'SUB_PROCESS' || child.type === 'EVENT_SUB_PROCESS') names.push(...linkCatchNames(b, child));
  }
  return names;
}
