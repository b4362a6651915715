import { feedbackIntegration, init } from '@sentry/browser';

// The peer: Sentry's user-feedback widget as its docs set it up from npm, with the SDK's other
// default integrations off so that only what the feedback button needs is counted. The DSN
// points at the bench's own host page server (it answers the envelope endpoint).
init({
  dsn: `${location.protocol}//public@${location.host}/1`,
  defaultIntegrations: false,
  integrations: [feedbackIntegration({ autoInject: true, colorScheme: 'light' })],
});
