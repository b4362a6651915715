import type { ComponentChildren } from 'preact';

/**
 * A polite live region: it is always in the DOM so screen readers notice when its text changes
 * (a region inserted together with its text is often not announced).
 */
export function LiveStatus(props: { children?: ComponentChildren; visuallyHidden?: boolean }) {
  return (
    <div role="status" class={props.visuallyHidden ? 'visually-hidden' : 'live-status'}>
      {props.children}
    </div>
  );
}

/** A busy indicator with a name, for a whole region that is loading. */
export function Spinner(props: { label: string }) {
  return (
    <div class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      <span class="visually-hidden">{props.label}</span>
    </div>
  );
}

/** Placeholder lines with the size of the content to come, so nothing jumps when it arrives. */
export function Skeleton(props: { lines?: number; label: string }) {
  const lines = Array.from({ length: props.lines ?? 3 }, (_, index) => index);
  return (
    <div class="skeleton" role="status" aria-busy="true">
      <span class="visually-hidden">{props.label}</span>
      {lines.map((line) => (
        <span key={line} class="skeleton-line" aria-hidden="true" />
      ))}
    </div>
  );
}
