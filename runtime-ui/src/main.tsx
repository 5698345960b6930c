import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createQueryClient } from './api/query-client.ts';
import { App } from './app/App.tsx';
import { prefetchFirstScreen } from './app/boot.ts';
import { createAppRouter, pages } from './app/route-tree.tsx';
import './styles.css';

const queryClient = createQueryClient();
const known = prefetchFirstScreen(queryClient, new URL(location.href), pages);
const router = createAppRouter();
const root = createRoot(document.getElementById('root')!);

/**
 * The first render waits until the session and the bundle are known (or a slow server has
 * kept them a moment): drawn before, it would only say "Loading…", and hold the main thread
 * while the bundle's answer waits to be read, and with it the list's request.
 */
const FIRST_RENDER_WAIT_MS = 250;
let rendered = false;
const render = () => {
  if (rendered) return;
  rendered = true;
  root.render(
    <StrictMode>
      <App queryClient={queryClient} router={router} />
    </StrictMode>,
  );
};
void known.then(render);
setTimeout(render, FIRST_RENDER_WAIT_MS);
