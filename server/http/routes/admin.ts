// The admin console's JSON API, /api/v1/admin/…: every route is `auth: "admin"`, so the
// router checks the caller is an admin signed in with a session cookie (401 anonymous, 403
// anyone else, a user token included) before any handler runs. Each change is recorded
// with that caller (who, and by which session). The pages call these;
// tests/integration/admin-authorization.test.ts walks every /api/v1 route as an anonymous
// visitor, a non-admin and an admin's user token, so none can be left open.
import { z } from "zod";
import { auditQuery, listAudit } from "../../admin/audit-log.ts";
import { createAdminApiKey, createApiKeyBody, listAdminApiKeys, revokeAdminApiKey } from "../../admin/api-keys.ts";
import { describeChannels, sendTestEmail, setChannelSwitches, setSmtpSettings, testEmailBody } from "../../admin/channels.ts";
import { deliveryLogQuery, listDeliveryLog, notificationStory } from "../../admin/delivery-log.ts";
import { channelSwitchesBody, smtpSettingsBody } from "../../admin/deployment-settings.ts";
import { listOutbox, outboxQuery, readOutboxMessage } from "../../admin/outbox.ts";
import { loadOverview } from "../../admin/overview.ts";
import { describePerson, disabledBody, peopleQuery, removePushSubscription, roleBody, searchPeople, setDisabled, setRole, signOutEverywhere } from "../../admin/people.ts";
import { sendTestNotification, testNotificationBody } from "../../admin/test-notification.ts";
import { adminTypeBody, updateTypeChecked } from "../../admin/types-editor.ts";
import { typeKey } from "../../types/type-definition.ts";
import { listTypes } from "../../types/type-registry.ts";
import { route, type ApiRoute } from "../api-router.ts";

const SMALL = 16 * 1024;
const userId = z.string().min(1).max(200);
const queryOf = <S extends z.ZodType>(schema: S, query: URLSearchParams): z.output<S> => schema.parse(Object.fromEntries(query));

