// @camunda/linting writes its messages in English with the BPMN terms in <angle brackets>.
// The common shapes are rebuilt in the locale's words; anything else is shown as it came.
import { t } from '../i18n/index.js';

const term = (english: string): string => t.lintTerms[english] ?? english;
const terms = (text: string): string => text.replace(/<([^>]+)>/g, (_w, inner: string) => term(inner)).replace(/^with /, '');

export function lintMessage(message: string): string {
  const patterns = t.lintPatterns;
  if (/^(?:One|A) <Process> must be <Executable>$/.test(message)) return patterns.processExecutable;
  let m = /^An? <([^>]+)> must have a defined <Condition expression> or be the default <Sequence Flow>$/.exec(message);
  if (m?.[1]) return patterns.conditionOrDefault(term(m[1]));
  m = /^An? <([^>]+)> (?:(with .+?) )?must have a defined <([^>]+)>$/.exec(message);
  if (m?.[1] && m[3]) return patterns.mustHaveDefined(term(m[1]), m[2] ? terms(m[2]) : '', term(m[3]));
  m = /^An? <([^>]+)> must have an? <([^>]+)>$/.exec(message);
  if (m?.[1] && m[2]) return patterns.mustHave(term(m[1]), term(m[2]));
  m = /^An? <([^>]+)> .*is not supported by Camunda/.exec(message);
  if (m?.[1]) return `${patterns.notSupported(term(m[1]))}（${message}）`;
  return message;
}
