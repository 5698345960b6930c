import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createQueryClient } from './api/query-client.ts';
import { App } from './app/App.tsx';
import { prefetchFirstScreen } from './app/boot.ts';
import { createAppRouter, pages } from './app/route-tree.tsx';
import './styles.css';

const queryClient = createQueryClient();
prefetchFirstScreen(queryClient, new URL(location.href), pages);
const router = createAppRouter();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App queryClient={queryClient} router={router} />
  </StrictMode>,
);
