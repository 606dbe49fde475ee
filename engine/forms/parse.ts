// Camunda forms (form-js JSON, `.form` resources) as Zeebe 8.3–8.5 deploys them: the resource must
// be JSON whose `id` is the form id that user tasks refer to (zeebe:formDefinition formId). Zeebe
// checks nothing else of the schema (its FormResourceTransformer reads only `id`); the deploy
// command gives the form a key and a version (FormMetadata: formId, version, formKey, resourceName).
// Rejection messages are Zeebe's.
import { ModelValidationError } from '../model/types.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface FormModel {
  /** The form's `id`: Zeebe's `formId`. */
  readonly formId: string;
  readonly resourceName: string;
  /** The form's `versionTag` when it has one (Zeebe reads it from 8.6 on). */
  readonly versionTag: string | undefined;
  /** The parsed form-js schema, for whoever renders the form. */
  readonly schema: { readonly [key: string]: JsonValue };
}

function reject(resourceName: string, message: string): never {
  throw new ModelValidationError(resourceName, [{ elementId: '', message }]);
}

function isObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a form resource and returns its id. Throws ModelValidationError when it is not JSON,
 * not a JSON object, or has no usable `id`. As with Jackson in Zeebe, a number or boolean `id`
 * is read as its text.
 */
export function parseForm(json: string, resourceName: string): FormModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return reject(resourceName, `Failed to parse formId from form JSON. '${resourceName}': ${reason}`);
  }
  if (!isObject(parsed)) {
    const kind = Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`;
    return reject(resourceName, `Failed to parse formId from form JSON. '${resourceName}': expected a JSON object, but found ${kind}`);
  }
  const id = parsed['id'];
  let formId: string;
  if (id === undefined || id === null) {
    return reject(resourceName, 'Expected the form id to be present, but none given');
  } else if (typeof id === 'string') {
    formId = id;
  } else if (typeof id === 'number' || typeof id === 'boolean') {
    formId = String(id);
  } else {
    return reject(resourceName, `Failed to parse formId from form JSON. '${resourceName}': expected the form id to be a string, but found ${Array.isArray(id) ? 'an array' : 'an object'}`);
  }
  if (formId.trim() === '') return reject(resourceName, 'Expected the form id to be filled, but it is blank');
  const versionTag = parsed['versionTag'];
  return {
    formId,
    resourceName,
    versionTag: typeof versionTag === 'string' ? versionTag : undefined,
    schema: parsed,
  };
}
