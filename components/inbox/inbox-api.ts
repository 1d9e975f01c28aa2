// The browser's calls to the user API (session cookie). Answers that change the inbox
// are fed to the InboxClient like socket events, so this tab updates even before (or
// without) the echo from the server; repeats are harmless.
import type { InboxClient } from "@/lib/inbox-client.ts";
import type { InboxState, NotificationDto } from "@/lib/events.ts";
import type { Filter } from "./list-reducer.ts";

const BASE = "/api/v1/me/notifications";

export type Page = { items: NotificationDto[]; nextCursor: string | null };
type Changed = InboxState & { updated?: string[]; cleared?: string[]; notFound: string[] };

/** One user API call; every failure becomes a sentence a person can read. */
export async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: "same-origin", ...init, headers: { "content-type": "application/json", ...init?.headers } });
  } catch {
    throw new Error("Herald can't be reached right now. Check your connection.");
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.status === 503) throw new Error("Herald is briefly unavailable. Try again in a few seconds.");
  if (res.status === 401) throw new Error("Your session has ended. Sign in again.");
  if (!res.ok) throw new Error((body as { error?: { message?: string } } | null)?.error?.message ?? `The request failed (${res.status}).`);
  return body as T;
}

export function fetchPage(filter: Filter, limit: number, cursor?: string | null): Promise<Page> {
  const params = new URLSearchParams({ limit: String(limit), status: filter });
  if (cursor) params.set("cursor", cursor);
  return call<Page>(`${BASE}?${params}`);
}

export async function markRead(client: InboxClient, target: { ids: string[] } | { all: true }): Promise<void> {
  const r = await call<Changed>(`${BASE}/read`, { method: "POST", body: JSON.stringify(target) });
  client.ingest("notification:read", { ids: r.updated ?? [], readAt: new Date().toISOString(), unreadCount: r.unreadCount, version: r.version });
}

export async function markUnread(client: InboxClient, id: string): Promise<void> {
  const r = await call<Changed>(`${BASE}/${id}/unread`, { method: "POST" });
  client.ingest("notification:unread", { ids: r.updated ?? [], unreadCount: r.unreadCount, version: r.version });
}

export async function clearOne(client: InboxClient, id: string): Promise<void> {
  const r = await call<Changed>(`${BASE}/${id}`, { method: "DELETE" });
  client.ingest("notification:cleared", { ids: r.cleared ?? [], unreadCount: r.unreadCount, version: r.version });
}

/** Clears every read notification; resolves to how many were cleared. */
export async function clearRead(client: InboxClient): Promise<number> {
  const r = await call<Changed>(`${BASE}?status=read`, { method: "DELETE" });
  client.ingest("notification:cleared", { ids: r.cleared ?? [], unreadCount: r.unreadCount, version: r.version });
  return r.cleared?.length ?? 0;
}
