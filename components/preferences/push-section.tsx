// Push is turned on per browser (each one subscribes for itself), so it has its own
// section rather than a column of switches. The switches above choose which types may
// use push; this section is where a browser signs up to receive it.
import { PushToggle } from "../push/push-toggle.tsx";

export function PushSection() {
  return (
    <section
      aria-labelledby="push-section-title"
      data-testid="push-section"
      className="mt-10 rounded-card border border-line bg-surface px-4 py-5"
    >
      <h2 id="push-section-title" className="font-semibold">
        Push notifications in this browser
      </h2>
      <p className="mt-1 text-sm text-fg-muted">
        Push is set up separately in each browser and on each phone: it reaches you when Herald isn&apos;t open, for the
        types whose Push switch is on.
      </p>
      <div className="mt-3">
        <PushToggle />
      </div>
    </section>
  );
}
