import { isAideError } from '@aide/core';
import type { Translate } from '../../models/i18n';
import { describeError } from '../ui/error-message';
import type { TicketsText } from './text';

/** The sentence for a failed action: the API code's own message when there is one. */
export function errorText(text: TicketsText, t: Translate, error: unknown): string {
  if (isAideError(error)) {
    const key = `api_error.${error.code}`;
    const message = text(key);
    if (message !== key) {
      return message;
    }
  }
  return describeError(t, error);
}
