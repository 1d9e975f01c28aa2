// Boots one Herald instance: config, database, Next, the realtime gateway, one port.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import next from "next";
import { loadConfig, type Config } from "./config/index.ts";
import { connectDb, disconnectDb } from "./db/connect.ts";
import { prepareDatabase } from "./db/prepare-database.ts";
import { startJobs } from "./jobs/queue.ts";
import { announceEmailProvider } from "./channels/email/email-provider.ts";
import { log } from "./log.ts";
import { startGateway } from "./realtime/gateway.ts";
import { memoryPresence } from "./presence/presence-store.ts";
import { redisPresence } from "./presence/redis-presence.ts";
import { memoryRateLimiter, redisRateLimiter, setRateLimiter } from "./storm/rate-limiter.ts";
import { setPresence } from "./presence/index.ts";
import { connectRedis } from "./redis/connect-redis.ts";
import { redisNames, resolveNamespace } from "./redis/namespace.ts";
import { stampClientIp } from "./http/client-ip.ts";
import { listenControlEvents } from "./events/control-events.ts";
import { invalidateTypes } from "./types/type-registry.ts";
import { invalidateDeploymentSettings } from "./admin/deployment-settings.ts";
import { startInstanceHeartbeat } from "./admin/instances.ts";
import { forgetApiKey } from "./auth/api-keys.ts";
import { noteDisabled } from "./users/active-users.ts";
import { noteCustomisedType } from "./preferences/preferences.ts";
import { API_PREFIX } from "./http/api-router.ts";
import { handleApiRequest } from "./http/routes/index.ts";
import { createCompressor } from "./http/compression.ts";
import { applySecurityHeaders } from "./http/security-headers.ts";
import { startObservability } from "./observability/start-observability.ts";
import { startStep } from "./start-failure.ts";
import { seedDemoData } from "../prisma/seed.ts";
import { appKeySecret } from "./workspace/app-key.ts";
import { setSelfUrl } from "./workspace/post-notification.ts";

export type RunningServer = { url: string; port: number; config: Config; shutdown: () => Promise<void> };

