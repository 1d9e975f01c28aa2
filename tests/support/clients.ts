// Real clients for tests: socket.io-client over WebSocket and fetch against the API.
import { io, type Socket } from "socket.io-client";
import { createApiKey } from "../../server/auth/api-keys.ts";
import { upsertUser } from "../../server/users/upsert-user.ts";
import type { ClientToServerEvents, ServerEventName, ServerEventPayload, ServerToClientEvents } from "../../lib/events.ts";
import { TEST_ORIGIN } from "./herald-process.ts";

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type ConnectOptions = { token?: string; origin?: string | null; cookie?: string; auth?: Record<string, unknown> };

function openSocket(url: string, options: ConnectOptions): TestSocket {
  const headers: Record<string, string> = {};
  if (options.origin !== null) headers.origin = options.origin ?? TEST_ORIGIN;
  if (options.cookie) headers.cookie = options.cookie;
  return io(url, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: headers,
    auth: options.auth ?? (options.token ? { token: options.token } : {}),
  });
}

/** Connects and resolves once the server accepted the handshake. */
export function connectSocket(url: string, options: ConnectOptions): Promise<TestSocket> {
  const socket = openSocket(url, options);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Resolves with the connect_error a refused handshake produces. */
export function refusedConnection(url: string, options: ConnectOptions): Promise<Error & { data?: { code?: string } }> {
  const socket = openSocket(url, options);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => {
      socket.close();
      reject(new Error("the connection was accepted"));
    });
    socket.once("connect_error", (error) => {
      socket.close();
      resolve(error);
    });
  });
}

/** Records every payload of one event a socket receives. */
export function collect<E extends ServerEventName>(socket: TestSocket, event: E): ServerEventPayload<E>[] {
  const received: ServerEventPayload<E>[] = [];
  socket.on(event as "notification:new", ((payload: ServerEventPayload<E>) => received.push(payload)));
  return received;
}

export async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Polls an async check (a query, a request) until it returns a value. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 5000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * A barrier for "nothing more arrives": publishes a marker notification to `userId` over
 * the API and returns its id for each. Wait until a socket received it: whatever the server sent
 * that socket before (a duplicate, a stray event) has arrived by then, since one socket
 * gets its events in the order they were sent, and so does each instance through Redis.
 */
export async function publishMarker(api: Api, ...userIds: string[]): Promise<Record<string, string>> {
  const res = await api.request("POST", "/api/v1/notifications", { recipients: userIds, type: "test.marker", title: "marker" });
  if (res.status !== 202) throw new Error(`marker: ${res.status} ${JSON.stringify(res.body)}`);
  return Object.fromEntries(res.body.notifications.map((n: { id: string; userId: string }) => [n.userId, n.id]));
}

export type Api = {
  key: string;
  request: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: any }>;
};

/** An API key created through the domain, and a fetch wrapper that sends it. */
export async function apiClient(baseUrl: string): Promise<Api> {
  const { secret } = await createApiKey("test");
  return {
    key: secret,
    request: async (method, path, body, headers = {}) => {
      const res = await fetch(baseUrl + path, {
        method,
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", ...headers },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
  };
}

export async function createUsers(...ids: string[]): Promise<void> {
  for (const id of ids) await upsertUser({ id, email: `${id}@example.test`, name: id });
}
