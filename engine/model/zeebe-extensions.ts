// The zeebe extension elements many kinds of element share: `zeebe:taskDefinition` (every
// job-based element), `zeebe:taskHeaders` and `zeebe:ioMapping`.
import type { Build, Draft } from './draft.js';
import { checkPath, expression, nonBlank } from './expressions.js';
import type { JobDefinition } from './types.js';
import { children, extensions, str, type ModdleElement } from './xml.js';

const DEFAULT_JOB_RETRIES = '3';
const RESERVED_HEADER_PREFIX = 'io.camunda.zeebe:';

/** The one extension element of a type; a second one is a problem. */
export function single(b: Build, d: Draft, type: string, name: string): ModdleElement | undefined {
  const found = extensions(d.el, type);
  if (found.length > 1) b.problems.add(d.id, `Must have at most one 'zeebe:${name}' extension element`);
  return found[0];
}

/** `zeebe:taskHeaders`, static strings. */
export function headers(b: Build, d: Draft): Readonly<Record<string, string>> {
  const taskHeaders = single(b, d, 'zeebe:TaskHeaders', 'taskHeaders');
  if (!taskHeaders) return {};
  const entries: [string, string][] = [];
  const seen = new Set<string>();
  for (const header of children(taskHeaders, 'values')) {
    const key = str(header, 'key');
    const value = str(header, 'value');
    // Zeebe drops headers without a key or value (with a warning in its log).
    if (key === undefined || key === '' || value === undefined || value === '') continue;
    if (key.startsWith(RESERVED_HEADER_PREFIX)) {
      b.problems.add(
        d.id,
        `Attribute 'key' contains '${key}', but header keys starting with '${RESERVED_HEADER_PREFIX}' are reserved for internal use.`,
      );
    }
    if (seen.has(key)) b.problems.add(d.id, `Headers contain duplicate entries for key '${key}'`);
    seen.add(key);
    entries.push([key, value]);
  }
  // fromEntries defines own properties, so a key such as `__proto__` stays an ordinary header.
  return Object.fromEntries(entries);
}

/** A `zeebe:taskDefinition` read into a job definition (type, retries defaulting to "3", headers). */
export function jobOf(b: Build, d: Draft, definition: ModdleElement): JobDefinition {
  const type = str(definition, 'type');
  const retries = str(definition, 'retries');
  if (type === undefined || type === '') b.problems.add(d.id, "Attribute 'type' must be present and not empty");
  if (retries === '') b.problems.add(d.id, "Attribute 'retries' must be present and not empty");
  return {
    type: type ? expression(b.problems, d.id, type) : { kind: 'static', value: '' },
    retries: retries ? expression(b.problems, d.id, retries) : { kind: 'static', value: DEFAULT_JOB_RETRIES },
    headers: headers(b, d),
  };
}

/** Elements that must be job-based: exactly one `zeebe:taskDefinition`. */
export function requiredJob(b: Build, d: Draft): JobDefinition | undefined {
  const definitions = extensions(d.el, 'zeebe:TaskDefinition');
  const definition = definitions[0];
  if (definitions.length !== 1 || !definition) {
    b.problems.add(d.id, "Must have exactly one 'zeebe:taskDefinition' extension element");
  }
  return definition ? jobOf(b, d, definition) : undefined;
}

/** `zeebe:ioMapping`: inputs where the element applies them; outputs on activities and events. */
export function mappings(b: Build, d: Draft, inputs: boolean): void {
  const io = single(b, d, 'zeebe:IoMapping', 'ioMapping');
  if (!io) return;
  if (inputs) {
    for (const input of children(io, 'inputParameters')) {
      const source = nonBlank(str(input, 'source'));
      const target = str(input, 'target');
      checkPath(b.problems, d.id, target);
      d.inputMappings.push({
        // Without a source, Zeebe maps null to the target.
        source: source !== undefined ? expression(b.problems, d.id, source) : { kind: 'feel', source: 'null' },
        target: target ?? '',
      });
    }
  }
  for (const output of children(io, 'outputParameters')) {
    const source = nonBlank(str(output, 'source'));
    const target = str(output, 'target');
    if (source === undefined) b.problems.add(d.id, 'Expected expression but not found.');
    checkPath(b.problems, d.id, target);
    d.outputMappings.push({
      source: source !== undefined ? expression(b.problems, d.id, source, true) : { kind: 'feel', source: 'null' },
      target: target ?? '',
    });
  }
}
