// The signed-in person's browsers for Web Push: the service worker's PushSubscription is
// stored here, and the VAPID public key that browsers subscribe with is given out here.
import { z } from "zod";
import { getConfig } from "../../config/index.ts";
import { AppError } from "../../errors.ts";
import {
  listPushSubscriptions,
  pushSubscriptionBody,
  subscribePush,
  unsubscribeBody,
  unsubscribePush,
} from "../../channels/push/subscriptions.ts";
import { route, type ApiRoute } from "../api-router.ts";

const base = "/api/v1/me/push-subscriptions";
const BODY_LIMIT = 8 * 1024;

const notFound = () => new AppError("not_found", "Push subscription not found");

export const pushSubscriptionRoutes: ApiRoute[] = [
  // GET /api/v1/me/push-subscriptions - the VAPID public key and the caller's subscribed browsers
  route({
    method: "GET",
    path: base,
    auth: "user",
    handler: async ({ caller }) => ({
      status: 200,
      body: { vapidPublicKey: getConfig().vapid.publicKey, subscriptions: await listPushSubscriptions(caller.userId) },
    }),
  }),
  // POST /api/v1/me/push-subscriptions - PushSubscription JSON { endpoint, keys: { p256dh, auth } }; 201 new, 200 known
  route({
    method: "POST",
    path: base,
    auth: "user",
    handler: async ({ caller, body, raw }) => {
      const input = await body(pushSubscriptionBody, BODY_LIMIT);
      const { subscription, created } = await subscribePush(caller.userId, input, raw.headers["user-agent"]);
      return { status: created ? 201 : 200, body: { subscription } };
    },
  }),
  // DELETE /api/v1/me/push-subscriptions - { endpoint }: this browser turns push off
  route({
    method: "DELETE",
    path: base,
    auth: "user",
    handler: async ({ caller, body }) => {
      if (!(await unsubscribePush(caller.userId, await body(unsubscribeBody, BODY_LIMIT)))) throw notFound();
      return { status: 204, body: undefined };
    },
  }),
  // DELETE /api/v1/me/push-subscriptions/{id} - remove one of the caller's browsers
  route({
    method: "DELETE",
    path: `${base}/:id`,
    auth: "user",
    handler: async ({ caller, params }) => {
      const id = z.uuid().safeParse(params.id);
      if (!id.success || !(await unsubscribePush(caller.userId, { id: id.data }))) throw notFound();
      return { status: 204, body: undefined };
    },
  }),
];
