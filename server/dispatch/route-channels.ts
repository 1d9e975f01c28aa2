// The routing policy, for one recipient of one notification: in-app if on; push if on and
// the person has no live connection (or will not see it in-app); email if on, once the
// type's delay has passed with the notification still unread. Pure, so the whole policy
// is one table of tests (route-channels.test.ts). Each decision says why, for the log.
import { channelEnabled } from "../preferences/preferences.ts";
import { DEFAULT_EMAIL_AFTER_SECONDS, type Channel, type NotificationType } from "../types/type-definition.ts";

export type RouteInput = {
  type: NotificationType;
  /** The person's own choices for this type (none: the type's defaults). */
  overrides: Map<Channel, boolean> | undefined;
  /** Whether the person has a live connection now; only asked when push is on. */
  online: () => boolean;
  /** Channels an admin turned off for the whole deployment. */
  turnedOffForAll?: ReadonlySet<Channel>;
};

/** What to do on one channel. `none` leaves no trace: the channel is not one of the type's and nobody asked for it. */
export type ChannelPlan =
  | { action: "deliver" }
  | { action: "skip"; reason: string }
  | { action: "queue"; reason: string; afterSeconds: number }
  | { action: "none" };

export type Route = Record<Channel, ChannelPlan>;

export const REASONS = {
  turnedOff: "turned off in preferences",
  online: "person online: shown in the app",
  offline: "person offline",
  inAppOff: "in-app turned off: not waiting for it to be read",
  deploymentOff: "turned off for the whole deployment by an admin",
} as const;

export function routeChannels({ type, overrides, online, turnedOffForAll }: RouteInput): Route {
  const offForAll = (channel: Channel) => turnedOffForAll?.has(channel) === true;
  const on = (channel: Channel) => !offForAll(channel) && channelEnabled(type, channel, overrides);
  const offPlan = (channel: Channel): ChannelPlan =>
    offForAll(channel) && (channel === "in_app" || channelEnabled(type, channel, overrides))
      ? { action: "skip", reason: REASONS.deploymentOff }
      : overrides?.get(channel) === false
        ? { action: "skip", reason: REASONS.turnedOff }
        : { action: "none" };

  const inApp: ChannelPlan = on("in_app") ? { action: "deliver" } : offPlan("in_app").action === "skip" ? offPlan("in_app") : { action: "skip", reason: REASONS.turnedOff };
  const shownInApp = inApp.action === "deliver";

  let push: ChannelPlan = offPlan("push");
  if (on("push")) {
    // Someone online sees it in the app at once; push is for when they will not.
    push = shownInApp && online() ? { action: "skip", reason: REASONS.online } : { action: "queue", reason: shownInApp ? REASONS.offline : REASONS.inAppOff, afterSeconds: 0 };
  }

  let email: ChannelPlan = offPlan("email");
  if (on("email")) {
    const delay = type.emailAfterSeconds ?? DEFAULT_EMAIL_AFTER_SECONDS;
    email = shownInApp
      ? { action: "queue", reason: `due ${delay} s after arrival if still unread`, afterSeconds: delay }
      : { action: "queue", reason: REASONS.inAppOff, afterSeconds: 0 };
  }

  return { in_app: inApp, push, email };
}
