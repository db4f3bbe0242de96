/**
 * Local settings for `npm run dev` and `npm run migrate` (never for `npm start` or the
 * container, which take the real environment only): the real environment first, then
 * `.env` (yours, not committed), then `.env.example` (values that run the service on one
 * machine, such as where the services it calls listen). process.loadEnvFile never replaces
 * a variable that is already set, so loading in that order gives that precedence.
 *
 * Loaded here rather than with `--env-file-if-exists=.env`: Node 22's watch mode crashes
 * when that file does not exist, and a fresh service has no `.env`.
 */
for (const file of [".env", ".env.example"]) {
  try {
    process.loadEnvFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
