// Herald's service worker: shows a Web Push notification and, on click, opens its link.
// It opens only paths on Herald's own origin, whatever the push says (the server already
// sends nothing else; this is the second check, as for links in the app). No fetch
// handler and no caches: pages always come from the server.
"use strict";

const FALLBACK_URL = "/notifications";
const DEFAULT_ICON = "/icons/icon-192.png";
const DEFAULT_BADGE = "/icons/badge-72.png";

/** A path on this origin for `value` (a path or a URL), or null when it would leave the origin. */
function sameOriginPath(value) {
  if (typeof value !== "string" || value === "") return null;
  try {
    const url = new URL(value, self.location.origin);
    if (url.origin !== self.location.origin) return null;
    return url.pathname + url.search + url.hash;
  } catch {
    return null;
  }
}

/** Where a click on a notification with this `url` goes. */
function notificationTarget(value) {
  return new URL(sameOriginPath(value) ?? FALLBACK_URL, self.location.origin).href;
}

function readPayload(event) {
  if (!event.data) return {};
  try {
    const payload = event.data.json();
    return payload && typeof payload === "object" ? payload : {};
  } catch {
    return { body: event.data.text() };
  }
}

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  const push = readPayload(event);
  const title = typeof push.title === "string" && push.title ? push.title : "Herald";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof push.body === "string" ? push.body : "",
      icon: sameOriginPath(push.icon) ?? DEFAULT_ICON,
      badge: sameOriginPath(push.badge) ?? DEFAULT_BADGE,
      // One notification per id: a push that arrives twice replaces itself.
      tag: typeof push.tag === "string" && push.tag ? push.tag : undefined,
      data: { id: push.id, url: sameOriginPath(push.url) ?? FALLBACK_URL },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openOrFocus(notificationTarget(event.notification.data && event.notification.data.url)));
});

/** Focuses a Herald tab showing `url`, else takes an open Herald tab there, else opens one. */
async function openOrFocus(url) {
  const tabs = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const showing = tabs.find((tab) => tab.url === url);
  if (showing) return showing.focus();
  const ours = tabs.find((tab) => new URL(tab.url).origin === self.location.origin);
  if (ours) {
    try {
      const focused = await ours.focus();
      return await focused.navigate(url);
    } catch {
      // navigate() needs a tab this worker controls; open a new one instead.
    }
  }
  return self.clients.openWindow(url);
}
