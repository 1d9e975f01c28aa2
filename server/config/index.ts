// The one place that reads process.env. Validated once at boot into a typed config;
// every bad value is reported together with a clear message.
import { z } from "zod";
import { setLogLevel } from "../log.ts";
import { loadOrCreateSecrets } from "./secrets.ts";
import { defaultVapidSubject, isVapidPair, vapidPrivateKey, vapidPublicKey, vapidSubject } from "./vapid.ts";

const csv = z
  .string()
  .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean));

const url = (protocols: string[]) =>
  z.url({ message: `must be a URL (${protocols.join(", ")})` }).refine(
    (u) => protocols.some((p) => u.startsWith(`${p}://`)),
    `must start with ${protocols.map((p) => `${p}://`).join(" or ")}`,
  );

const secret = z.string().min(32, "must be at least 32 characters");

const bool = z.enum(["true", "false"]).transform((v) => v === "true");

/** Seed nodes of a Redis Cluster: redis(s):// URLs; TLS and credentials must agree across them. */
const redisClusterNodes = z
  .string()
  .transform((s, ctx) => {
    const urls = s.split(",").map((x) => x.trim()).filter(Boolean);
    const parsed = urls.map((u) => (URL.canParse(u) ? new URL(u) : undefined));
    if (urls.length === 0 || parsed.some((u) => !u || !["redis:", "rediss:"].includes(u.protocol))) {
      ctx.addIssue({ code: "custom", message: "must be comma-separated redis://host:port or rediss://host:port URLs" });
      return z.NEVER;
    }
    const nodes = parsed as URL[];
    const same = (get: (u: URL) => string) => nodes.every((u) => get(u) === get(nodes[0]));
    if (!same((u) => u.protocol) || !same((u) => u.username) || !same((u) => u.password)) {
      ctx.addIssue({ code: "custom", message: "every node must use the same scheme and credentials" });
      return z.NEVER;
    }
    return {
      nodes: nodes.map((u) => ({ host: u.hostname.replace(/^\[|\]$/g, ""), port: Number(u.port || 6379) })),
      tls: nodes[0].protocol === "rediss:",
      username: decodeURIComponent(nodes[0].username) || undefined,
      password: decodeURIComponent(nodes[0].password) || undefined,
    };
  });

/** An SMTP server: smtp:// (STARTTLS) or smtps:// (TLS from the start), credentials in the URL. */
export const smtpUrlSchema = url(["smtp", "smtps"]).refine((u) => URL.canParse(u) && new URL(u).hostname !== "", "must name a host: smtp://user:password@host:port");

/** A sender: "Name <address>" or a bare address, on one line. */
const mailFrom = z
  .string()
  .regex(/^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, 'must be an address, as "Herald <notifications@example.com>" or "notifications@example.com"');

/** An origin list, or "*" for any http(s) origin. */
const originList = z.union([z.literal("*"), csv]);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  PUBLIC_URL: url(["http", "https"]).optional(),
  ALLOWED_ORIGINS: csv.optional(),
  DATABASE_URL: url(["postgres", "postgresql"]).optional(),
  REDIS_URL: url(["redis", "rediss"]).optional(),
  REDIS_CLUSTER_NODES: redisClusterNodes.optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(5488),
  AUTH_SECRET: secret.optional(),
  TOKEN_SECRET: secret.optional(),
  USER_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  SEED_DEMO_DATA: z.enum(["true", "false"]).optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  CATCH_UP_LIMIT: z.coerce.number().int().min(0).max(500).default(20),
  RETENTION_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  RETENTION_MAX_PER_USER: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  RETENTION_SWEEP_CRON: z.string().min(9).default("* * * * *"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  HERALD_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "1-40 lower-case letters, digits, '-' or '_'")
    .optional(),
  ACTION_URL_ORIGINS: originList.optional(),
  ALLOW_PRIVATE_NETWORK_TARGETS: bool.default(false),
  TRUST_PROXY: bool.default(false),
  COMPRESS: bool.optional(),
  SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  SIGNIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(10_000).default(10),
  SIGNIN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).max(10_000).default(50),
  METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{16,200}$/, "16-200 visible ASCII characters, no spaces")
    .optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  VAPID_PUBLIC_KEY: vapidPublicKey.optional(),
  VAPID_PRIVATE_KEY: vapidPrivateKey.optional(),
  VAPID_SUBJECT: vapidSubject.optional(),
  SMTP_URL: smtpUrlSchema.optional(),
  MAIL_FROM: mailFrom.optional(),
})
  .refine((e) => !e.METRICS_PORT || e.METRICS_PORT !== e.PORT, { path: ["METRICS_PORT"], message: "must differ from PORT" })
  .refine((e) => !(e.REDIS_URL && e.REDIS_CLUSTER_NODES), {
    path: ["REDIS_CLUSTER_NODES"],
    message: "set REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a Redis Cluster), not both",
  })
  .refine((e) => !e.VAPID_PUBLIC_KEY === !e.VAPID_PRIVATE_KEY, {
    path: ["VAPID_PRIVATE_KEY"],
    message: "set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY together (npx web-push generate-vapid-keys), or neither",
  })
  .refine((e) => !e.VAPID_PUBLIC_KEY || !e.VAPID_PRIVATE_KEY || isVapidPair(e.VAPID_PUBLIC_KEY, e.VAPID_PRIVATE_KEY), {
    path: ["VAPID_PUBLIC_KEY"],
    message: "is not the public key of VAPID_PRIVATE_KEY",
  })
  // A made-up sender on a real mail server is refused or lands in spam: say who sends.
  .refine((e) => !e.SMTP_URL || e.MAIL_FROM, { path: ["MAIL_FROM"], message: "is required with SMTP_URL (the sender, as \"Herald <notifications@example.com>\")" });