export async function startServer(options: { dev?: boolean } = {}): Promise<RunningServer> {
  const config = loadConfig();
  const database = await prepareDatabase(config);
  const handles = connectDb(database.url);
  const jobs = await startJobs(database.url);
  void announceEmailProvider().catch(() => {}); // verifySmtp logged why it cannot be used
  const instanceId = randomUUID();
  const names = redisNames(await resolveNamespace(config.namespace));
  const redisAt = config.redisUrl ?? (config.redisCluster && `redis://${config.redisCluster.nodes[0].host}:${config.redisCluster.nodes[0].port}`);
  const variable = config.redisUrl ? "REDIS_URL" : "REDIS_CLUSTER_NODES";
  const redisClients = redisAt ? await startStep({ step: "redis", url: redisAt, variable }, () => connectRedis(config)) : undefined;
  const redis = redisClients && { clients: redisClients, names };
  const presence = redisClients ? redisPresence(redisClients.pub, names, instanceId) : memoryPresence(instanceId);
  setPresence(presence);
  setRateLimiter(redisClients ? redisRateLimiter(redisClients.pub, names) : memoryRateLimiter());
  // The demo workspace's own API key, made once (like the installation id) before anything publishes.
  await appKeySecret();
  if (config.seedDemoData) {
    const created = await seedDemoData();
    if (created > 0) log.info({ created }, "demo data created");
  }
  // NEXTAUTH_URL is how next-auth v4 builds its callback URLs; it follows PUBLIC_URL.
  process.env.NEXTAUTH_URL = config.publicUrl;

  const observability = await startObservability(config, { databaseUrl: database.url, redis: redisClients, jobs });

  const httpServer = createServer();
  const app = next({ dev: options.dev ?? false, dir: process.cwd(), hostname: "localhost", port: config.port, httpServer });
  await app.prepare();
  const handle = app.getRequestHandler();
  const handleUpgrade = app.getUpgradeHandler();
  const fail = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    log.error({ url: req.url, err: error }, "unhandled request error");
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "internal", message: "Internal server error" } }));
  };
  const compress = createCompressor(config.compress);
  const dispatch = (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith(API_PREFIX)) {
      // Next answers a path it cannot decode (`/notifications/%ff`) with a bare 500.
      if (!decodablePath(req.url)) return refuseUndecodablePath(res);
      return void handle(req, res).catch((error: unknown) => fail(req, res, error));
    }
    try {
      handleApiRequest(req, res);
    } catch (error) {
      fail(req, res, error);
    }
  };
  let shuttingDown = false;
  // Responses not yet sent when shutdown begins close their connection (a client on it must
  // not send its next request to an instance on its way out).
  const inFlight = new Set<ServerResponse>();
  httpServer.on("request", (req: IncomingMessage, res: ServerResponse) => {
    stampClientIp(req, config);
    applySecurityHeaders(req, res, config);
    if (shuttingDown) res.setHeader("connection", "close");
    if (observability.handle(req, res)) return;
    if (shuttingDown) return refuseWhileShuttingDown(res);
    inFlight.add(res);
    res.once("close", () => inFlight.delete(res));
    compress(req, res, () => dispatch(req, res));
  });
  httpServer.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!req.url?.startsWith("/socket.io/")) void handleUpgrade(req, socket, head);
  });
  const gateway = await startGateway(httpServer, config, { presence, redis });
  observability.countSockets(() => gateway.io.of("/").sockets.size);
  const control = await listenControlEvents(database.url, (event) => {
    if (event.kind === "types-changed" || event.kind === "reconnected") invalidateTypes();
    if (event.kind === "settings-changed" || event.kind === "reconnected") invalidateDeploymentSettings();
    if (event.kind === "api-key-revoked") forgetApiKey(event.keyId);
    if (event.kind === "reconnected") forgetApiKey();
    if (event.kind === "end-connections" && event.reason === "user_disabled") noteDisabled(event.userId);
    if (event.kind === "reconnected") noteCustomisedType();
    if (event.kind === "preferences-changed") noteCustomisedType(event.type);
    if (event.kind === "end-connections") gateway.control(event);
  });

  await startStep({ step: "listen", port: config.port, host: config.host }, () =>
    new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject);
      httpServer.listen(config.port, config.host, () => resolve());
    }),
  );
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  setSelfUrl(`http://${loopbackFor(config.host)}:${port}`);
  log.info({ url, redis: redisClients ? (redisClients.cluster ? "cluster" : "server") : false, embeddedDb: !config.databaseUrl, namespace: names.namespace, instanceId }, "herald listening");

  const heartbeat = startInstanceHeartbeat(instanceId, url, () => gateway.io.of("/").sockets.size);

  // A deploy: no new connections or requests (a request on a kept-alive connection gets 503
  // and the connection is closed), sockets closed so their clients go elsewhere, then the
  // requests in flight finish, and their events still reach the other instances through
  // Redis: the gateway stops handing events on only once nothing here can publish.
  let closing: Promise<void> | undefined;
  const shutdown = () =>
    (closing ??= (async () => {
      observability.markShuttingDown();
      shuttingDown = true;
      log.info("shutting down");
      for (const res of inFlight) if (!res.headersSent) res.setHeader("connection", "close");
      const drained = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      gateway.closeSockets();
      await heartbeat.stop();
      const timer = setTimeout(() => httpServer.closeAllConnections(), config.shutdownTimeoutMs);
      await drained;
      clearTimeout(timer);
      await control.close();
      await presence.close().catch((err: unknown) => log.warn({ err }, "presence close failed"));
      await app.close?.();
      await jobs.stop();
      gateway.stopEvents();
      await observability.close();
      await redisClients?.close();
      await disconnectDb(handles);
      await database.stop();
      log.info("shut down");
    })());
  return { url, port, config, shutdown };
}

function decodablePath(url: string | undefined): boolean {
  const path = (url ?? "/").split("?")[0];
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

function refuseUndecodablePath(res: ServerResponse): void {
  res.writeHead(400, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify({ error: { code: "bad_request", message: "The path has malformed percent-encoding (not UTF-8)" } }));
}

/** Once shutdown began: 503, try again (elsewhere), and this connection is not kept. */
function refuseWhileShuttingDown(res: ServerResponse): void {
  res.writeHead(503, { "content-type": "application/json; charset=utf-8", "retry-after": "1", connection: "close", "cache-control": "no-store" });
  res.end(JSON.stringify({ error: { code: "unavailable", message: "This instance is shutting down; nothing was done. Retry." } }));
}

/** How this process reaches its own listener: loopback when it listens on every interface. */
function loopbackFor(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "localhost") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}
