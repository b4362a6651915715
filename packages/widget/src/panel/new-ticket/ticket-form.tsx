import { commonFields, type Priority, priorities, visibleFields } from '@aide/core';
import { useEffect, useRef } from 'preact/hooks';
import type { NewTicketModel } from '../../models/new-ticket';
import { usePanel } from '../context';
import { Button } from '../ui/button';
import { Field, FieldGroup } from '../ui/field';
import { AttachmentsField, filesFrom } from './attachments-field';
import { ContextPreview } from './context-preview';
import { FieldControl } from './field-control';
import { fieldId } from './field-id';
import { SimilarTickets } from './similar-tickets';

function metaOf(name: string) {
  return commonFields.find((field) => field.name === name);
}

/** The form of one category: common fields around the category's own, rendered from metadata. */
export function TicketForm(props: { model: NewTicketModel }) {
  const { t } = usePanel();
  const { model } = props;
  const form = useRef<HTMLFormElement>(null);
  const category = model.category.value;
  const attempt = model.submitAttempt.value;
  useEffect(() => {
    if (attempt > 0) {
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    }
  }, [attempt]);
  if (!category) {
    return null;
  }
  const values = model.common.value;
  const errors = model.errors.value;
  const errorCount = Object.keys(errors).length;
  const text = (name: string, part: 'label' | 'help' | 'placeholder') => {
    const meta = metaOf(name);
    const key =
      part === 'label' ? meta?.label_key : part === 'help' ? meta?.help_key : meta?.placeholder_key;
    return key ? t(key) : undefined;
  };
  const busy = model.phase.value === 'submitting';
  const consentError = errors['consent.accepted'] ?? errors.consent;
  return (
    <form
      ref={form}
      class="ticket-form"
      noValidate
      aria-labelledby="aide-form-title"
      onSubmit={(event) => {
        event.preventDefault();
        void model.submit();
      }}
      onPaste={(event) => {
        const files = filesFrom(event.clipboardData?.files);
        if (files.length) {
          event.preventDefault();
          model.addFiles('attachments', files);
        }
      }}
    >
      <div class="form-header">
        <h3 id="aide-form-title">{category.label ?? t(category.label_key)}</h3>
        <Button variant="ghost" onClick={() => model.selectCategory(null)}>
          {t('new.changeCategory')}
        </Button>
      </div>
      {model.restoredDraft.value ? (
        <p class="notice actions" role="status">
          <span>{t('new.draftRestored')}</span>
          <Button variant="ghost" onClick={() => model.discardDraft()}>
            {t('new.discardDraft')}
          </Button>
        </p>
      ) : null}
      {attempt > 0 && errorCount > 0 ? (
        <p class="errors-summary" role="alert">
          {t('new.errorsSummary', { count: errorCount })}
        </p>
      ) : null}
      <Field
        id={fieldId('subject')}
        label={text('subject', 'label') ?? ''}
        hint={text('subject', 'help')}
        error={errors.subject}
        required
      >
        {(control) => (
          <input
            {...control}
            class="input"
            type="text"
            value={values.subject}
            maxLength={metaOf('subject')?.max_length}
            placeholder={text('subject', 'placeholder')}
            onInput={(event) => model.setCommon('subject', event.currentTarget.value)}
            onBlur={() => model.touch('subject')}
          />
        )}
      </Field>
      <SimilarTickets items={model.similar.value} />
      <Field
        id={fieldId('description')}
        label={text('description', 'label') ?? ''}
        hint={text('description', 'help')}
        error={errors.description}
        required
      >
        {(control) => (
          <textarea
            {...control}
            class="input"
            rows={6}
            value={values.description}
            onInput={(event) => model.setCommon('description', event.currentTarget.value)}
            onBlur={() => model.touch('description')}
          />
        )}
      </Field>
      {visibleFields(category, model.fields.value).map((field) => (
        <FieldControl key={field.name} model={model} field={field} />
      ))}
      <FieldGroup
        id={fieldId('priority')}
        legend={text('priority', 'label') ?? ''}
        hint={text('priority', 'help')}
        error={errors.priority}
      >
        <div class="radio-list">
          {priorities.map((priority: Priority) => (
            <label key={priority} class="check">
              <input
                type="radio"
                name="aide-priority"
                value={priority}
                checked={values.priority === priority}
                onChange={() => model.setCommon('priority', priority)}
              />
              <span>{t(`field.priority.option.${priority}`)}</span>
            </label>
          ))}
        </div>
      </FieldGroup>
      <AttachmentsField
        model={model}
        field="attachments"
        id={fieldId('attachments')}
        label={text('attachments', 'label') ?? t('new.attach.title')}
        error={errors.attachments}
      />
      <ContextPreview
        items={model.contextItems.value}
        removed={model.removedContext.value}
        onRemove={(key) => model.removeContext(key)}
        onRestore={() => model.restoreContext()}
      />
      <div class="field">
        <label class="check">
          <input
            id={fieldId('share_with_account_manager')}
            type="checkbox"
            checked={values.share_with_account_manager}
            onChange={(event) =>
              model.setCommon('share_with_account_manager', event.currentTarget.checked)
            }
          />
          <span>{text('share_with_account_manager', 'label')}</span>
        </label>
      </div>
      <div class="field" data-invalid={consentError ? 'true' : undefined}>
        <label class="check">
          <input
            id={fieldId('consent')}
            type="checkbox"
            checked={values.consent}
            aria-required="true"
            aria-invalid={consentError ? 'true' : undefined}
            aria-describedby={
              [
                text('consent', 'help') ? `${fieldId('consent')}-hint` : '',
                consentError ? `${fieldId('consent')}-error` : '',
              ]
                .filter(Boolean)
                .join(' ') || undefined
            }
            onChange={(event) => {
              model.setCommon('consent', event.currentTarget.checked);
              model.touch('consent');
            }}
          />
          <span>
            {text('consent', 'label')}
            <span class="required" aria-hidden="true">
              {' '}
              *
            </span>
          </span>
        </label>
        {text('consent', 'help') ? (
          <p id={`${fieldId('consent')}-hint`} class="field-hint">
            {text('consent', 'help')}
          </p>
        ) : null}
        {consentError ? (
          <p id={`${fieldId('consent')}-error`} class="field-error">
            {consentError}
          </p>
        ) : null}
      </div>
      {model.submitError.value ? (
        <p class="field-error" role="alert">
          {model.submitError.value}
        </p>
      ) : null}
      <div class="submit-row actions">
        <Button type="submit" variant="primary" busy={busy}>
          {busy ? t('new.submitting') : t('new.submit')}
        </Button>
        <span class="muted" aria-live="polite">
          {model.draftSavedAt.value ? t('new.draftSaved') : ''}
        </span>
      </div>
    </form>
  );
}
