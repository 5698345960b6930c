import type { UiBundle, UiLocale } from '@loom/metadata';
import { api, setRequestLanguage } from '../api/client.ts';
import { currentSession } from '../api/session.ts';
import type { SessionAnswer } from '../api/types.ts';
import { initialLocale } from '../i18n/initial-locale.ts';

/**
 * Every first screen needs the session and the UI bundle. This small module is a script of
 * its own in index.html, ahead of the app's: the two requests go out as soon as it has
 * arrived, not once the app's code (React, the router, the query cache: most of the
 * JavaScript) has been downloaded and run. The app's boot takes the answers over, once.
 */
export interface EarlyRequests {
  readonly locale: UiLocale;
  readonly session: Promise<SessionAnswer | null>;
  readonly bundle: Promise<UiBundle>;
}

function send(): EarlyRequests {
  const session = currentSession();
  // Read after the session is asked for: the first read of the browser's storage can be slow.
  const locale = initialLocale();
  // The bundle, and everything after it, comes in the user's language.
  setRequestLanguage(locale);
  const bundle = api<UiBundle>('/api/meta/ui', { query: { locale }, quiet401: true });
  // Taken over by the boot, which handles a refusal (nobody signed in yet).
  session.catch(() => undefined);
  bundle.catch(() => undefined);
  return { locale, session, bundle };
}

let early: EarlyRequests | undefined = send();

/** The requests sent at start, for the first screen only (undefined once taken: later asks go out afresh). */
export function takeEarlyRequests(): EarlyRequests | undefined {
  const taken = early;
  early = undefined;
  return taken;
}
