// The locale in use: Simplified Chinese unless the person switched to English (kept per browser).
import { en } from './en.js';
import { zhCN, type Messages } from './zh-CN.js';

export type Locale = 'zh-CN' | 'en';
const KEY = 'onewindow.locale';

function stored(): Locale {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const locale: Locale = stored();
export const t: Messages = locale === 'en' ? en : zhCN;

/** Switches the language; the page reloads so every module reads the new strings. */
export function switchLocale(): void {
  localStorage.setItem(KEY, locale === 'en' ? 'zh-CN' : 'en');
  window.location.reload();
}
