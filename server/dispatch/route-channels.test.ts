// The routing policy as a table: online/offline × preference on/off × priority × critical.
import { describe, expect, it } from "vitest";
import { withDefaults, type Channel, type NotificationType, type Priority } from "../types/type-definition.ts";
import { REASONS, routeChannels, type Route } from "./route-channels.ts";

function typeOf(priority: Priority, critical = false): NotificationType {
  return { type: "t", autoRegistered: false, createdAt: "", updatedAt: "", ...withDefaults("t", { priority, critical, batchWindowSeconds: 120 }) };
}

const route = (type: NotificationType, online: boolean, prefs: Partial<Record<Channel, boolean>> = {}): Route =>
  routeChannels({ type, overrides: new Map(Object.entries(prefs) as [Channel, boolean][]), online: () => online });

const deliver = { action: "deliver" };
const none = { action: "none" };
const off = { action: "skip", reason: REASONS.turnedOff };
const pushNow = { action: "queue", reason: REASONS.offline, afterSeconds: 0 };
const pushSkipped = { action: "skip", reason: REASONS.online };
const emailLater = { action: "queue", reason: "due 300 s after arrival if still unread", afterSeconds: 300 };

describe("routeChannels", () => {
  const cases: [string, NotificationType, boolean, Partial<Record<Channel, boolean>>, Route][] = [
    ["normal, online, defaults", typeOf("normal"), true, {}, { in_app: deliver, push: none, email: none } as Route],
    ["normal, offline, defaults", typeOf("normal"), false, {}, { in_app: deliver, push: none, email: none } as Route],
    ["normal, offline, push turned on", typeOf("normal"), false, { push: true }, { in_app: deliver, push: pushNow, email: none } as Route],
    ["normal (no email delay of its own), email turned on: the default delay", typeOf("normal"), true, { email: true }, { in_app: deliver, push: none, email: emailLater } as Route],
    ["normal, online, push turned on", typeOf("normal"), true, { push: true }, { in_app: deliver, push: pushSkipped, email: none } as Route],
    ["normal, in-app turned off", typeOf("normal"), true, { in_app: false }, { in_app: off, push: none, email: none } as Route],
    ["low, offline, defaults", typeOf("low"), false, {}, { in_app: deliver, push: none, email: none } as Route],
    ["high, online, defaults", typeOf("high"), true, {}, { in_app: deliver, push: pushSkipped, email: emailLater } as Route],
    ["high, offline, defaults", typeOf("high"), false, {}, { in_app: deliver, push: pushNow, email: emailLater } as Route],
    ["high, offline, push and email turned off", typeOf("high"), false, { push: false, email: false }, { in_app: deliver, push: off, email: off } as Route],
    ["high, online, in-app off: push and email at once", typeOf("high"), true, { in_app: false }, {
      in_app: off,
      push: { action: "queue", reason: REASONS.inAppOff, afterSeconds: 0 },
      email: { action: "queue", reason: REASONS.inAppOff, afterSeconds: 0 },
    } as Route],
    ["critical normal, turned off anyway: still in-app", typeOf("normal", true), false, { in_app: false }, { in_app: deliver, push: none, email: none } as Route],
    ["critical high, offline, everything turned off: all channels", typeOf("high", true), false, { in_app: false, push: false, email: false }, {
      in_app: deliver,
      push: pushNow,
      email: emailLater,
    } as Route],
    ["critical high, online: push skipped, email due", typeOf("high", true), true, {}, { in_app: deliver, push: pushSkipped, email: emailLater } as Route],
  ];

  it.each(cases)("%s", (_name, type, online, prefs, expected) => {
    expect(route(type, online, prefs)).toEqual(expected);
  });

  it("asks about presence only when push is on", () => {
    let asked = 0;
    routeChannels({ type: typeOf("normal"), overrides: undefined, online: () => (asked++, true) });
    expect(asked).toBe(0);
    routeChannels({ type: typeOf("high"), overrides: undefined, online: () => (asked++, true) });
    expect(asked).toBe(1);
  });

  it("uses the type's own email delay", () => {
    const type = { ...typeOf("high"), emailAfterSeconds: 30 };
    expect(route(type, false).email).toEqual({ action: "queue", reason: "due 30 s after arrival if still unread", afterSeconds: 30 });
  });
});

describe("routeChannels with channels turned off for the whole deployment", () => {
  const allOff = { action: "skip", reason: REASONS.deploymentOff };
  const routeWith = (type: NotificationType, online: boolean, turnedOff: Channel[], prefs: Partial<Record<Channel, boolean>> = {}) =>
    routeChannels({ type, overrides: new Map(Object.entries(prefs) as [Channel, boolean][]), online: () => online, turnedOffForAll: new Set(turnedOff) });

  it("skips a type's channel with the admin's reason, even for a critical type", () => {
    expect(routeWith(typeOf("high", true), false, ["push", "email"])).toEqual({ in_app: deliver, push: allOff, email: allOff });
  });

  it("skips in-app for everyone, and then does not wait for it to be read", () => {
    expect(routeWith(typeOf("high"), true, ["in_app"])).toEqual({
      in_app: allOff,
      push: { action: "queue", reason: REASONS.inAppOff, afterSeconds: 0 },
      email: { action: "queue", reason: REASONS.inAppOff, afterSeconds: 0 },
    });
  });

  it("leaves no trace on a channel that is not the type's", () => {
    expect(routeWith(typeOf("normal"), false, ["push", "email"])).toEqual({ in_app: deliver, push: none, email: none });
  });
});
