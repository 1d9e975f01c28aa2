// The user API (/api/v1/me/notifications) as a user's client calls it: with a user token
// minted by the service API, and plain fetch. Also publishing helpers and the inbox as
// PostgreSQL holds it, for assertions on what is really stored.
import { db } from "../../server/db/index.ts";
import type { Api } from "./clients.ts";

export const ME = "/api/v1/me/notifications";

export type HttpAnswer = { status: number; body: any };

/** One HTTP request with exactly the given headers (no API key added). */
export async function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  options: { authorization?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  if (options.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
    headers["content-type"] = "application/json";
  }
  const res = await fetch(baseUrl + path, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export type UserApi = {
  userId: string;
  token: string;
  request: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<HttpAnswer>;
};

/** A client of one user: mints a user token through the service API, then sends it as Bearer. */
export async function userApi(baseUrl: string, api: Api, userId: string): Promise<UserApi> {
  const minted = await api.request("POST", `/api/v1/users/${encodeURIComponent(userId)}/token`);
  if (minted.status !== 201) throw new Error(`token for ${userId}: ${minted.status} ${JSON.stringify(minted.body)}`);
  const token: string = minted.body.token;
  return {
    userId,
    token,
    request: (method, path, body, headers = {}) => rawRequest(baseUrl, method, path, { authorization: `Bearer ${token}`, body, headers }),
  };
}

/** Publishes one notification; returns the new ids by recipient. */
export async function publish(
  api: Api,
  recipients: string[],
  fields: { type?: string; title?: string } = {},
): Promise<Record<string, string>> {
  const res = await api.request("POST", "/api/v1/notifications", {
    recipients,
    type: fields.type ?? "test.event",
    title: fields.title ?? "Something happened",
  });
  if (res.status !== 202) throw new Error(`publish: ${res.status} ${JSON.stringify(res.body)}`);
  return Object.fromEntries(res.body.notifications.map((n: { id: string; userId: string }) => [n.userId, n.id]));
}

/** Publishes `count` notifications to one user, one after the other; returns their ids oldest first. */
export async function publishMany(api: Api, userId: string, count: number, type = "test.event"): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await publish(api, [userId], { type, title: `n${i}` }))[userId]);
  return ids;
}

export type StoredRow = { id: string; seq: number; type: string; readAt: string | null };

/** A user's notifications as PostgreSQL holds them, newest first. */
export async function storedRows(userId: string): Promise<StoredRow[]> {
  const rows = await db().notification.findMany({ where: { userId }, orderBy: { seq: "desc" } });
  return rows.map((r) => ({ id: r.id, seq: Number(r.seq), type: r.type, readAt: r.readAt?.toISOString() ?? null }));
}

/** The user's counter and version, and the real number of unread rows. */
export async function storedInbox(userId: string): Promise<{ unreadCount: number; version: number; unreadRows: number }> {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  const unreadRows = await db().notification.count({ where: { userId, readAt: null } });
  return { unreadCount: user.unreadCount, version: Number(user.inboxVersion), unreadRows };
}
