// The catch events that listen in one place — the boundary events of one activity, or the start
// events of the event subprocesses of one scope — must not compete for the same trigger (Zeebe's
// ModelUtil.verifyNoDuplicated…): one catch-all error / escalation at most, no two for the same
// code, message name or signal name.
import type { Build, Draft } from './draft.js';
import { writtenText } from './expressions.js';
import { duplicates } from './problems.js';
import { child, children } from './xml.js';

interface Caught {
  /** Whether the event definition references an error / escalation at all. */
  readonly hasRef: boolean;
  readonly code: string | undefined;
}

/** Zeebe's counting: definitions without a reference, and referenced codes (an absent code counts as one). */
function checkCodes(
  b: Build,
  ownerId: string,
  caught: readonly Caught[],
  kind: 'error' | 'escalation',
): void {
  const catchAll =
    `The same scope can not contain more than one ${kind} catch event without ${kind} code. ` +
    `An ${kind} catch event without ${kind} code catches all ${kind === 'error' ? 'errors' : 'escalations'}.`;
  if (caught.filter((c) => !c.hasRef).length > 1) b.problems.add(ownerId, catchAll);
  for (const code of duplicates(caught.filter((c) => c.hasRef).map((c) => c.code ?? ''))) {
    b.problems.add(
      ownerId,
      code === '' ? catchAll : `Multiple ${kind} catch events with the same ${kind} code '${code}' are not supported on the same scope.`,
    );
  }
}

function hasRef(d: Draft, property: string): boolean {
  const def = children(d.el, 'eventDefinitions')[0];
  return def !== undefined && child(def, property) !== undefined;
}

export function checkCatchHandlers(b: Build, ownerId: string, catchers: readonly Draft[]): void {
  const errors = catchers.filter((c) => c.eventType === 'ERROR');
  checkCodes(
    b,
    ownerId,
    errors.map((c) => ({ hasRef: hasRef(c, 'errorRef'), code: c.error?.errorCode })),
    'error',
  );
  const escalations = catchers.filter((c) => c.eventType === 'ESCALATION');
  checkCodes(
    b,
    ownerId,
    escalations.map((c) => ({ hasRef: hasRef(c, 'escalationRef'), code: writtenText(c.escalation?.escalationCode) })),
    'escalation',
  );

  const messageNames = catchers.map((c) => writtenText(c.message?.name)).filter((n) => n !== undefined);
  for (const name of duplicates(messageNames)) {
    b.problems.add(ownerId, `Multiple message event definitions with the same name '${name}' are not allowed.`);
  }
  const signalNames = catchers.map((c) => writtenText(c.signal?.name)).filter((n) => n !== undefined);
  for (const name of duplicates(signalNames)) {
    b.problems.add(ownerId, `Multiple signal event definitions with the same name '${name}' are not allowed.`);
  }
}
