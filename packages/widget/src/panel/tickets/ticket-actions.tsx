import type { Rating } from '@aide/core';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { usePanel } from '../context';
import { Button } from '../ui/button';
import { formatDate } from './format';
import { useText } from './text';

/** Close, after a confirmation that says it is final, with an optional comment. */
export function CloseControl(props: {
  busy: boolean;
  onClose: (comment: string) => Promise<boolean>;
}) {
  const text = useText();
  const [confirming, setConfirming] = useState(false);
  const [comment, setComment] = useState('');
  const opener = useRef<HTMLButtonElement>(null);
  const question = useRef<HTMLParagraphElement>(null);
  const returnFocus = useRef(false);
  useLayoutEffect(() => {
    if (confirming) {
      question.current?.focus();
    } else if (returnFocus.current) {
      returnFocus.current = false;
      opener.current?.focus();
    }
  }, [confirming]);
  if (!confirming) {
    return (
      <div class="ticket-action">
        <button
          ref={opener}
          type="button"
          class="button button-secondary"
          aria-expanded="false"
          onClick={() => setConfirming(true)}
        >
          {text('close.open')}
        </button>
      </div>
    );
  }
  return (
    <form
      class="ticket-action confirm"
      aria-labelledby="aide-close-question"
      onSubmit={async (event) => {
        event.preventDefault();
        if (await props.onClose(comment)) {
          setConfirming(false);
        }
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          // Escape cancels the confirmation, not the whole panel.
          event.stopPropagation();
          returnFocus.current = true;
          setConfirming(false);
        }
      }}
    >
      <p id="aide-close-question" ref={question} tabIndex={-1} class="confirm-question">
        {text('close.question')}
      </p>
      <div class="field">
        <label class="field-label" for="aide-close-comment">
          {text('close.comment')}
        </label>
        <textarea
          id="aide-close-comment"
          class="input"
          rows={2}
          dir="auto"
          maxLength={2000}
          value={comment}
          onInput={(event) => setComment(event.currentTarget.value)}
        />
      </div>
      <div class="actions">
        <Button type="submit" variant="danger" busy={props.busy}>
          {text('close.confirm')}
        </Button>
        <Button
          variant="ghost"
          onClick={() => {
            returnFocus.current = true;
            setConfirming(false);
          }}
        >
          {text('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

/** Reopen a resolved ticket, saying until when it is possible. */
export function ReopenControl(props: {
  until: string | null;
  busy: boolean;
  onReopen: () => void;
}) {
  const text = useText();
  const { locale } = usePanel();
  return (
    <div class="ticket-action">
      {props.until ? (
        <p class="muted">
          {text('reopen.until', { date: formatDate(props.until, locale.value, true) })}
        </p>
      ) : null}
      <Button busy={props.busy} onClick={props.onReopen}>
        {text('reopen.action')}
      </Button>
    </div>
  );
}

/**
 * Good / bad with an optional comment, once. After that (or when already rated) it shows the
 * rating given.
 */
export function RatingControl(props: {
  rating: Rating | null;
  canRate: boolean;
  busy: boolean;
  onRate: (score: Rating['score'], comment: string) => void;
}) {
  const text = useText();
  const [score, setScore] = useState<Rating['score'] | null>(null);
  const [comment, setComment] = useState('');
  if (props.rating) {
    return (
      <div class="ticket-action rating-given" data-score={props.rating.score}>
        <p>
          <span aria-hidden="true">{props.rating.score === 'good' ? '👍 ' : '👎 '}</span>
          {text('rate.given', { score: text(`rating.${props.rating.score}`) })}
        </p>
        {props.rating.comment ? (
          <blockquote class="rating-comment" dir="auto">
            {props.rating.comment}
          </blockquote>
        ) : null}
      </div>
    );
  }
  if (!props.canRate) {
    return null;
  }
  return (
    <form
      class="ticket-action rating"
      onSubmit={(event) => {
        event.preventDefault();
        if (score) {
          props.onRate(score, comment);
        }
      }}
    >
      <fieldset class="rating-choice">
        <legend class="field-label">{text('rate.question')}</legend>
        <div class="actions">
          {(['good', 'bad'] as const).map((value) => (
            <button
              key={value}
              type="button"
              class="button button-secondary rating-button"
              aria-pressed={score === value ? 'true' : 'false'}
              onClick={() => setScore(value)}
            >
              <span aria-hidden="true">{value === 'good' ? '👍 ' : '👎 '}</span>
              {text(`rating.${value}`)}
            </button>
          ))}
        </div>
      </fieldset>
      {score ? (
        <>
          <div class="field">
            <label class="field-label" for="aide-rate-comment">
              {text('rate.comment')}
            </label>
            <textarea
              id="aide-rate-comment"
              class="input"
              rows={2}
              dir="auto"
              maxLength={2000}
              value={comment}
              onInput={(event) => setComment(event.currentTarget.value)}
            />
          </div>
          <Button type="submit" variant="primary" busy={props.busy}>
            {text('rate.send')}
          </Button>
        </>
      ) : null}
    </form>
  );
}
