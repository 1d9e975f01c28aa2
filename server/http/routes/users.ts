import { z } from "zod";
import { authenticateApiKey } from "../../auth/api-keys.ts";
import { mintUserToken } from "../../auth/user-token.ts";
import { requireUser, upsertUser } from "../../users/upsert-user.ts";
import type { ApiRoute } from "../api-router.ts";
import { readJson } from "../read-json.ts";

const userIdParam = z.string().min(1, "userId is required").max(200, "userId is at most 200 characters");

const upsertUserBody = z.strictObject({
  email: z.email().max(320).nullable().optional(),
  name: z.string().trim().min(1).max(200).nullable().optional(),
});

export const userRoutes: ApiRoute[] = [
  {
    // PUT /api/v1/users/{userId} - create or update a user the SaaS knows (email, name).
    method: "PUT",
    path: "/api/v1/users/:userId",
    handler: async ({ raw, params }) => {
      await authenticateApiKey(raw.headers.authorization);
      const userId = userIdParam.parse(params.userId);
      const body = await readJson(raw, upsertUserBody, 16 * 1024);
      const { user, created } = await upsertUser({ id: userId, ...body });
      return { status: created ? 201 : 200, body: { user } };
    },
  },
  {
    // POST /api/v1/users/{userId}/token - mint a short-lived JWT for that user's client
    // (Socket.IO `auth: { token }`, and `Authorization: Bearer` on the user API).
    method: "POST",
    path: "/api/v1/users/:userId/token",
    handler: async ({ raw, params }) => {
      await authenticateApiKey(raw.headers.authorization);
      const user = await requireUser(userIdParam.parse(params.userId));
      return { status: 201, body: await mintUserToken(user.id) };
    },
  },
];
