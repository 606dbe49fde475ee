// engine/forms: Camunda forms (form-js JSON) as Zeebe 8.3–8.5 deploys them. Zeebe reads only the
// form's `id` (FormResourceTransformer); the rejection messages below are Zeebe's.
// docs: https://docs.camunda.io/docs/8.3/apis-tools/grpc/#deployresource-rpc (FormMetadata)
import { describe, expect, it } from 'vitest';
import { parseForm } from '../../engine/forms/parse.js';
import { ModelValidationError, type ModelProblem } from '../../engine/model/types.js';
import { fixtureText } from '../support/fixtures.js';

function problemsOf(json: string, resourceName = 'test.form'): readonly ModelProblem[] {
  try {
    parseForm(json, resourceName);
  } catch (e) {
    if (e instanceof ModelValidationError) return e.problems;
    throw e;
  }
  throw new Error('expected the form to be rejected');
}

describe('parseForm', () => {
  it('reads the form id of a Camunda Modeler form', async () => {
    const json = await fixtureText('forms/application.form');
    const form = parseForm(json, 'application.form');
    expect(form.formId).toBe('county-application');
    expect(form.resourceName).toBe('application.form');
    expect(form.versionTag).toBeUndefined();
    expect(Array.isArray(form.schema['components'])).toBe(true);
  });

  it('accepts a byte order mark and a versionTag', () => {
    expect(parseForm('\uFEFF{"id":"f","versionTag":"v1.2","components":[]}', 'f.form')).toMatchObject({ formId: 'f', versionTag: 'v1.2' });
  });

  it('reads a number id as its text, as Jackson does', () => {
    expect(parseForm('{"id": 42}', 'n.form').formId).toBe('42');
  });

  it('rejects a form without id, with a null or a blank id', () => {
    expect(problemsOf('{"components":[]}')).toEqual([{ elementId: '', message: 'Expected the form id to be present, but none given' }]);
    expect(problemsOf('{"id":null}')).toEqual([{ elementId: '', message: 'Expected the form id to be present, but none given' }]);
    expect(problemsOf('{"id":"  "}')).toEqual([{ elementId: '', message: 'Expected the form id to be filled, but it is blank' }]);
  });

  it('rejects what is not a JSON object, naming the resource', () => {
    expect(problemsOf('{"id": "a",', 'broken.form')[0]?.message).toMatch(/^Failed to parse formId from form JSON\. 'broken.form': /);
    expect(problemsOf('["id"]', 'list.form')[0]?.message).toBe(
      "Failed to parse formId from form JSON. 'list.form': expected a JSON object, but found an array",
    );
    expect(problemsOf('{"id": {"x": 1}}', 'obj.form')[0]?.message).toMatch(/^Failed to parse formId from form JSON\. 'obj.form': /);
  });

  it('throws a ModelValidationError whose message names the resource', () => {
    expect(() => parseForm('{}', 'empty.form')).toThrow("'empty.form': - ERROR: Expected the form id to be present, but none given");
  });
});
