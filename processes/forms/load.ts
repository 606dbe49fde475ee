// The starter forms: processes/forms/<key>.form (a form-js schema) and, next to it, the filled-in
// sample named by the dictionary's `formSample` key, <key>-sample.json (data for the same schema).
// The api stores them as version 1 of app.forms on first start; from then on the database holds
// the forms and the files are not read again (like the dictionary's files).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFormSchema, checkSample } from './schema-check.js';

export const FORMS_DIR = path.dirname(fileURLToPath(import.meta.url));

/** Form keys as the dictionary writes them (materials[].form). */
export const FORM_KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The dictionary's sample key for a form: `<key>-sample`. */
export const sampleKeyOf = (key: string): string => `${key}-sample`;

export interface StarterForm {
  readonly key: string;
  readonly schema: Record<string, unknown>;
  readonly sample: Record<string, unknown> | null;
}

export class FormFileError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(`processes/forms 有 ${String(lines.length)} 处错误：\n${lines.join('\n')}`);
    this.name = 'FormFileError';
  }
}

function readJson(file: string, lines: string[]): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    lines.push(`${path.basename(file)}: 不是有效的 JSON（${error instanceof Error ? error.message : String(error)}）`);
    return undefined;
  }
}

/** Every starter form, checked; throws FormFileError listing every problem in every file. */
export function loadStarterForms(dir: string = FORMS_DIR): StarterForm[] {
  const lines: string[] = [];
  const forms: StarterForm[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.form')).sort()) {
    const key = name.slice(0, -'.form'.length);
    if (!FORM_KEY.test(key)) {
      lines.push(`${name}: 表格标识应为小写字母、数字和连字符`);
      continue;
    }
    const schema = readJson(path.join(dir, name), lines);
    if (schema === undefined) continue;
    const issues = checkFormSchema(schema);
    for (const i of issues) lines.push(`${name}: ${i.path}: ${i.message}`);
    const sampleFile = path.join(dir, `${sampleKeyOf(key)}.json`);
    const sample = existsSync(sampleFile) ? readJson(sampleFile, lines) : null;
    if (sample !== null && sample !== undefined) for (const i of checkSample(schema, sample)) lines.push(`${path.basename(sampleFile)}: ${i.path}: ${i.message}`);
    if (issues.length === 0 && sample !== undefined) forms.push({ key, schema: schema as Record<string, unknown>, sample: sample as Record<string, unknown> | null });
  }
  if (lines.length > 0) throw new FormFileError(lines);
  return forms;
}
