import { createApiHandler } from "../api-router.ts";
import { notificationRoutes } from "./notifications.ts";
import { userRoutes } from "./users.ts";
import { meRoutes } from "./me.ts";

export const handleApiRequest = createApiHandler([...userRoutes, ...notificationRoutes, ...meRoutes]);
