import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { trapTab } from './focus-trap';

export interface DialogProps {
  title: string;
  closeLabel: string;
  onClose: () => void;
  /** Rendered between the header and the body (the tabs). */
  nav?: ComponentChildren;
  children?: ComponentChildren;
}

/** A labelled modal dialog: focus moves in on open, Tab stays inside, Escape closes. */
export function Dialog(props: DialogProps) {
  const dialog = useRef<HTMLDivElement>(null);
  // Layout effect: focus must be in the dialog by the time open() resolves.
  useLayoutEffect(() => {
    dialog.current?.focus();
  }, []);
  return (
    <div
      ref={dialog}
      class="panel"
      role="dialog"
      aria-modal="true"
      aria-labelledby="aide-panel-title"
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          props.onClose();
          return;
        }
        if (dialog.current) {
          trapTab(event, dialog.current);
        }
      }}
    >
      <header class="panel-header">
        <h2 id="aide-panel-title" class="panel-title">
          {props.title}
        </h2>
        <button
          type="button"
          class="panel-close"
          aria-label={props.closeLabel}
          onClick={props.onClose}
        >
          <span aria-hidden="true">×</span>
        </button>
      </header>
      {props.nav}
      <div class="panel-body">{props.children}</div>
    </div>
  );
}
