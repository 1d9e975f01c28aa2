import { typeDefinitionBody, typeKey, withDefaults } from "../../types/type-definition.ts";
import { listTypes, saveType } from "../../types/type-registry.ts";
import { route, type ApiRoute } from "../api-router.ts";

export const typeRoutes: ApiRoute[] = [
  // PUT /api/v1/types/{type} - declare a notification type (create or replace): name, priority, channels…
  route({
    method: "PUT",
    path: "/api/v1/types/:type",
    auth: "service",
    handler: async ({ params, body }) => {
      const type = typeKey.parse(params.type);
      const saved = await saveType(type, withDefaults(type, await body(typeDefinitionBody, 16 * 1024)));
      return { status: saved.created ? 201 : 200, body: { type: saved.type } };
    },
  }),
  // GET /api/v1/types - every registered type, auto-registered ones flagged
  route({
    method: "GET",
    path: "/api/v1/types",
    auth: "service",
    handler: async () => ({ status: 200, body: { types: await listTypes() } }),
  }),
];
