import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';

export interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'class'> {
  variant?: ButtonVariant;
  /** Shows a spinner and announces the busy state; the button stays focusable. */
  busy?: boolean;
  children: ComponentChildren;
}

/** The widget's button. Defaults to type="button" so it never submits a form by accident. */
export function Button({ variant = 'secondary', busy = false, children, ...rest }: ButtonProps) {
  return (
    <button
      type="button"
      {...rest}
      class={`button button-${variant}`}
      aria-busy={busy ? 'true' : undefined}
      aria-disabled={busy || rest.disabled ? 'true' : undefined}
      disabled={rest.disabled}
      onClick={(event) => {
        if (busy) {
          event.preventDefault();
          return;
        }
        rest.onClick?.call(event.currentTarget, event);
      }}
    >
      {busy ? <span class="spinner spinner-inline" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}
