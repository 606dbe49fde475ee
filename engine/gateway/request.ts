// Reading gRPC requests: proto-loader gives loosely typed objects (int64 as strings, JSON
// documents as strings). Every reader names the field it rejects, so a client sees what to fix.
import { Rejection } from '../runtime/rejection.js';

export type Message = Record<string, unknown>;

export class RequestReader {
  /** `prefix` names where a nested message sits, e.g. "startInstructions[0].". */
  constructor(
    readonly message: Message,
    private readonly intent: string,
    private readonly prefix = '',
  ) {}

  private invalid(reason: string): Rejection {
    return new Rejection('INVALID_ARGUMENT', this.intent, reason);
  }

  string(field: string): string {
    const v = this.message[field];
    return typeof v === 'string' ? v : '';
  }

  nonBlank(field: string): string {
    const v = this.string(field);
    if (v.trim() === '') throw this.invalid(`Expected '${this.prefix}${field}' to be a non-empty string, but it was blank`);
    return v;
  }

  int(field: string): number {
    const v = this.message[field];
    const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : 0;
    if (!Number.isFinite(n) || !Number.isInteger(n)) throw this.invalid(`Expected '${this.prefix}${field}' to be an integer, but it was '${String(v)}'`);
    return n;
  }

  key(field: string): number {
    const n = this.int(field);
    if (n <= 0) throw this.invalid(`Expected '${this.prefix}${field}' to be a key greater than zero, but it was '${String(this.message[field])}'`);
    return n;
  }

  bool(field: string): boolean {
    return this.message[field] === true;
  }

  strings(field: string): string[] {
    const v = this.message[field];
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  }

  /** A JSON document that must be an object at the root; empty means {}. */
  document(field: string): Record<string, unknown> {
    const text = this.string(field);
    if (text.trim() === '') return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw this.invalid(`Property '${this.prefix}${field}' is invalid: Expected document to be valid JSON, but it was not: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      const kind = parsed === null ? 'NIL' : Array.isArray(parsed) ? 'ARRAY' : typeof parsed === 'string' ? 'STRING' : typeof parsed === 'number' ? 'NUMBER' : 'BOOLEAN';
      throw this.invalid(`Property '${this.prefix}${field}' is invalid: Expected document to be a root level object, but was '${kind}'`);
    }
    return parsed as Record<string, unknown>;
  }

  list(field: string): Message[] {
    const v = this.message[field];
    return Array.isArray(v) ? v.filter((m): m is Message => m !== null && typeof m === 'object') : [];
  }
}
