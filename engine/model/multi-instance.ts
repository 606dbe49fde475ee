// The multi-instance marker (`bpmn:multiInstanceLoopCharacteristics` with its
// `zeebe:loopCharacteristics`) on tasks, subprocesses and call activities. The element keeps its
// own type; the runtime wraps it in a MULTI_INSTANCE_BODY.
import type { Build, Draft } from './draft.js';
import { expression, nonBlank } from './expressions.js';
import type { MultiInstanceDefinition } from './types.js';
import { bool, child, extensions, str, textOf, type ModdleElement } from './xml.js';

export function multiInstanceOf(b: Build, d: Draft, loop: ModdleElement): MultiInstanceDefinition | undefined {
  if (d.type === 'EVENT_SUB_PROCESS') {
    b.problems.add(d.id, 'An event subprocess cannot be multi-instance');
    return undefined;
  }
  const found = extensions(loop, 'zeebe:LoopCharacteristics');
  const zeebe = found[0];
  if (found.length !== 1 || !zeebe) {
    b.problems.add(d.id, "Must have exactly one 'zeebe:loopCharacteristics' extension element");
    return undefined;
  }

  const inputCollection = str(zeebe, 'inputCollection');
  if (inputCollection === undefined || inputCollection === '') {
    b.problems.add(d.id, "Attribute 'inputCollection' must be present and not empty");
  }
  const inputElement = nonBlank(str(zeebe, 'inputElement'));
  const outputCollection = nonBlank(str(zeebe, 'outputCollection'));
  const outputElement = nonBlank(str(zeebe, 'outputElement'));
  if (outputCollection !== undefined && outputElement === undefined) {
    b.problems.add(d.id, "Attribute 'outputElement' must be present if the attribute 'outputCollection' is set");
  } else if (outputElement !== undefined && outputCollection === undefined) {
    b.problems.add(d.id, "Attribute 'outputCollection' must be present if the attribute 'outputElement' is set");
  }
  const completion = textOf(child(loop, 'completionCondition'));

  if (!inputCollection) return undefined;
  return {
    sequential: bool(loop, 'isSequential') ?? false,
    inputCollection: expression(b.problems, d.id, inputCollection, true),
    ...(inputElement !== undefined ? { inputElement } : {}),
    ...(outputCollection !== undefined && outputElement !== undefined
      ? { outputCollection, outputElement: expression(b.problems, d.id, outputElement, true) }
      : {}),
    ...(completion ? { completionCondition: expression(b.problems, d.id, completion) } : {}),
  };
}
