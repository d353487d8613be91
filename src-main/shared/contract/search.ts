// Find in a log: what to look for, and how a search reports its progress.
import * as v from 'valibot';
import { TEXT_ENCODINGS } from './fields.js';

export const FIND_MODES = ['text', 'hex', 'regex'] as const;
export type FindMode = (typeof FIND_MODES)[number];

export const FindQuery = v.strictObject({
  /** Text (in `encoding`), hex bytes, or a regular expression over the text in `encoding`. */
  mode: v.picklist(FIND_MODES),
  pattern: v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(10_000, 'is longer than 10000 characters')),
  encoding: v.optional(v.picklist(TEXT_ENCODINGS), 'utf-8'),
  /** Text and regex: letters match in either case. */
  ignoreCase: v.optional(v.boolean(), false),
});
export type FindQuery = v.InferOutput<typeof FindQuery>;
export type FindQueryInput = v.InferInput<typeof FindQuery>;

/** A search's progress: entries scanned of those the log had when it started, matches so far. */
export interface SearchProgress {
  id: string;
  searchId: string;
  scanned: number;
  total: number;
  matches: number;
  done: boolean;
  cancelled: boolean;
}

/** The match a step lands on: its place among the matches and its entry. */
export interface SearchHit {
  index: number;
  seq: number;
  matches: number;
}
