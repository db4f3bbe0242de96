import { createTokenVerifier } from "./auth/verify-token.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { buildApp } from "./http/app.ts";
import { handleShutdownSignals } from "./lifecycle.ts";
import { createLogger } from "./logger.ts";
import { ROUTES, SERVICE_NAME } from "./service.ts";
import { shutdownTelemetry } from "./telemetry.ts";

/**
 * Start-up: check the environment, build the gateway, listen. Shutdown: stop taking requests
 * (in-flight ones finish, streamed bodies included), then flush the traces.
 */

const config = (() => {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${SERVICE_NAME}: ${error.message}`);
    return process.exit(1);
  }
})();

const logger = createLogger(config.logLevel);
let shuttingDown = false;
const app = await buildApp({ config, logger, verifyToken: createTokenVerifier(config.auth), shuttingDown: () => shuttingDown });

handleShutdownSignals(
  [
    { name: "http server", run: () => app.close() },
    { name: "telemetry", run: () => shutdownTelemetry() },
  ],
  {
    timeoutMs: config.shutdownTimeoutMs,
    logger,
    onStart: () => {
      shuttingDown = true;
    },
  },
);

try {
  await app.listen({ port: config.port, host: config.host });
  logger.info({ routes: ROUTES.map((service) => `/v1/${service}/*`), auth: config.auth.jwksUrl ? "jwks" : "shared secret (development)" }, `${SERVICE_NAME} listening on ${config.host}:${config.port}`);
} catch (error) {
  logger.fatal({ err: error }, "could not listen");
  process.exit(1);
}
