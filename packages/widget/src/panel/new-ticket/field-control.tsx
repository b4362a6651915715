import type { FieldMeta } from '@aide/core';
import type { NewTicketModel } from '../../models/new-ticket';
import { usePanel } from '../context';
import { Field, FieldGroup } from '../ui/field';
import { AttachmentsField } from './attachments-field';
import { EmployeesField } from './employees-field';
import { fieldId, inputType } from './field-id';

export interface FieldControlProps {
  model: NewTicketModel;
  field: FieldMeta;
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** `2026-11-23T10:00:00.000Z` ↔ the `datetime-local` input's `2026-11-23T11:00` in local time. */
function toLocalInput(iso: string): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

function fromLocalInput(value: string): string {
  const date = new Date(value);
  return value && !Number.isNaN(date.getTime()) ? date.toISOString() : '';
}

/** One category field, rendered from its metadata: the catalog decides what is asked. */
export function FieldControl({ model, field }: FieldControlProps) {
  const { t } = usePanel();
  const path = `fields.${field.name}`;
  const id = fieldId(path);
  const value = model.fields.value[field.name];
  const error = model.errors.value[path];
  const label = t(field.label_key);
  const hint = field.help_key ? t(field.help_key) : undefined;
  const placeholder = field.placeholder_key ? t(field.placeholder_key) : undefined;
  const set = (next: unknown) => model.setField(field.name, next);
  const blur = () => model.touch(path);
  const common = { label, hint, error, required: field.required, id };

  switch (field.kind) {
    case 'text':
    case 'url':
    case 'email':
    case 'date': {
      const type = inputType(field.kind);
      return (
        <Field {...common}>
          {(control) => (
            <input
              {...control}
              class="input"
              type={type}
              value={asString(value)}
              placeholder={placeholder}
              maxLength={field.max_length}
              onInput={(event) => set(event.currentTarget.value)}
              onBlur={blur}
            />
          )}
        </Field>
      );
    }
    case 'datetime':
      return (
        <Field {...common}>
          {(control) => (
            <input
              {...control}
              class="input"
              type="datetime-local"
              value={toLocalInput(asString(value))}
              onInput={(event) => set(fromLocalInput(event.currentTarget.value))}
              onBlur={blur}
            />
          )}
        </Field>
      );
    case 'number':
      return (
        <Field {...common}>
          {(control) => (
            <input
              {...control}
              class="input"
              type="number"
              inputMode="numeric"
              value={typeof value === 'number' ? String(value) : ''}
              onInput={(event) => {
                const raw = event.currentTarget.value;
                set(raw === '' ? null : Number(raw));
              }}
              onBlur={blur}
            />
          )}
        </Field>
      );
    case 'textarea':
    case 'markdown':
      return (
        <Field {...common}>
          {(control) => (
            <textarea
              {...control}
              class="input"
              rows={4}
              value={asString(value)}
              placeholder={placeholder}
              maxLength={field.max_length}
              onInput={(event) => set(event.currentTarget.value)}
              onBlur={blur}
            />
          )}
        </Field>
      );
    case 'select':
      return (
        <Field {...common}>
          {(control) => (
            <select
              {...control}
              class="input"
              multiple={field.multiple}
              value={field.multiple ? undefined : asString(value)}
              onChange={(event) => {
                const select = event.currentTarget;
                set(
                  field.multiple
                    ? Array.from(select.selectedOptions, (option) => option.value)
                    : select.value,
                );
              }}
              onBlur={blur}
            >
              {field.multiple ? null : <option value="">—</option>}
              {field.options?.map((option) => (
                <option
                  key={option.value}
                  value={option.value}
                  selected={
                    field.multiple && Array.isArray(value)
                      ? value.includes(option.value)
                      : undefined
                  }
                >
                  {t(option.label_key)}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
    case 'radio':
      return (
        <FieldGroup id={id} legend={label} required={field.required} hint={hint} error={error}>
          <div class="radio-list">
            {field.options?.map((option) => (
              <label key={option.value} class="check">
                <input
                  type="radio"
                  name={id}
                  value={option.value}
                  checked={value === option.value}
                  onChange={() => set(option.value)}
                  onBlur={blur}
                />
                <span>{t(option.label_key)}</span>
              </label>
            ))}
          </div>
        </FieldGroup>
      );
    case 'checkbox':
      return (
        <div class="field" data-invalid={error ? 'true' : undefined}>
          <label class="check">
            <input
              id={id}
              type="checkbox"
              checked={value === true}
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={
                [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') ||
                undefined
              }
              aria-required={field.required ? 'true' : undefined}
              onChange={(event) => {
                set(event.currentTarget.checked);
                blur();
              }}
            />
            <span>
              {label}
              {field.required ? (
                <span class="required" aria-hidden="true">
                  {' '}
                  *
                </span>
              ) : null}
            </span>
          </label>
          {hint ? (
            <p id={`${id}-hint`} class="field-hint">
              {hint}
            </p>
          ) : null}
          {error ? (
            <p id={`${id}-error`} class="field-error">
              {error}
            </p>
          ) : null}
        </div>
      );
    case 'attachments':
      return (
        <AttachmentsField
          model={model}
          field={field.name}
          id={id}
          label={label}
          hint={hint}
          required={field.required}
          accept={field.accept}
          error={error}
        />
      );
    case 'employees':
      return <EmployeesField model={model} field={field} id={id} label={label} hint={hint} />;
    default:
      return field.kind satisfies never;
  }
}
