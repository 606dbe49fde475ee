// 导办 search: a visitor says what they want in everyday Chinese ("我想开饭店") and the guide gets
// the sub-items to open cases for (个体工商户设立登记, 食品经营许可（新办）).
//
// How a query is read: NFKC, no spaces or punctuation, lower case (the dictionary's own
// normalizeKeyword); then Intl.Segmenter('zh', { granularity: 'word' }) splits it into words and
// filler words (我想, 怎么, 办理 …) are dropped. What is left, joined, is the query's core
// ("我想开饭店" → "开饭店").
//
// How a sub-item scores: score = tier × 1000 + strength.
//   tier 4  name     — the core is the sub-item's or its matter's name, or one of its synonyms
//                      exactly (同义词 are its other names: "餐饮服务许可证"), or contains the
//                      whole name
//   tier 3  keyword  — a keyword (关键词) is the core or is contained in it, or the core is part of
//                      a keyword or of the name (the visitor said less than the keyword)
//   tier 2  synonym  — the same containment with the synonyms (old and colloquial names)
//   tier 1  words    — only some of the query's words appear in the name, keywords or synonyms
//                      (at least one word of two or more characters: "开" alone finds nothing)
//   strength (0–999) = 40 × the length of the longest matched term (at most 400)
//                    + 10 × Σ length² of the query's words found in the sub-item (at most 500)
//                    + 5 when the sub-item is a new application (新办: what a visitor who names
//                      no situation usually wants)
//                    + 2 when the guide's own unit may handle it.
// Ties keep the dictionary's order. A higher tier always wins over any strength.
import type { Dictionary, SubItem } from '../../processes/dictionary/load.js';
import { normalizeKeyword } from '../../processes/dictionary/load.js';
import type { OrgLevel } from '../../processes/dictionary/schema.js';

export type MatchKind = 'name' | 'keyword' | 'synonym' | 'words';
const TIER: Readonly<Record<MatchKind, number>> = { name: 4, keyword: 3, synonym: 2, words: 1 };

/** Words that carry no meaning for finding a sub-item. */
const FILLER = new Set([
  '我', '我们', '我想', '我要', '想', '要', '想要', '需要', '打算', '准备', '你', '您', '你好', '您好', '请问', '请',
  '怎么', '怎么办', '怎样', '如何', '哪里', '哪儿', '在哪', '什么', '啥', '能', '能不能', '可以', '可不可以',
  '办', '办理', '办个', '申请', '弄', '搞', '去', '在', '给', '帮', '帮我', '一下', '一个', '个', '的', '了', '吗', '呢', '啊', '吧', '和', '跟',
]);

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

export interface ReadQuery {
  /** The query as compared: normalized, punctuation removed. */
  readonly normalized: string;
  /** The meaningful words, in order (then the pairs of single characters, see withJoinedSingles). */
  readonly words: readonly string[];
  /** The words joined: what the visitor wants without the filler. */
  readonly core: string;
}

export function readQuery(q: string): ReadQuery {
  const normalized = normalizeKeyword(q).replace(/[\p{P}\p{S}]/gu, '');
  const segments = [...segmenter.segment(normalized)]
    .filter((s) => s.isWordLike === true)
    .map((s) => s.segment)
    .filter((w) => !FILLER.has(w));
  return { normalized, words: withJoinedSingles(segments), core: segments.join('') };
}

/**
 * The segmenter's dictionary does not know every word of the hall ("注销" comes out as 注 + 销,
 * "低保" as 低 + 保): a run of single characters also contributes its two-character pairs.
 */
function withJoinedSingles(segments: readonly string[]): string[] {
  const out = [...segments];
  let run = '';
  for (const segment of [...segments, '']) {
    if ([...segment].length === 1) {
      run += segment;
      continue;
    }
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i] ?? ''}${chars[i + 1] ?? ''}`);
    run = '';
  }
  return [...new Set(out)];
}

export interface SearchHit {
  readonly item: SubItem;
  readonly score: number;
  readonly match: MatchKind;
  /** The term of the sub-item that matched (its name, a keyword, a synonym, or the words). */
  readonly matched: string;
  readonly handleHere: boolean;
}

interface Candidate {
  readonly match: MatchKind;
  readonly term: string;
}

function best(item: SubItem, query: ReadQuery): Candidate | undefined {
  const { core, normalized } = query;
  if (core === '') return undefined;
  const name = normalizeKeyword(item.name);
  const matterName = normalizeKeyword(item.matterName);
  if (core === name || normalized === name || core === matterName || core.includes(name)) {
    return { match: 'name', term: core === matterName ? item.matterName : item.name };
  }
  const sameAsSynonym = item.synonyms.find((s) => normalizeKeyword(s) === core);
  if (sameAsSynonym !== undefined) return { match: 'name', term: sameAsSynonym };
  const within = (terms: readonly string[]): string | undefined => {
    let found: string | undefined;
    for (const term of terms) {
      const k = normalizeKeyword(term);
      const hit = k === core || (k.length >= 2 && core.includes(k)) || (core.length >= 2 && k.includes(core));
      if (hit && (found === undefined || k.length > normalizeKeyword(found).length)) found = term;
    }
    return found;
  };
  const keyword = within([...item.keywords, item.name, item.matterName]);
  if (keyword !== undefined) return { match: 'keyword', term: keyword };
  const synonym = within(item.synonyms);
  if (synonym !== undefined) return { match: 'synonym', term: synonym };
  return undefined;
}

/** Σ length² of the query's words that appear in any of the sub-item's terms. */
function overlap(item: SubItem, words: readonly string[]): number {
  const text = [item.name, item.matterName, ...item.keywords, ...item.synonyms].map(normalizeKeyword).join('\u0000');
  let sum = 0;
  for (const w of new Set(words)) if (text.includes(w)) sum += w.length * w.length;
  return sum;
}

export interface SearchOptions {
  /** The guide's unit level: what it may handle is marked handleHere and ranks a little higher. */
  readonly level: OrgLevel | undefined;
  /** Only what the guide's unit may handle. */
  readonly onlyHere?: boolean;
  readonly limit: number;
}

export function searchSubItems(dictionary: Dictionary, q: string, options: SearchOptions): SearchHit[] {
  const query = readQuery(q);
  const hits: SearchHit[] = [];
  for (const item of dictionary.subItems) {
    const handleHere = options.level === undefined || item.levels.includes(options.level);
    if (options.onlyHere === true && !handleHere) continue;
    const words = overlap(item, query.words);
    const candidate = best(item, query) ?? (longestWord(item, query.words) >= 2 ? { match: 'words' as const, term: query.words.filter((w) => overlap(item, [w]) > 0).join(' ') } : undefined);
    if (!candidate) continue;
    const strength =
      Math.min(400, 40 * normalizeKeyword(candidate.term).length) +
      Math.min(500, 10 * words) +
      (item.situation === 'new' ? 5 : 0) +
      (handleHere && options.level !== undefined ? 2 : 0);
    hits.push({ item, score: TIER[candidate.match] * 1000 + strength, match: candidate.match, matched: candidate.term, handleHere });
  }
  // Array.prototype.sort is stable: equal scores keep the dictionary's order.
  return hits.sort((a, b) => b.score - a.score).slice(0, options.limit);
}

/** The length of the longest query word found in the sub-item's terms. */
function longestWord(item: SubItem, words: readonly string[]): number {
  return Math.max(0, ...words.filter((w) => overlap(item, [w]) > 0).map((w) => w.length));
}
