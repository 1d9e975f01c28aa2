import { z } from "zod";
import { mintUserToken } from "../../auth/user-token.ts";
import { requireActiveUser, upsertUser } from "../../users/upsert-user.ts";
import { route, type ApiRoute } from "../api-router.ts";

const userIdParam = z.string().min(1, "userId is required").max(200, "userId is at most 200 characters");

const upsertUserBody = z.strictObject({
  email: z.email().max(320).nullable().optional(),
  name: z.string().trim().min(1).max(200).nullable().optional(),
});

export const userRoutes: ApiRoute[] = [
  // PUT /api/v1/users/{userId} - create or update a user the SaaS knows (email, name).
  route({
    method: "PUT",
    path: "/api/v1/users/:userId",
    auth: "service",
    handler: async ({ params, body }) => {
      const userId = userIdParam.parse(params.userId);
      const { user, created } = await upsertUser({ id: userId, ...(await body(upsertUserBody, 16 * 1024)) });
      return { status: created ? 201 : 200, body: { user } };
    },
  }),
  // POST /api/v1/users/{userId}/token - mint a short-lived JWT for that user's client
  // (Socket.IO `auth: { token }`, and `Authorization: Bearer` on the user API).
  route({
    method: "POST",
    path: "/api/v1/users/:userId/token",
    auth: "service",
    handler: async ({ params }) => {
      const user = await requireActiveUser(userIdParam.parse(params.userId));
      return { status: 201, body: await mintUserToken(user.id) };
    },
  }),
];
