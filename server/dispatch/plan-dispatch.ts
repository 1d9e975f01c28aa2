// Before a publish is written: its type (registered on first use), each recipient's
// preferences for it, and, only for those whose push is on, who is online right now;
// then the route of every recipient (server/dispatch/route-channels.ts).
import { channelEnabled, loadOverrides } from "../preferences/preferences.ts";
import { onlineAmong } from "../presence/index.ts";
import { channelsTurnedOff } from "../admin/deployment-settings.ts";
import type { NotificationType } from "../types/type-definition.ts";
import { typeForPublish } from "../types/type-registry.ts";
import { routeChannels, type Route } from "./route-channels.ts";
import type { UserId } from "../../lib/events.ts";

export type DispatchPlan = {
  type: NotificationType;
  routes: Map<UserId, Route>;
};

export async function planDispatch(typeName: string, recipients: UserId[]): Promise<DispatchPlan> {
  const type = await typeForPublish(typeName);
  const [overrides, turnedOffForAll] = await Promise.all([loadOverrides(type.type, recipients), channelsTurnedOff()]);
  const maybePush = turnedOffForAll.has("push") ? [] : recipients.filter((u) => channelEnabled(type, "push", overrides.get(u)));
  const online = maybePush.length > 0 ? await onlineAmong(maybePush) : new Set<UserId>();
  const routes = new Map(recipients.map((u) => [u, routeChannels({ type, overrides: overrides.get(u), online: () => online.has(u), turnedOffForAll })]));
  return { type, routes };
}
