import { isAideError } from '@aide/core';
import type { Translate } from '../../models/i18n';

/** A sentence for a failed request, in the user's language; codes map to vendor-overridable keys. */
export function describeError(t: Translate, error: unknown): string {
  if (isAideError(error)) {
    switch (error.code) {
      case 'network_error':
      case 'timeout':
      case 'service_unavailable':
        return t('error.network');
      case 'unauthorized':
        return t('error.unauthorized');
      default:
        return t('error.load');
    }
  }
  return t('error.generic');
}
