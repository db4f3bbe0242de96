import type { CliIo } from "./io.js";
import type { Ask } from "../scaffold/answers.js";
import { parseOptionText, formatOptionValue, type OptionValue } from "../scaffold/option-values.js";
import { checkServiceName, describeNameProblem, type NameRules } from "../scaffold/service-name.js";
import { CancelledError } from "../shared/errors.js";
import type { BuiltinTemplate } from "../scaffold/builtin-templates.js";

/**
 * Interactive questions through @inquirer/prompts, loaded only when a
 * terminal is attached. Each answer passes the same validation as its flag.
 */

type Prompts = typeof import("@inquirer/prompts");
type Context = { input: CliIo["stdin"]; output: CliIo["stdout"]; clearPromptOnDone: boolean };

export interface Asker {
  /** The template's own name rules apply as the user types, as they do to the argument. */
  askName(rules: NameRules, suggested?: string): Promise<string>;
  ask: Ask;
  /** Which kind of template, asked first when --template is not given. */
  askTemplate(templates: readonly BuiltinTemplate[], suggested: string): Promise<string>;
}

export async function createAsker(io: CliIo): Promise<Asker> {
  const prompts: Prompts = await import("@inquirer/prompts");
  const context: Context = { input: io.stdin, output: io.stdout, clearPromptOnDone: false };

  return {
    askName: (rules, suggested) =>
      cancellable(() =>
        prompts.input(
          {
            message: "Service name:",
            default: suggested,
            validate: (value) => {
              const check = checkServiceName(value.trim(), rules);
              return check.ok ? true : describeNameProblem(value, check);
            },
          },
          context,
        ).then((value) => value.trim()),
      ),

    askTemplate: (templates, suggested) =>
      cancellable(() =>
        prompts.select(
          {
            message: "What kind of service?",
            choices: templates.map((template) => ({ value: template.name, name: `${template.name}: ${template.summary}` })),
            default: suggested,
          },
          context,
        ),
      ),

    ask: (option, suggested) =>
      cancellable(async (): Promise<OptionValue> => {
        const message = option.prompt ?? option.description;
        switch (option.type) {
          case "boolean":
            return prompts.confirm({ message, default: suggested === true }, context);
          case "choice":
            return prompts.select(
              { message, choices: option.choices.map((value) => ({ value, name: value })), default: suggested as string | undefined },
              context,
            );
          default: {
            const text = await prompts.input(
              {
                message,
                default: suggested === undefined ? undefined : formatOptionValue(suggested),
                validate: (value) => {
                  const parsed = parseOptionText(option, value);
                  return parsed.ok ? true : parsed.problem;
                },
              },
              context,
            );
            const parsed = parseOptionText(option, text);
            if (!parsed.ok) throw new Error(parsed.problem);
            return parsed.value;
          }
        }
      }),
  };
}

/** Ctrl-C or Ctrl-D inside a prompt is a cancel, reported as such and never as success. */
async function cancellable<T>(question: () => Promise<T>): Promise<T> {
  try {
    return await question();
  } catch (error) {
    if (error instanceof Error && (error.name === "ExitPromptError" || error.name === "AbortPromptError")) {
      throw new CancelledError("cancelled; nothing was written");
    }
    throw error;
  }
}

