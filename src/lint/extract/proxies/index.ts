import type { Extractor } from "../extractor.js";
import { expressHttpProxy } from "./express-http-proxy.js";
import { fastifyHttpProxy } from "./fastify-http-proxy.js";
import { httpProxy } from "./http-proxy.js";
import { httpProxyMiddleware } from "./http-proxy-middleware.js";
import { replyFrom } from "./reply-from.js";
import { fastGateway } from "./fast-gateway.js";
import { kFastifyGateway } from "./k-fastify-gateway.js";
import { apolloGateway } from "./apollo-gateway.js";

/** One extractor per proxy library; each runs only in files that import it. */
export const PROXY_EXTRACTORS: readonly Extractor[] = [replyFrom, fastifyHttpProxy, httpProxyMiddleware, expressHttpProxy, httpProxy, fastGateway, kFastifyGateway, apolloGateway];
