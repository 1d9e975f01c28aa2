// Control events between every process that shares the database: the instances, the
// command-line scripts, Next's route handlers. They are rare (a session ends, an account
// is disabled, a notification type changes) and must reach every instance whoever caused them, with or without Redis,
// so they travel as PostgreSQL NOTIFY on one channel: sent by the same statement that
// makes the change (delivered only if it commits), heard by each instance's LISTEN.
import pg from "pg";
import { z } from "zod";
import { log } from "../log.ts";

export const CONTROL_CHANNEL = "herald_control";

export const controlEvent = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("end-connections"),
    userId: z.string(),
    /** Only the sockets opened with this browser session; all of the user's when absent. */
    sessionId: z.string().optional(),
    reason: z.enum(["signed_out", "session_revoked", "user_disabled"]),
  }),
  // A notification type was created or changed: every process reloads its registry.
  z.object({ kind: z.literal("types-changed") }),
  // Someone made a choice for this type: every process stops assuming its defaults.
  z.object({ kind: z.literal("preferences-changed"), type: z.string() }),
  // An admin changed the deployment's channel switches or SMTP settings: every process reloads them.
  z.object({ kind: z.literal("settings-changed") }),
  // An API key was revoked: every process drops it from its cache.
  z.object({ kind: z.literal("api-key-revoked"), keyId: z.string() }),
  // The control channel reconnected: anything announced meanwhile may be lost, caches reload.
  z.object({ kind: z.literal("reconnected") }),
]);
export type ControlEvent = z.infer<typeof controlEvent>;
export type EndConnections = Extract<ControlEvent, { kind: "end-connections" }>;

export type ControlListener = { close: () => Promise<void> };

const RETRY_MS = [250, 500, 1000, 2000, 5000];

/** LISTENs on the control channel for this instance, reconnecting if the connection drops. */
export async function listenControlEvents(url: string, onEvent: (event: ControlEvent) => void): Promise<ControlListener> {
  let client: pg.Client | undefined;
  let closed = false;
  let attempt = 0;

  let reconnecting = false;
  const scheduleReconnect = () => {
    if (closed) return;
    reconnecting = true;
    const delay = RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)];
    log.warn({ retryInMs: delay }, "control channel lost; reconnecting");
    setTimeout(() => void connect().catch(scheduleReconnect), delay).unref();
  };

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, application_name: "herald-control" });
    c.on("notification", (message) => {
      if (message.channel !== CONTROL_CHANNEL || !message.payload) return;
      const parsed = controlEvent.safeParse(safeJson(message.payload));
      if (parsed.success) onEvent(parsed.data);
      else log.warn({ payload: message.payload.slice(0, 200) }, "unreadable control event");
    });
    c.on("error", (err) => log.warn({ err }, "control channel error"));
    try {
      await c.connect();
      await c.query(`LISTEN ${CONTROL_CHANNEL}`);
    } catch (error) {
      await c.end().catch(() => {});
      throw error;
    }
    c.on("end", () => {
      if (client !== c) return;
      client = undefined;
      scheduleReconnect();
    });
    // Whatever was announced while the connection was down is lost: caches reload.
    if (client === undefined && reconnecting) onEvent({ kind: "reconnected" });
    client = c;
    attempt = 0;
  };

  await connect();
  return {
    close: async () => {
      closed = true;
      await client?.end().catch(() => {});
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
