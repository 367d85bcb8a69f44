import type { StandardSchemaV1 } from './standard-schema';

/** Most characters of untrusted text an error message quotes. */
const MAX_TEXT = 80;
/** Most validator issues an error message lists (the rest are counted). */
const MAX_ISSUES = 5;

const escapeControl = (character: string): string =>
  character === '\n'
    ? '\\n'
    : character === '\r'
      ? '\\r'
      : character === '\t'
        ? '\\t'
        : `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Untrusted text as it may appear in an error message: bounded, and with its control characters
 * escaped, so that a hostile type or validator message cannot forge log lines.
 */
export const clip = (text: string): string =>
  (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}...` : text).replace(/[\p{Cc}\u2028\u2029]/gu, escapeControl);

/** Whatever was thrown or returned, as message text; never throws (a null-prototype object cannot be turned into a string). */
export const textOf = (value: unknown): string => {
  try {
    return clip(value instanceof Error ? String(value.message) : String(value));
  } catch {
    return 'an unprintable value';
  }
};

/** What an argument is, for "got ..." in a message: its kind, never an object's contents. */
export const kindOf = (value: unknown): string => {
  if (typeof value === 'string') return `"${clip(value)}"`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function')
    return 'prototype' in value ? 'a function' : 'a function with no prototype (an arrow function or a method)';
  if (typeof value === 'object' && value !== null) return 'an object';
  return textOf(value);
};

const describeIssue = (issue: unknown): string => {
  const { message, path } = (issue ?? {}) as { message?: unknown; path?: unknown };
  const where = Array.isArray(path)
    ? path
        .map((segment: unknown) => textOf(typeof segment === 'object' && segment !== null ? (segment as { key?: unknown }).key : segment))
        .join('.')
    : '';
  return where ? `${where}: ${textOf(message)}` : textOf(message);
};

/** A validator's issues as one bounded line: `path: message; ...`. Tolerates malformed issues (validators in the wild vary). */
export const describeIssues = (issues: ReadonlyArray<StandardSchemaV1.Issue>): string =>
  issues.slice(0, MAX_ISSUES).map(describeIssue).join('; ') +
  (issues.length > MAX_ISSUES ? ` (and ${issues.length - MAX_ISSUES} more)` : '');
