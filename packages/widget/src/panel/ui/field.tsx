import type { ComponentChildren, JSX } from 'preact';
import { usePanel } from '../context';

/** Attributes a control needs to be tied to its label, hint and error. */
export interface ControlProps {
  id: string;
  'aria-invalid'?: 'true';
  'aria-describedby'?: string;
  'aria-required'?: 'true';
}

export interface FieldProps {
  id: string;
  label: string;
  required?: boolean;
  hint?: string | undefined;
  error?: string | undefined;
  children: (control: ControlProps) => JSX.Element;
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function controlProps(id: string, required: boolean, hint?: string, error?: string): ControlProps {
  const describedById = describedBy(id, hint, error);
  return {
    id,
    ...(error ? { 'aria-invalid': 'true' as const } : {}),
    ...(describedById ? { 'aria-describedby': describedById } : {}),
    ...(required ? { 'aria-required': 'true' as const } : {}),
  };
}

function RequiredMark() {
  const { t } = usePanel();
  return (
    <span class="required" title={t('common.required')}>
      <span aria-hidden="true"> *</span>
      <span class="visually-hidden"> ({t('common.required')})</span>
    </span>
  );
}

export function FieldMessages(props: {
  id: string;
  hint?: string | undefined;
  error?: string | undefined;
}) {
  return (
    <>
      {props.hint ? (
        <p id={`${props.id}-hint`} class="field-hint">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={`${props.id}-error`} class="field-error">
          {props.error}
        </p>
      ) : null}
    </>
  );
}

/** A labelled control with its required marker, hint and inline error. */
export function Field(props: FieldProps) {
  const required = props.required ?? false;
  return (
    <div class="field" data-invalid={props.error ? 'true' : undefined}>
      <label class="field-label" for={props.id}>
        {props.label}
        {required ? <RequiredMark /> : null}
      </label>
      {props.children(controlProps(props.id, required, props.hint, props.error))}
      <FieldMessages id={props.id} hint={props.hint} error={props.error} />
    </div>
  );
}

/** A group of controls (radios, a repeater) under one legend. */
export function FieldGroup(props: {
  id: string;
  legend: string;
  required?: boolean | undefined;
  hint?: string | undefined;
  error?: string | undefined;
  children: ComponentChildren;
}) {
  const describedById = describedBy(props.id, props.hint, props.error);
  return (
    <fieldset
      class="field field-group"
      id={props.id}
      aria-describedby={describedById}
      aria-invalid={props.error ? 'true' : undefined}
      data-invalid={props.error ? 'true' : undefined}
    >
      <legend class="field-label">
        {props.legend}
        {props.required ? <RequiredMark /> : null}
      </legend>
      {props.children}
      <FieldMessages id={props.id} hint={props.hint} error={props.error} />
    </fieldset>
  );
}
