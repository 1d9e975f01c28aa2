import { createApiHandler, type ApiRoute } from "../api-router.ts";
import { notificationRoutes } from "./notifications.ts";
import { userRoutes } from "./users.ts";
import { meRoutes } from "./me.ts";
import { accountRoutes } from "./account.ts";
import { preferenceRoutes } from "./preferences.ts";
import { typeRoutes } from "./types.ts";
import { pushSubscriptionRoutes } from "./push-subscriptions.ts";
import { unsubscribeRoutes } from "./unsubscribe.ts";
import { adminRoutes } from "./admin.ts";
import { workspaceRoutes } from "./workspace.ts";

/** Every /api/v1 route the server serves (tests/integration/admin-authorization.test.ts walks it). */
export const apiRoutes: ApiRoute[] = [
  ...userRoutes,
  ...notificationRoutes,
  ...meRoutes,
  ...accountRoutes,
  ...preferenceRoutes,
  ...typeRoutes,
  ...pushSubscriptionRoutes,
  ...unsubscribeRoutes,
  ...adminRoutes,
  ...workspaceRoutes,
];

export const handleApiRequest = createApiHandler(apiRoutes);
