// The user API: the signed-in person (session cookie) or a client holding a user token
// (Authorization: Bearer). Every query is scoped to that user; other users' ids are
// answered as not found.
import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { authenticateUser, originAllowed } from "../../auth/authenticate-user.ts";
import { bearerToken } from "../../auth/api-keys.ts";
import { AppError } from "../../errors.ts";
import { clearNotifications } from "../../inbox/clear-notifications.ts";
import { getInboxState } from "../../inbox/inbox-state.ts";
import { listNotifications, listNotificationsQuery } from "../../inbox/list-notifications.ts";
import { markRead, markUnread } from "../../inbox/read-state.ts";
import type { ApiRoute } from "../api-router.ts";
import { readJson } from "../read-json.ts";

const ids = z.array(z.uuid()).min(1).max(1000);
const markReadBody = z.union([z.strictObject({ ids }), z.strictObject({ all: z.literal(true) })]);
const idsBody = z.strictObject({ ids });
const BODY_LIMIT = 64 * 1024;

async function me(raw: IncomingMessage): Promise<string> {
  const { userId, via } = await authenticateUser({ token: bearerToken(raw.headers.authorization), headers: raw.headers });
  // Cookies ride along on cross-site requests; a change made with one must come from our pages.
  if (via === "session" && raw.method !== "GET" && !originAllowed(raw.headers)) {
    throw new AppError("forbidden", `Origin ${raw.headers.origin} is not allowed`);
  }
  return userId;
}

/** One id in a path: anything that is not one of the user's notifications is not found. */
function oneOrNotFound<T extends { notFound: string[] }>(result: T): T {
  if (result.notFound.length > 0) throw new AppError("not_found", "Notification not found");
  return result;
}

function pathId(id: string | undefined): string {
  if (!id || !z.uuid().safeParse(id).success) throw new AppError("not_found", "Notification not found");
  return id;
}

const base = "/api/v1/me/notifications";

export const meRoutes: ApiRoute[] = [
  {
    // GET /api/v1/me/notifications?limit=&cursor=&status=unread|all&type= - the feed, newest first
    method: "GET",
    path: base,
    handler: async ({ raw, query }) => {
      const userId = await me(raw);
      const input = listNotificationsQuery.parse(Object.fromEntries(query));
      return { status: 200, body: await listNotifications(userId, input) };
    },
  },
  {
    // GET /api/v1/me/notifications/unread-count
    method: "GET",
    path: `${base}/unread-count`,
    handler: async ({ raw }) => ({ status: 200, body: await getInboxState(await me(raw)) }),
  },
  {
    // POST /api/v1/me/notifications/read - { ids } or { all: true }
    method: "POST",
    path: `${base}/read`,
    handler: async ({ raw }) => {
      const userId = await me(raw);
      return { status: 200, body: await markRead(userId, await readJson(raw, markReadBody, BODY_LIMIT)) };
    },
  },
  {
    // POST /api/v1/me/notifications/unread - { ids }
    method: "POST",
    path: `${base}/unread`,
    handler: async ({ raw }) => {
      const userId = await me(raw);
      return { status: 200, body: await markUnread(userId, (await readJson(raw, idsBody, BODY_LIMIT)).ids) };
    },
  },
  {
    // POST /api/v1/me/notifications/{id}/read
    method: "POST",
    path: `${base}/:id/read`,
    handler: async ({ raw, params }) => {
      const userId = await me(raw);
      return { status: 200, body: oneOrNotFound(await markRead(userId, { ids: [pathId(params.id)] })) };
    },
  },
  {
    // POST /api/v1/me/notifications/{id}/unread
    method: "POST",
    path: `${base}/:id/unread`,
    handler: async ({ raw, params }) => {
      const userId = await me(raw);
      return { status: 200, body: oneOrNotFound(await markUnread(userId, [pathId(params.id)])) };
    },
  },
  {
    // DELETE /api/v1/me/notifications/{id} - clear one
    method: "DELETE",
    path: `${base}/:id`,
    handler: async ({ raw, params }) => {
      const userId = await me(raw);
      return { status: 200, body: oneOrNotFound(await clearNotifications(userId, { ids: [pathId(params.id)] })) };
    },
  },
  {
    // DELETE /api/v1/me/notifications?status=read - clear every read notification
    method: "DELETE",
    path: base,
    handler: async ({ raw, query }) => {
      const userId = await me(raw);
      if (query.get("status") !== "read") {
        throw new AppError("validation_failed", "The request is not valid", [
          { path: "status", message: "only status=read can be cleared in bulk" },
        ]);
      }
      return { status: 200, body: await clearNotifications(userId, { read: true }) };
    },
  },
];
