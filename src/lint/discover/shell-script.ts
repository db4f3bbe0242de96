/**
 * The commands of a shell script a container starts with (`ENTRYPOINT ["bash", "entrypoint.sh"]`), to tell which apps
 * it starts: continued lines joined, comments, the shebang and blank lines left out. Read as text, never run.
 */
export function shellCommands(text: string): string[] {
  const commands: string[] = [];
  let pending = "";
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!pending && (line === "" || line.startsWith("#"))) continue;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    commands.push(`${pending}${line}`.trim());
    pending = "";
  }
  if (pending.trim()) commands.push(pending.trim());
  return commands;
}
