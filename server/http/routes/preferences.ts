import { listPreferences, preferencesBody, updatePreferences } from "../../preferences/preferences.ts";
import { route, type ApiRoute } from "../api-router.ts";

export const preferenceRoutes: ApiRoute[] = [
  // GET /api/v1/me/preferences - every type × channel: enabled, and locked for critical types
  route({
    method: "GET",
    path: "/api/v1/me/preferences",
    auth: "user",
    handler: async ({ caller }) => ({ status: 200, body: { preferences: await listPreferences(caller.userId) } }),
  }),
  // PUT /api/v1/me/preferences - { preferences: [{ type, channel, enabled }] }, all or none
  route({
    method: "PUT",
    path: "/api/v1/me/preferences",
    auth: "user",
    handler: async ({ caller, body }) => ({
      status: 200,
      body: { preferences: await updatePreferences(caller.userId, await body(preferencesBody, 128 * 1024)) },
    }),
  }),
];
