// The demo workspace's first tasks (README: "Demo workspace"), so a first start shows work
// in progress. Written once, into an empty workspace; never touches tasks people made.
// Seeding publishes nothing: bells fill as people act.
import { db } from "../server/db/index.ts";

type SeedTask = { title: string; description: string; owner: string; assignee?: string; comments: [author: string, body: string][] };

const TASKS: SeedTask[] = [
  {
    title: "Ship the onboarding checklist",
    description: "New teams should see five steps on their first day: invite people, connect a service, publish a first notification, choose channels, install the app.",
    owner: "bob",
    assignee: "alice",
    comments: [
      ["alice", "I'll write the copy this week. @carol could you look at the illustrations?"],
      ["carol", "Happy to. I'll have drafts by Thursday."],
    ],
  },
  {
    title: "Fix the flaky billing webhook",
    description: "Stripe retries pile up when our endpoint answers slowly. Answer 200 at once and process the event in a job.",
    owner: "alice",
    assignee: "bob",
    comments: [["bob", "Reproduced it with a 3 s delay. A job queue fixes it; PR tomorrow."]],
  },
  {
    title: "Plan the Q1 roadmap review",
    description: "Collect the top requests from support and sales before the review on the 15th.",
    owner: "carol",
    comments: [],
  },
];

/** Creates the demo tasks when the workspace has none and the demo people exist; returns how many. */
export async function seedDemoWorkspace(): Promise<number> {
  if ((await db().task.count()) > 0) return 0;
  const people = new Set(TASKS.flatMap((t) => [t.owner, t.assignee ?? t.owner, ...t.comments.map(([a]) => a)]));
  if ((await db().user.count({ where: { id: { in: [...people] } } })) < people.size) return 0;
  let at = Date.now() - TASKS.length * 3_600_000;
  for (const task of TASKS) {
    const watchers = new Set([task.owner, ...(task.assignee ? [task.assignee] : []), ...task.comments.map(([author]) => author)]);
    const created = new Date((at += 3_600_000) - 1_800_000);
    await db().task.create({
      data: {
        title: task.title,
        description: task.description,
        ownerId: task.owner,
        assigneeId: task.assignee ?? null,
        createdAt: created,
        updatedAt: new Date(created.getTime() + task.comments.length * 600_000),
        watchers: { create: [...watchers].map((userId) => ({ userId })) },
        comments: { create: task.comments.map(([authorId, body], i) => ({ authorId, body, createdAt: new Date(created.getTime() + (i + 1) * 600_000) })) },
      },
    });
  }
  return TASKS.length;
}
