/**
 * The approval's data files (rule sets, scope catalogue, name lists, applications):
 * read as JSON, validated in full by their zod schema, and fingerprinted. A bad file
 * names every bad field; the fingerprint is a SHA-256 over the canonical JSON of the
 * content, so re-indenting a file keeps its hash and changing any value changes it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { canonicalJson, type JsonValue } from '../audit/canonical-json';

export interface DataProblem {
  /** Dotted path of the field, e.g. rules.2.params.years */
  field: string;
  message: string;
}

export class DataFileError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly DataProblem[],
    /** 'invalid' for bad content, 'unreadable' when the file could not be read or parsed. */
    readonly kind: 'invalid' | 'unreadable',
  ) {
    super(`${source} is ${kind}:\n${problems.map((p) => `  ${p.field}: ${p.message}`).join('\n')}`);
    this.name = 'DataFileError';
  }
}

export function readJsonFile(file: string): JsonValue {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DataFileError(file, [{ field: '(file)', message: `cannot read: ${(error as Error).message}` }], 'unreadable');
  }
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new DataFileError(file, [{ field: '(file)', message: `not valid JSON: ${(error as Error).message}` }], 'unreadable');
  }
}

export function parseDataFile<S extends z.ZodType>(schema: S, raw: unknown, source: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new DataFileError(source, parsed.error.issues.map(toProblem), 'invalid');
}

/** SHA-256 (hex) of the canonical JSON of a file's content. */
export function contentHash(raw: JsonValue): string {
  return createHash('sha256').update(canonicalJson(raw)).digest('hex');
}

function toProblem(issue: z.core.$ZodIssue): DataProblem {
  const field = issue.path.length ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.length ? `${field}.` : '';
    return { field: `${prefix}${issue.keys[0] ?? ''}`, message: `unknown field ${issue.keys.join(', ')}; check the spelling` };
  }
  return { field, message: issue.message };
}