export type Config = ReturnType<typeof buildConfig>;

export class ConfigError extends Error {}

function buildConfig(env: NodeJS.ProcessEnv) {
  // Empty strings count as unset, as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT || 3000}`).replace(/\/$/, "");
  const secrets = loadOrCreateSecrets(e.DATA_DIR, {
    authSecret: e.AUTH_SECRET,
    tokenSecret: e.TOKEN_SECRET,
    vapidPublicKey: e.VAPID_PUBLIC_KEY,
    vapidPrivateKey: e.VAPID_PRIVATE_KEY,
  });
  const allowedOrigins = e.ALLOWED_ORIGINS ?? [publicUrl, publicUrl.replace("//localhost", "//127.0.0.1")];
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    allowedOrigins,
    /** Set to pin the Redis namespace (blue/green); otherwise the installation id stored in the database. */
    namespace: e.HERALD_NAMESPACE,
    /** Origins an absolute actionUrl may point to ("*": any http(s) host). Paths always resolve to PUBLIC_URL. */
    actionUrlOrigins: e.ACTION_URL_ORIGINS ?? [...new Set([new URL(publicUrl).origin, ...allowedOrigins])],
    /** Outbound calls (push endpoints, SMTP, webhooks) may reach private, loopback and link-local addresses. */
    allowPrivateNetworkTargets: e.ALLOW_PRIVATE_NETWORK_TARGETS,
    /** Behind a reverse proxy: the client IP is the last X-Forwarded-For entry. */
    trustProxy: e.TRUST_PROXY,
    /** gzip/brotli for pages, static files and large GET JSON; on by default with embedded PostgreSQL (no proxy in front). */
    compress: e.COMPRESS ?? !e.DATABASE_URL,
    signIn: {
      maxFailures: e.SIGNIN_MAX_FAILURES,
      maxFailuresPerIp: e.SIGNIN_MAX_FAILURES_PER_IP,
      windowSeconds: e.SIGNIN_WINDOW_SECONDS,
    },
    maxSocketsPerUser: e.MAX_SOCKETS_PER_USER,
    /** /metrics: on the main port only with the token (Bearer); on 127.0.0.1:port when a port is set. */
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT },
    databaseUrl: e.DATABASE_URL,
    /** One Redis server. */
    redisUrl: e.REDIS_URL,
    /** Or a Redis Cluster: its seed nodes (the rest are discovered), TLS and credentials. */
    redisCluster: e.REDIS_CLUSTER_NODES,
    dataDir: e.DATA_DIR,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    seedDemoData: e.SEED_DEMO_DATA ? e.SEED_DEMO_DATA === "true" : !e.DATABASE_URL,
    authSecret: secrets.authSecret,
    tokenSecret: secrets.tokenSecret,
    embeddedDbPassword: secrets.embeddedDbPassword,
    /** Signs Web Push requests (VAPID); browsers subscribe with the public key. */
    vapid: {
      publicKey: secrets.vapidPublicKey,
      privateKey: secrets.vapidPrivateKey,
      subject: e.VAPID_SUBJECT ?? defaultVapidSubject(publicUrl),
    },
    userTokenTtlSeconds: e.USER_TOKEN_TTL_SECONDS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    catchUpLimit: e.CATCH_UP_LIMIT,
    /** Email: SMTP when a URL is set (it holds credentials: never log it), else the outbox table. */
    email: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM ?? `Herald <notifications@${new URL(publicUrl).hostname}>`, fromSetInEnv: e.MAIL_FROM !== undefined },
    retention: { maxAgeDays: e.RETENTION_MAX_AGE_DAYS, maxPerUser: e.RETENTION_MAX_PER_USER, sweepCron: e.RETENTION_SWEEP_CRON },
  };
}

const store = globalThis as unknown as { __heraldConfig?: Config };

/** Parses the environment on first use; later calls return the same object. */
export function getConfig(): Config {
  store.__heraldConfig ??= useConfig(buildConfig(process.env));
  return store.__heraldConfig;
}

/** For the server entry and tests: build from explicit overrides, replacing the cached config. */
export function loadConfig(overrides: Record<string, string | undefined> = {}): Config {
  store.__heraldConfig = useConfig(buildConfig({ ...process.env, ...overrides }));
  return store.__heraldConfig;
}

function useConfig(config: Config): Config {
  setLogLevel(config.logLevel);
  return config;
}
