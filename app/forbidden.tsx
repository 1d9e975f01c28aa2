// What a signed-in person sees (with status 403) on a page they may not open: the admin
// console for someone who is not an admin.
import Link from "next/link";

export default function Forbidden() {
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="text-xl font-semibold">You cannot open this page</h1>
      <p className="mt-2 text-sm text-fg-muted">It is for admins of this Herald. Ask one if you need access.</p>
      <Link href="/" className="mt-6 inline-block font-medium text-accent underline">
        Back to Herald
      </Link>
    </main>
  );
}
