// Marks a link that leads to another site: an icon for the eye, words for screen readers.
export function ExternalLinkMark() {
  return (
    <span data-testid="external-link" className="inline-flex shrink-0 items-center opacity-80">
      <svg aria-hidden="true" viewBox="0 0 20 20" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.8">
        <path d="M11 4h5v5M16 4l-7 7M8 5H5a1 1 0 0 0-1 1v9a1 1 0 0 0 1 1h9a1 1 0 0 0 1-1v-3" />
      </svg>
      <span className="sr-only"> (opens another site)</span>
    </span>
  );
}
