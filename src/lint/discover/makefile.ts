/**
 * The commands a Makefile's run targets execute (`dev:`, `start:`, `run-api:` …), each recipe's continued lines joined:
 * some packages are started by `make dev` rather than by a package.json script, so their entry file is named only there.
 * Read as text, never run; variables (`${DEV_VARS}`) stay as written.
 */

/** Target names that start the program rather than build, test or lint it. */
const RUN_TARGET = /^(start|dev|serve|develop|run|up|watch)([-_:.][\w.-]*)?$/;

export function makeRunCommands(text: string): string[] {
  const commands: string[] = [];
  const lines = text.split(/\r?\n/);
  let running = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.startsWith("\t")) {
      if (!running) continue;
      let command = line.trim();
      for (; command.endsWith("\\") && index + 1 < lines.length; index++) command = `${command.slice(0, -1).trim()} ${lines[index + 1]!.trim()}`;
      if (command.startsWith("@")) command = command.slice(1);
      if (command) commands.push(command);
      continue;
    }
    // `dev: deps` (not a variable's `:=`): a rule's targets; any other line ends the recipe.
    const rule = /^([\w.\- ]+?)\s*::?(?!=)/.exec(line);
    running = rule !== null && rule[1]!.split(/\s+/).some((target) => RUN_TARGET.test(target));
  }
  return commands;
}
