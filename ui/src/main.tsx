import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isTauri } from '@tauri-apps/api/core';

import { App } from './App';
import type { Backend } from './backend/backend';
import { createTauriBackend } from './backend/tauriBackend';
import './styles.css';

/** Inside the desktop shell: the real backend. In a plain browser during development: demo data. */
const chooseBackend = async (): Promise<Backend> => {
  if (!isTauri() && import.meta.env.DEV) {
    const { createFakeBackend } = await import('./backend/fake/fakeBackend');
    const { demoSeed } = await import('./backend/fake/demoSeed');
    return createFakeBackend(demoSeed());
  }
  return createTauriBackend();
};

/**
 * In the desktop shell, web, mail and phone links open in the system's browser, mail or
 * phone app: the web view only ever shows the app itself.
 */
const openLinksOutside = (backend: Backend) => {
  document.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest?.('a[href]');
    const href = link?.getAttribute('href') ?? '';
    if (!/^(https?:|mailto:|tel:)/i.test(href)) return;
    event.preventDefault();
    void backend.invoke('open_external', { url: href }).catch((error: unknown) => console.error('cannot open', href, error));
  });
};

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

void chooseBackend().then((backend) => {
  if (isTauri()) openLinksOutside(backend);
  createRoot(root).render(
    <StrictMode>
      <App backend={backend} />
    </StrictMode>,
  );
});
