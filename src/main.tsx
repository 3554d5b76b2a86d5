import './platform/ioredisMockGlobals';
import './app/zodJitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { bootSandbox } from './app/bootstrap';
import { App } from './ui/App';
import './ui/styles.css';

const store = bootSandbox();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
);
