import type { z } from 'zod';
import type { Config } from '../config.js';
import type { SnapshotIndex } from '../snapshot/index.js';
import type { ObjectRef } from '../snapshot/types.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What a check says about one field of one object. */
export interface EvidenceInput<M extends string> {
  outcome: 'pass' | 'fail';
  messageId: M;
  /** Values for the message's {{placeholders}}. */
  data?: Record<string, string | number | boolean>;
  object: ObjectRef;
  container?: string;
  /** JSON Pointer of the field inside `object`. */
  pointer: string;
  /** The value found; `null` when the field is absent (say so in `expected`). Never a secret value. */
  observed: Json;
  /** The value or condition that passes, in words. */
  expected: string;
  /**
   * The evidence speaks for the whole cluster (control plane, CNI, admission chain), whatever
   * namespace holds the object: it counts in every framework scope, as cluster-scoped objects do.
   */
  clusterWide?: boolean;
}

/** The namespaces a framework scope tag (pci, hipaa) applies to, as the run resolved them. */
export interface ScopeView {
  namespaces: ReadonlySet<string>;
  /** False when no namespace carries the tag, so that the whole estate is in scope. */
  declared: boolean;
}

/** The namespaces a framework scope tag (pci, hipaa) applies to, as the run resolved them. */
export interface ScopeView {
  namespaces: ReadonlySet<string>;
  /** False when no namespace carries the tag, so that the whole estate is in scope. */
  declared: boolean;
}

export interface CheckContext<O, M extends string> {
  readonly index: SnapshotIndex;
  readonly options: O;
  /** For boundary checks (segmentation of the cardholder-data or ePHI namespaces). */
  scope(tag: string): ScopeView;
  /** The run's configuration, for settings that belong to the organisation rather than to one control. */
  readonly config: Config;
  /** The time ages and expiries are judged at (the collection time unless --as-of says otherwise). */
  readonly asOf: string;
  report(evidence: EvidenceInput<M>): void;
  /** The check could not judge (for example: the control plane is not visible). */
  notAssessed(reason: string): void;
  /** Nothing in the estate is what this check is about. */
  notApplicable(reason: string): void;
}

export interface Check<O = any, M extends string = string> {
  /** Equals the check's file name. */
  readonly id: string;
  readonly description: string;
  /** Kinds the check reads; any of them not `collected` makes its controls `not-assessed`. */
  readonly needs: readonly string[];
  /** Custom-resource kinds the check reads when installed: `absent` is an empty set, not a gap. */
  readonly optionalNeeds?: readonly string[];
  readonly options: z.ZodType<O>;
  readonly messages: Readonly<Record<M, string>>;
  evaluate(ctx: CheckContext<O, M>): void;
}

/** Ties a check's message ids to its `report` calls, so a misspelt id is a compile error. */
export function defineCheck<O, const Messages extends Record<string, string>>(
  check: Omit<Check<O, Extract<keyof Messages, string>>, 'messages'> & { messages: Messages },
): Check<O, Extract<keyof Messages, string>> {
  return check;
}

export function formatMessage(template: string, data: Record<string, string | number | boolean> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    data && Object.prototype.hasOwnProperty.call(data, key) ? String(data[key]) : whole,
  );
}
