// Types of match.mjs, the pure part of `npm run accuracy`, for test/accuracy/match.test.ts.

export interface LabelEntry {
  service?: string;
  services?: string[];
  file?: string;
  line?: number;
  match?: Record<string, string | number>;
  why: string;
}
export interface RuleLabels {
  expected?: LabelEntry[];
  debatable?: LabelEntry[];
}
export interface ServiceLabel {
  name: string;
  folder: string;
  aliases?: string[];
  why?: string;
}
export interface Labels {
  repository: string;
  commit: string;
  tree?: string;
  readFrom?: string;
  notes?: string;
  services?: ServiceLabel[];
  debatableServices?: ServiceLabel[];
  rules?: Record<string, RuleLabels>;
}
export interface Finding {
  ruleId: string;
  file: string;
  line: number;
  message: string;
  data: Record<string, unknown>;
}
export interface RuleScore {
  tp: number;
  fp: number;
  fn: number;
  debatableSeen: number;
  misses: (LabelEntry & { rule: string })[];
  falsePositives: Finding[];
}
export interface ServiceScore {
  found: ServiceLabel[];
  missed: (ServiceLabel & { seenAs?: string })[];
  extra: { name: string; folder: string }[];
}
export interface TreeScore {
  rules: Record<string, RuleScore>;
  services: ServiceScore | undefined;
}
export interface Totals {
  perRule: Record<string, { tp: number; fp: number; fn: number; trees: number; precision: number | null; recall: number | null }>;
  services: { named: number; found: number; missed: number; extra: number; trees: number };
}

export const RULES: string[];
export const LINE_TOLERANCE: number;
export function findingServices(finding: { data?: Record<string, unknown> }): string[];
export function compatible(label: LabelEntry & { rule: string }, finding: Finding, tolerance?: number): boolean;
export function normalizeFinding(raw: unknown, toTreePath: (file: string) => string): Finding;
export function scoreTree(labels: Labels, findings: Finding[], services: { name: string; root: string; language?: string }[], tolerance?: number): TreeScore;
export function scoreServices(labels: Labels, services: { name: string; root: string; language?: string }[]): ServiceScore;
export function totals(scores: TreeScore[]): Totals;
export function labelProblems(labels: unknown): string[];
