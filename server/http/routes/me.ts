// The user API: the signed-in person (session cookie) or a client holding a user token
// (Authorization: Bearer); the router authenticates them (auth: "user"), including the
// Origin check for changes made with a cookie. Every query is scoped to that user; other
// users' ids are answered as not found.
import { z } from "zod";
import { AppError } from "../../errors.ts";
import { clearNotifications } from "../../inbox/clear-notifications.ts";
import { getInboxState } from "../../inbox/inbox-state.ts";
import { getNotification } from "../../inbox/get-notification.ts";
import { listNotifications, listNotificationsQuery } from "../../inbox/list-notifications.ts";
import { markRead, markUnread } from "../../inbox/read-state.ts";
import { route, type ApiRoute } from "../api-router.ts";

const ids = z.array(z.uuid()).min(1).max(1000);
const markReadBody = z.union([z.strictObject({ ids }), z.strictObject({ all: z.literal(true) })]);
const idsBody = z.strictObject({ ids });
const BODY_LIMIT = 64 * 1024;

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
  route({
    // GET /api/v1/me/notifications?limit=&cursor=&status=unread|all&type= - the feed, newest first
    auth: "user",
    method: "GET",
    path: base,
    handler: async ({ caller: { userId }, query }) => {
      const input = listNotificationsQuery.parse(Object.fromEntries(query));
      return { status: 200, body: await listNotifications(userId, input) };
    },
  }),
  route({
    // GET /api/v1/me/notifications/unread-count
    auth: "user",
    method: "GET",
    path: `${base}/unread-count`,
    handler: async ({ caller }) => ({ status: 200, body: await getInboxState(caller.userId) }),
  }),
  route({
    // GET /api/v1/me/notifications/{id} - one item; a grouped or digest item with its parts
    auth: "user",
    method: "GET",
    path: `${base}/:id`,
    handler: async ({ caller: { userId }, params }) => ({ status: 200, body: await getNotification(userId, pathId(params.id)) }),
  }),
  route({
    // POST /api/v1/me/notifications/read - { ids } or { all: true }
    auth: "user",
    method: "POST",
    path: `${base}/read`,
    handler: async ({ caller: { userId }, body }) => {
      return { status: 200, body: await markRead(userId, await body(markReadBody, BODY_LIMIT)) };
    },
  }),
  route({
    // POST /api/v1/me/notifications/unread - { ids }
    auth: "user",
    method: "POST",
    path: `${base}/unread`,
    handler: async ({ caller: { userId }, body }) => {
      return { status: 200, body: await markUnread(userId, (await body(idsBody, BODY_LIMIT)).ids) };
    },
  }),
  route({
    // POST /api/v1/me/notifications/{id}/read
    auth: "user",
    method: "POST",
    path: `${base}/:id/read`,
    handler: async ({ caller: { userId }, params }) => {
      return { status: 200, body: oneOrNotFound(await markRead(userId, { ids: [pathId(params.id)] })) };
    },
  }),
  route({
    // POST /api/v1/me/notifications/{id}/unread
    auth: "user",
    method: "POST",
    path: `${base}/:id/unread`,
    handler: async ({ caller: { userId }, params }) => {
      return { status: 200, body: oneOrNotFound(await markUnread(userId, [pathId(params.id)])) };
    },
  }),
  route({
    // DELETE /api/v1/me/notifications/{id} - clear one
    auth: "user",
    method: "DELETE",
    path: `${base}/:id`,
    handler: async ({ caller: { userId }, params }) => {
      return { status: 200, body: oneOrNotFound(await clearNotifications(userId, { ids: [pathId(params.id)] })) };
    },
  }),
  route({
    // DELETE /api/v1/me/notifications?status=read - clear every read notification
    auth: "user",
    method: "DELETE",
    path: base,
    handler: async ({ caller: { userId }, query }) => {
      if (query.get("status") !== "read") {
        throw new AppError("validation_failed", "The request is not valid", [
          { path: "status", message: "only status=read can be cleared in bulk" },
        ]);
      }
      return { status: 200, body: await clearNotifications(userId, { read: true }) };
    },
  }),
];
