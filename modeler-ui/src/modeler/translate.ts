// bpmn-js asks its `translate` service for every label it draws (palette, context pad, popup
// menus, properties panel, element templates). This one looks the English text up in the
// locale's dictionary and fills in {placeholders}.
import type { ModuleDeclaration } from 'didi';
import { t } from '../i18n/index.js';

export function translate(template: string, replacements: Record<string, string> = {}): string {
  const text = t.bpmnJs[template] ?? template;
  return text.replace(/{([^}]+)}/g, (whole, key: string) => replacements[key] ?? whole);
}

export const translateModule: ModuleDeclaration = {
  translate: ['value', translate],
};
