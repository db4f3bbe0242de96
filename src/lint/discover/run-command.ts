import { posix } from "node:path";

/**
 * What a start command runs, read as text: the program of each step (`nodemon`, `./node_modules/.bin/ts-node`) and the
 * file it is given after its options (`node -r ./tracing.js dist/main.js` → `dist/main.js`). Package roles
 * (discover/packages.ts), one package run as several services (model/deployed-entries.ts) and scripts started side by
 * side (model/entry-services.ts) all ask the same question of a command, so they answer it the same way.
 */

/** Programs that run a source file given after their options. */
const FILE_RUNNERS = new Set(["node", "nodemon", "ts-node", "ts-node-dev", "tsx", "bun", "babel-node", "pm2", "forever"]);
/** Options of those programs that take a value (`-r ./tracing.js`, `--exec babel-node`, nodemon's `-e ts,json`). */
const VALUE_OPTIONS = new Set(["-r", "--require", "--import", "--loader", "--experimental-loader", "--exec", "-x", "--watch", "-w", "--env-file", "--inspect-port", "-P", "--project", "-e", "--ext", "-i", "--ignore"]);
/** Words a runner takes before the file: `tsx watch src/main.ts`, `bun run src/main.ts`, `pm2 start api.js -i 2`. */
const SUBCOMMANDS = new Set(["watch", "run", "start"]);
export const SOURCE_FILE = /\.[cm]?[jt]sx?$/;

/** The words of each step of a shell command (`a && b; c | d`), quotes taken off each word. */
function steps(command: string): string[][] {
  return command
    .split(/&&|\|\||;|\|/)
    .map((step) => step.trim().split(/\s+/).filter(Boolean).map((word) => word.replace(/^["']+|["']+$/g, "")))
    .filter((words) => words.length > 0);
}

/** The words after the first runner of a step (`npx ts-node-dev --respawn src/main.ts` → `--respawn src/main.ts`), or none. */
function afterRunner(words: readonly string[]): readonly string[] | undefined {
  const runner = words.findIndex((word) => FILE_RUNNERS.has(posix.basename(word)));
  return runner < 0 ? undefined : words.slice(runner + 1);
}

/** The file a step's runner is given: its first word that is neither an option, an option's value nor a subcommand. */
function fileOfStep(words: readonly string[]): string | undefined {
  const args = afterRunner(words);
  if (!args) return undefined;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (VALUE_OPTIONS.has(word)) i++;
    else if (!word.startsWith("-") && !(i === 0 && SUBCOMMANDS.has(word)) && word !== "") return word.replace(/^\.\//, "");
  }
  return undefined;
}

/** The file the first runner of a command starts (`nodemon ledger.js`, `node --enable-source-maps dist/payouts.js`), as written. */
export function fileRunBy(command: string): string | undefined {
  for (const words of steps(command)) {
    const file = fileOfStep(words);
    if (file !== undefined) return file;
  }
  return undefined;
}

/**
 * The source files a command's runners are given anywhere among their arguments: `nodemon --watch src -e ts --exec
 * "ts-node src/main.ts"` gives `src/main.ts` even where option parsing by name would not get there.
 */
export function sourceFilesRunBy(command: string): string[] {
  return steps(command).flatMap((words) => (afterRunner(words) ?? []).filter((word) => SOURCE_FILE.test(word)).map((word) => word.replace(/^\.\//, "")));
}

/**
 * The scanned file a started path stands for: itself, its TypeScript source, or the `src/` file a `dist/` build comes
 * from; else the file at the package's top a build of sources kept there comes from (tsc's `outDir: "dist"` with no
 * `rootDir`: `dist/orders/app.js` from `orders/app.ts`).
 */
export function scannedSourceOf(root: string, file: string, hasFile: (file: string) => boolean): string | undefined {
  const base = root ? `${root}/${file}` : file;
  const bare = SOURCE_FILE.test(base) ? base.replace(SOURCE_FILE, "") : base;
  const buildFolder = new RegExp(`^${root ? `${escape(root)}/` : ""}(dist|build|out|lib)/`);
  const built = bare.replace(buildFolder, root ? `${root}/src/` : "src/");
  const atTop = bare.replace(buildFolder, root ? `${root}/` : "");
  for (const stem of [bare, built, atTop]) {
    for (const ext of SOURCE_FILE.test(base) && stem === bare ? [base.slice(bare.length), ".ts", ".js"] : [".ts", ".js", ".mjs", ".cjs", ".tsx"]) {
      if (hasFile(`${stem}${ext}`)) return `${stem}${ext}`;
    }
  }
  return undefined;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
