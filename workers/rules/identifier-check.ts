// What an identifier check (统一社会信用代码, 居民身份证号) tells the clerk: either the normalised
// identifier, or one fault — what is wrong, at which position, in Chinese for the clerk and in
// English for logs and non-Chinese readers. Positions count from 1, as printed on a licence or ID card.

/** Why an identifier was refused. */
export type IdentifierFaultKind =
  | 'empty'
  /** Too short / too long (or the 15-digit first-generation ID card). */
  | 'length'
  /** A character that isn't allowed at its position. */
  | 'character'
  /** The region code (行政区划) can't be one. */
  | 'region'
  /** The birth date in an ID number isn't a real, past date. */
  | 'birthDate'
  /** The last character doesn't match the check computed from the others. */
  | 'checkCharacter';

export interface IdentifierFault {
  readonly ok: false;
  readonly fault: IdentifierFaultKind;
  /** The clerk's message, in Chinese (e.g. "第18位校验码应为3，实为Z"). */
  readonly reason: string;
  /** The same in English. */
  readonly reasonEn: string;
  /** 1-based position of the first wrong character; for a wrong length, the first missing/extra position. */
  readonly position?: number;
  /** What the position should hold, when that is known (the correct check character). */
  readonly expected?: string;
  /** What it holds. */
  readonly actual?: string;
  /**
   * Whether staff may accept the identifier anyway after checking the paper original (with a
   * recorded reason). True only where real identifiers are known to break the rule — the 2015
   * pilot credit codes whose check character doesn't verify (domain.md §3).
   */
  readonly overridable: boolean;
}

export type IdentifierCheck<Valid extends { readonly normalized: string }> =
  | ({ readonly ok: true } & Valid)
  | IdentifierFault;

/**
 * What the clerk typed, as the identifier should be stored: full-width characters from a Chinese
 * input method made half-width (NFKC), spaces (incl. the ideographic space) and hyphens removed,
 * letters upper-cased.
 */
export function normalizeIdentifierInput(text: string): string {
  return text.normalize('NFKC').replace(/[\s\-‐‑–—]/g, '').toUpperCase();
}

export function identifierFault(
  fault: IdentifierFaultKind,
  reason: string,
  reasonEn: string,
  details: { position?: number; expected?: string; actual?: string; overridable?: boolean } = {},
): IdentifierFault {
  const { overridable = false, ...rest } = details;
  return { ok: false, fault, reason, reasonEn, ...rest, overridable };
}

/** A character for a message: itself, or its code point when it can't be seen (a control character). */
export function shown(char: string): string {
  return /^[\p{C}\p{Z}]$/u.test(char) ? `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}` : char;
}
