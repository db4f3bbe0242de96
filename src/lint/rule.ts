import { createHash } from "node:crypto";
import type { ArchModel, EvidenceHop, Finding, Location, RuleMeta, Severity } from "./types.js";

/**
 * A rule is meta plus a pure `check(model, options)`: it never reads files
 * and never sees the config, only the model and its own options.
 */

/** A JSON Schema fragment for one option, composed into the config schema. */
export interface OptionSchema {
  type: "string" | "number" | "integer" | "boolean" | "array";
  description: string;
  items?: { type: "string" };
  minimum?: number;
  format?: "regex";
}

export interface RuleReport {
  messageId: string;
  message: string;
  data: Record<string, string | number>;
  location: Location;
  evidence: EvidenceHop[];
  /** Stable identity of what is wrong (names, paths, identities; never line numbers). */
  key: string;
  /** Overrides the configured severity, e.g. a cycle is always an error. */
  severity?: Severity;
}

export interface RuleDefinition<Options extends object = Record<string, unknown>> {
  meta: Omit<RuleMeta, "docsUrl" | "help"> & {
    /** One entry per option; the config schema and docs are checked against these. */
    options: Record<keyof Options & string, OptionSchema>;
    defaultOptions: Options;
  };
  check(model: ArchModel, options: Options): RuleReport[];
}

export function defineRule<Options extends object>(rule: RuleDefinition<Options>): RuleDefinition<Options> {
  return rule;
}

export function fingerprint(ruleId: string, messageId: string, key: string): string {
  return createHash("sha256").update(`${ruleId}\0${messageId}\0${key}`).digest("hex").slice(0, 16);
}

export function toFinding(ruleId: string, severity: Severity, report: RuleReport): Finding {
  return {
    ruleId,
    severity: report.severity ?? severity,
    messageId: report.messageId,
    message: report.message,
    data: report.data,
    location: report.location,
    evidence: report.evidence,
    fingerprint: fingerprint(ruleId, report.messageId, report.key),
  };
}

export function where(location: Location): string {
  return `${location.file}:${location.line}`;
}
