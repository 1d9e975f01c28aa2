// Every admin console page, in one place: the console's navigation is built from it and
// tests/integration/admin-authorization.test.ts walks it (and checks it against the
// page files under app/(app)/admin), so a new page cannot be left unguarded or unlisted.
export type AdminPage = { path: string; label: string; nav: boolean };

export const ADMIN_PAGES: readonly AdminPage[] = [
  { path: "/admin", label: "Overview", nav: true },
  { path: "/admin/people", label: "People", nav: true },
  { path: "/admin/people/[userId]", label: "Person", nav: false },
  { path: "/admin/deliveries", label: "Delivery log", nav: true },
  { path: "/admin/deliveries/[id]", label: "Notification", nav: false },
  { path: "/admin/channels", label: "Channels", nav: true },
  { path: "/admin/types", label: "Types", nav: true },
  { path: "/admin/api-keys", label: "API keys", nav: true },
  { path: "/admin/outbox", label: "Email outbox", nav: true },
  { path: "/admin/outbox/[id]", label: "Email", nav: false },
  { path: "/admin/test", label: "Send a test", nav: true },
  { path: "/admin/audit", label: "Audit log", nav: true },
];
