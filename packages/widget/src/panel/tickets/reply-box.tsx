import { useState } from 'preact/hooks';
import type { TicketsModel } from '../../models/tickets';
import { usePanel } from '../context';
import { Button } from '../ui/button';
import { formatSize } from './format';
import { useText } from './text';

/** The reply form: a Markdown message and attachments uploaded as they are picked. */
export function ReplyBox({
  model,
}: {
  model: Pick<TicketsModel, 'uploads' | 'addFiles' | 'removeUpload' | 'reply'>;
}) {
  const text = useText();
  const { locale } = usePanel();
  const [body, setBody] = useState('');
  const [sending, setSending] = useState(false);
  const uploads = model.uploads.value;
  const uploading = uploads.some((upload) => upload.state === 'uploading');
  return (
    <form
      class="reply"
      aria-labelledby="aide-reply-title"
      onSubmit={async (event) => {
        event.preventDefault();
        if (body.trim() === '' || uploading) {
          return;
        }
        setSending(true);
        // The message shows in the thread at once (and stays there with "Renvoyer" if it
        // fails, keeping its idempotency key): the field is free for the next one.
        const draft = body;
        setBody('');
        await model.reply(draft);
        setSending(false);
      }}
    >
      <h4 id="aide-reply-title" class="section-title">
        {text('reply.title')}
      </h4>
      <div class="field">
        <label class="field-label" for="aide-reply-body">
          {text('reply.label')}
        </label>
        <textarea
          id="aide-reply-body"
          class="input"
          rows={4}
          dir="auto"
          maxLength={50_000}
          aria-describedby="aide-reply-hint"
          value={body}
          onInput={(event) => setBody(event.currentTarget.value)}
        />
        <p id="aide-reply-hint" class="field-hint">
          {text('reply.hint')}
        </p>
      </div>
      {uploads.length > 0 ? (
        <ul class="file-list">
          {uploads.map((upload) => (
            <li key={upload.key} class="file-item" data-state={upload.state}>
              <span class="file-name" dir="auto">
                {upload.name} <span class="muted">({formatSize(upload.size, locale.value)})</span>
              </span>
              {upload.state === 'uploading' ? (
                <progress
                  max={100}
                  value={Math.round(upload.progress * 100)}
                  aria-label={text('reply.uploading', {
                    name: upload.name,
                    percent: Math.round(upload.progress * 100),
                  })}
                />
              ) : null}
              {upload.state === 'error' ? (
                <span class="field-error">{text('reply.uploadFailed', { name: upload.name })}</span>
              ) : null}
              <Button variant="ghost" onClick={() => model.removeUpload(upload.key)}>
                {text('reply.remove', { name: upload.name })}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <div class="actions reply-actions">
        <label class="button button-secondary file-picker">
          <input
            type="file"
            multiple
            class="visually-hidden"
            onChange={(event) => {
              const input = event.currentTarget;
              model.addFiles(Array.from(input.files ?? []));
              input.value = '';
            }}
          />
          {text('reply.attach')}
        </label>
        <Button
          type="submit"
          variant="primary"
          busy={sending}
          disabled={body.trim() === '' || uploading}
        >
          {text('reply.send')}
        </Button>
      </div>
      {uploading ? <p class="field-hint">{text('reply.waitUploads')}</p> : null}
    </form>
  );
}
