import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { prefetchBundle, prefetchPageCode } from './app/boot.ts';
import { initialLocale } from './i18n/i18n.tsx';
import './styles.css';

prefetchBundle(initialLocale(), location.pathname);
prefetchPageCode(location.pathname);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
