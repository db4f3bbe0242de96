import { facts } from "../helpers.js";
import type { TopicFact, Value } from "../../../src/lint/types.js";

/** A value as a test reads it: text as is, env as $NAME, imports as {name}, anything else as ?. */
export const valueText = (v: Value): string => v.parts.map((p) => (p.kind === "text" ? p.text : p.kind === "env" ? `$${p.name}` : p.kind === "import" ? `{${p.name}}` : "?")).join("");

/** One line per topic fact: "system role[ request-reply] topic", with "?" for a system the model decides. */
export const describeTopic = (t: TopicFact): string => `${t.system ?? "?"} ${t.role}${t.requestReply ? " request-reply" : ""} ${valueText(t.topic)}`;

export const topics = (code: string, file = "src/app.ts"): string[] => facts(code, file).topics.map(describeTopic);
