import { trace } from "@opentelemetry/api";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from "fastify";

/**
 * One error format for every route: RFC 9457 problem details, served as
 * application/problem+json. Validation failures list each bad field.
 */

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Validation failures: where (body, params, querystring), which field (JSON pointer), what is wrong. */
  errors?: Array<{ in: string; pointer: string; message: string }>;
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/**
 * Throw from a handler to answer with a problem that is a failure. For an outcome the
 * handler expects (a 404 for an unknown id), answer with sendProblem instead.
 */
export class HttpProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly type: string;
  constructor(status: number, title: string, detail?: string, type = "about:blank") {
    super(detail ?? title);
    this.status = status;
    this.title = title;
    this.type = type;
  }
}

/** JSON schema of a problem body, for route response schemas and the OpenAPI document. */
export const problemSchema = {
  type: "object",
  required: ["type", "title", "status"],
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    instance: { type: "string" },
    errors: {
      type: "array",
      items: {
        type: "object",
        properties: { in: { type: "string" }, pointer: { type: "string" }, message: { type: "string" } },
      },
    },
  },
} as const;

/**
 * Answers with a problem without going through the error path: the request's trace span
 * stays un-errored, as the HTTP semantic conventions want for a 4xx (the caller's mistake).
 */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Omit<Problem, "instance">): FastifyReply {
  return reply
    .code(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ ...problem, instance: request.url } satisfies Problem);
}

const STATUS_TITLES: Record<number, string> = {
  400: "Bad Request",
  404: "Not Found",
  405: "Method Not Allowed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  503: "Service Unavailable",
};

/** The 400 of a failed JSON-schema validation, each bad field with where it is and what is wrong. */
function validationProblem(error: FastifyError): Problem {
  const where = error.validationContext ?? "request";
  return {
    type: "about:blank",
    title: "Bad Request",
    status: 400,
    detail: error.message,
    errors: (error.validation ?? []).map((issue) => {
      const missing = (issue.params as { missingProperty?: string }).missingProperty;
      const extra = (issue.params as { additionalProperty?: string }).additionalProperty;
      const field = missing ?? extra;
      return {
        in: where,
        pointer: field ? `${issue.instancePath}/${field}` : issue.instancePath || "/",
        message: extra ? `unknown property "${extra}"` : issue.message ?? "is invalid",
      };
    }),
  };
}

const answerInvalidInput: preHandlerHookHandler = function answerInvalidInput(request, reply, done) {
  if (!request.validationError) return done();
  // Not calling done(): the reply is sent, nothing after this hook runs.
  sendProblem(request, reply, validationProblem(request.validationError as FastifyError));
};

/**
 * Input that fails its schema is answered like any expected outcome, with sendProblem, not
 * thrown: a thrown error passes the tracing instrumentation's onError hook, which marks the
 * request's span ERROR, so a tracing backend would count every caller's typo as our failure.
 * Routes with a schema get Fastify's attachValidation and a first preHandler that answers the
 * 400 before any other preHandler or the handler runs. A route that sets attachValidation
 * itself reads request.validationError in its handler, so it is left alone.
 */
function answerInvalidInputAsExpectedOutcome(app: FastifyInstance): void {
  app.addHook("onRoute", (route) => {
    if (!route.schema || route.attachValidation === true) return;
    route.attachValidation = true;
    const existing = route.preHandler ?? [];
    route.preHandler = [answerInvalidInput, ...(Array.isArray(existing) ? existing : [existing])];
  });
}

export function registerProblemHandlers(app: FastifyInstance): void {
  answerInvalidInputAsExpectedOutcome(app);
  app.setErrorHandler((error: FastifyError | HttpProblem, request, reply) => {
    let problem: Problem;
    if ("validation" in error && error.validation) {
      // A validation error a handler threw on (see answerInvalidInputAsExpectedOutcome).
      problem = validationProblem(error);
    } else if (error instanceof HttpProblem) {
      problem = { type: error.type, title: error.title, status: error.status, detail: error.message };
    } else {
      const status = typeof error.statusCode === "number" && error.statusCode >= 400 ? error.statusCode : 500;
      if (status >= 500) request.log.error({ err: error }, "request failed");
      problem = {
        type: "about:blank",
        title: STATUS_TITLES[status] ?? (status >= 500 ? "Internal Server Error" : "Error"),
        status,
        // A 5xx never leaks internals; a 4xx from Fastify (bad JSON, too large) says what was wrong.
        ...(status < 500 ? { detail: error.message } : {}),
      };
    }
    // The tracing instrumentation records no exceptions itself (it would record every 4xx too): a 5xx's is recorded here.
    if (problem.status >= 500) trace.getActiveSpan()?.recordException(error);
    return sendProblem(request, reply, problem);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, { type: "about:blank", title: "Not Found", status: 404, detail: `no route for ${request.method} ${request.url.split("?")[0]}` }),
  );
}
