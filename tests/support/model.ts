// Unit tests of the deploy-time parsers (engine/model, engine/dmn): a one-process BPMN document
// around a body, an element of a parsed process, and the problems a parser rejects a document with.
import { parseBpmn } from '../../engine/model/parse.js';
import { ModelValidationError, type ElementModel, type ModelProblem, type ProcessModel } from '../../engine/model/types.js';

/** The problems `parse` rejects its document with (a ModelValidationError); fails if it accepts it. */
export async function rejectionOf(parse: () => unknown): Promise<readonly ModelProblem[]> {
  try {
    await parse();
  } catch (e) {
    if (e instanceof ModelValidationError) return e.problems;
    throw e;
  }
  throw new Error('expected the model to be rejected');
}

/** The problems parseBpmn rejects `xml` with. */
export function problemsOf(xml: string, resourceName = 'test.bpmn'): Promise<readonly ModelProblem[]> {
  return rejectionOf(() => parseBpmn(xml, resourceName));
}

/** A one-process document (process id `p`) around `body`; `extra` goes after the process (messages, errors …). */
export function doc(body: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>${extra}
</bpmn:definitions>`;
}

/** The element `id` of a parsed process; fails if there is none. */
export function el(model: ProcessModel, id: string): ElementModel {
  const element = model.elements.get(id);
  if (!element) throw new Error(`no element '${id}'`);
  return element;
}
