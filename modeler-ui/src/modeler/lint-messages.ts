// @camunda/linting writes its messages in English with the BPMN terms in <angle brackets>.
// The shapes it produces for our platform (Camunda 8.3) are rebuilt in the locale's words; a
// message of an unknown shape is shown as it came, its bracketed terms translated where known.
// The locale's strings come in as an argument so this also runs (and is tested) outside a browser.
import type { Messages } from '../i18n/zh-CN.js';

export function lintMessageIn(t: Pick<Messages, 'lintTerms' | 'lintPatterns'>, message: string): string {
  const term = (english: string): string => t.lintTerms[english] ?? english;
  const terms = (text: string): string => text.replace(/<([^>]+)>/g, (_w, inner: string) => term(inner)).replace(/^with /, '');
  // "A <User Task> with <Implementation: Camunda user task>" → the element and its condition.
  const subject = (text: string): string => {
    const s = /^(?:An?|One) <([^>]+)>(?: (with .+))?$/.exec(text);
    return s?.[1] ? t.lintPatterns.subject(term(s[1]), s[2] ? terms(s[2]) : '') : terms(text);
  };
  const patterns = t.lintPatterns;
  if (/^(?:One|A) <Process> must be <Executable>$/.test(message)) return patterns.processExecutable;
  let m = /^An? <([^>]+)> must have a defined <Condition expression> or be the default <Sequence Flow>$/.exec(message);
  if (m?.[1]) return patterns.conditionOrDefault(term(m[1]));
  m = /^An? <([^>]+)> (?:(with .+?) )?must have a defined <([^>]+)>$/.exec(message);
  if (m?.[1] && m[3]) return patterns.mustHaveDefined(term(m[1]), m[2] ? terms(m[2]) : '', term(m[3]));
  m = /^An? <([^>]+)> (?:(with .+?) )?should have a defined <([^>]+)>$/.exec(message);
  if (m?.[1] && m[3]) return patterns.shouldHaveDefined(term(m[1]), m[2] ? terms(m[2]) : '', term(m[3]));
  m = /^An? <([^>]+)> must have an? <([^>]+)>$/.exec(message);
  if (m?.[1] && m[2]) return patterns.mustHave(term(m[1]), term(m[2]));
  m = /^An? <([^>]+)> must have a unique <([^>]+)>$/.exec(message);
  if (m?.[1] && m[2]) return patterns.mustBeUnique(term(m[1]), term(m[2]));
  m = /^(.+) is only supported by Camunda (\d+\.\d+) or newer$/.exec(message);
  if (m?.[1] && m[2]) return patterns.onlySupportedFrom(subject(m[1]), m[2]);
  m = /^(.+) is not supported by Camunda (\d+\.\d+)$/.exec(message);
  if (m?.[1] && m[2]) return patterns.notSupported(subject(m[1]), m[2]);
  m = /^An? <([^>]+)> with two or more <Headers> with the same <Key> \((.*)\) is not supported$/.exec(message);
  if (m?.[1] && m[2] !== undefined) return patterns.duplicateHeaders(term(m[1]), m[2]);
  m = /^An? <([^>]+)> with <Condition expression> is only supported if the source is an <Exclusive Gateway> or <Inclusive Gateway>$/.exec(message);
  if (m?.[1]) return patterns.conditionOnlyAfterGateway(term(m[1]));
  m = /^An? <([^>]+)> <([^>]+)> must be an? (?:expression|ISO 8601)/.exec(message);
  if (m?.[1] && m[2]) return patterns.badFormat(term(m[1]), term(m[2]));
  m = /^An? <([^>]+)> is not allowed on an? <([^>]+)>$/.exec(message);
  if (m?.[1] && m[2]) return patterns.notAllowedOn(term(m[1]), term(m[2]));
  if (message === 'Element is missing bpmndi') return patterns.missingDiagram;
  m = /^Expression value of <(.*)> not allowed$/.exec(message);
  if (m?.[1] !== undefined) return patterns.valueNotAllowed(m[1]);
  m = /^A <Process> is not allowed to contain a straight-through processing loop: (.+)$/.exec(message);
  if (m?.[1]) return patterns.straightThroughLoop(terms(m[1]));
  return terms(message);
}