export const adminRoutes: ApiRoute[] = [
  // GET /api/v1/admin/overview - instances, connections, people online, recent volume, outcomes, queue
  route({ method: "GET", path: "/api/v1/admin/overview", auth: "admin", handler: async () => ({ status: 200, body: await loadOverview() }) }),
  // GET /api/v1/admin/audit - the audit log, newest first
  route({ method: "GET", path: "/api/v1/admin/audit", auth: "admin", handler: async ({ query }) => ({ status: 200, body: await listAudit(queryOf(auditQuery, query)) }) }),

  // GET /api/v1/admin/channels - switches, where mail goes (never the SMTP password), push
  route({ method: "GET", path: "/api/v1/admin/channels", auth: "admin", handler: async () => ({ status: 200, body: await describeChannels() }) }),
  // PUT /api/v1/admin/channels - each channel on or off for the whole deployment
  route({
    method: "PUT",
    path: "/api/v1/admin/channels",
    auth: "admin",
    handler: async ({ caller, body }) => ({ status: 200, body: await setChannelSwitches(caller, await body(channelSwitchesBody, SMALL)) }),
  }),
  // PUT /api/v1/admin/channels/smtp - SMTP URL and sender kept in the database (env wins)
  route({
    method: "PUT",
    path: "/api/v1/admin/channels/smtp",
    auth: "admin",
    handler: async ({ caller, body }) => ({ status: 200, body: await setSmtpSettings(caller, await body(smtpSettingsBody, SMALL)) }),
  }),
  // POST /api/v1/admin/channels/test-email - send one email and report the server's answer
  route({
    method: "POST",
    path: "/api/v1/admin/channels/test-email",
    auth: "admin",
    handler: async ({ caller, body }) => ({ status: 200, body: await sendTestEmail(caller, (await body(testEmailBody, SMALL)).to) }),
  }),

  // GET /api/v1/admin/types - every type, auto-registered ones flagged
  route({ method: "GET", path: "/api/v1/admin/types", auth: "admin", handler: async () => ({ status: 200, body: { types: await listTypes() } }) }),
  // PUT /api/v1/admin/types/{type} - edit a type; 409 when it changed since expectedUpdatedAt
  route({
    method: "PUT",
    path: "/api/v1/admin/types/:type",
    auth: "admin",
    handler: async ({ caller, params, body }) => ({
      status: 200,
      body: { type: await updateTypeChecked(caller, typeKey.parse(params.type), await body(adminTypeBody, SMALL)) },
    }),
  }),

  // GET /api/v1/admin/api-keys - name, created, last used, by whom, revoked
  route({ method: "GET", path: "/api/v1/admin/api-keys", auth: "admin", handler: async () => ({ status: 200, body: { keys: await listAdminApiKeys() } }) }),
  // POST /api/v1/admin/api-keys - create a key; the secret is in this answer only
  route({
    method: "POST",
    path: "/api/v1/admin/api-keys",
    auth: "admin",
    handler: async ({ caller, body }) => ({ status: 201, body: { key: await createAdminApiKey(caller, (await body(createApiKeyBody, SMALL)).name) } }),
  }),
  // DELETE /api/v1/admin/api-keys/{id} - revoke: refused at once by every instance
  route({
    method: "DELETE",
    path: "/api/v1/admin/api-keys/:id",
    auth: "admin",
    handler: async ({ caller, params }) => (await revokeAdminApiKey(caller, params.id), { status: 204, body: undefined }),
  }),

  // GET /api/v1/admin/people?q= - search by id, email or name
  route({ method: "GET", path: "/api/v1/admin/people", auth: "admin", handler: async ({ query }) => ({ status: 200, body: { people: await searchPeople(queryOf(peopleQuery, query).q) } }) }),
  // GET /api/v1/admin/people/{userId} - presence per instance, unread, push subscriptions, sessions
  route({ method: "GET", path: "/api/v1/admin/people/:userId", auth: "admin", handler: async ({ params }) => ({ status: 200, body: { person: await describePerson(userId.parse(params.userId)) } }) }),
  // POST /api/v1/admin/people/{userId}/sign-out - end every session and socket
  route({
    method: "POST",
    path: "/api/v1/admin/people/:userId/sign-out",
    auth: "admin",
    handler: async ({ caller, params }) => ({ status: 200, body: { sessionsEnded: await signOutEverywhere(caller, userId.parse(params.userId)) } }),
  }),
  // PUT /api/v1/admin/people/{userId}/role - make or remove an admin (never the last one)
  route({
    method: "PUT",
    path: "/api/v1/admin/people/:userId/role",
    auth: "admin",
    handler: async ({ caller, params, body }) => {
      const id = userId.parse(params.userId);
      await setRole(caller, id, (await body(roleBody, SMALL)).role);
      return { status: 200, body: { person: await describePerson(id) } };
    },
  }),
  // PUT /api/v1/admin/people/{userId}/disabled - disable or enable a person
  route({
    method: "PUT",
    path: "/api/v1/admin/people/:userId/disabled",
    auth: "admin",
    handler: async ({ caller, params, body }) => {
      const id = userId.parse(params.userId);
      await setDisabled(caller, id, (await body(disabledBody, SMALL)).disabled);
      return { status: 200, body: { person: await describePerson(id) } };
    },
  }),
  // DELETE /api/v1/admin/people/{userId}/push-subscriptions/{id} - remove one push subscription
  route({
    method: "DELETE",
    path: "/api/v1/admin/people/:userId/push-subscriptions/:id",
    auth: "admin",
    handler: async ({ caller, params }) => (await removePushSubscription(caller, userId.parse(params.userId), params.id), { status: 204, body: undefined }),
  }),

  // GET /api/v1/admin/deliveries - the delivery log, filtered
  route({ method: "GET", path: "/api/v1/admin/deliveries", auth: "admin", handler: async ({ query }) => ({ status: 200, body: await listDeliveryLog(queryOf(deliveryLogQuery, query)) }) }),
  // GET /api/v1/admin/deliveries/{id} - one notification's whole story
  route({ method: "GET", path: "/api/v1/admin/deliveries/:id", auth: "admin", handler: async ({ params }) => ({ status: 200, body: await notificationStory(params.id) }) }),

  // GET /api/v1/admin/outbox - emails written instead of sent
  route({ method: "GET", path: "/api/v1/admin/outbox", auth: "admin", handler: async ({ query }) => ({ status: 200, body: { emails: await listOutbox(queryOf(outboxQuery, query)) } }) }),
  // GET /api/v1/admin/outbox/{id} - one email: text, HTML, headers
  route({ method: "GET", path: "/api/v1/admin/outbox/:id", auth: "admin", handler: async ({ params }) => ({ status: 200, body: { email: await readOutboxMessage(params.id) } }) }),

  // POST /api/v1/admin/test-notifications - publish a test notification to a person or everyone
  route({
    method: "POST",
    path: "/api/v1/admin/test-notifications",
    auth: "admin",
    handler: async ({ caller, body }) => ({ status: 202, body: await sendTestNotification(caller, await body(testNotificationBody, SMALL)) }),
  }),
];
