import './platform/ioredisMockGlobals';
import './app/zodJitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { bootSandbox } from './app/bootstrap';
import { bootLearner } from './app/learnerBoot';
import { App } from './ui/App';
import { LearnerStoreContext } from './ui/learnerContext';
import './ui/styles.css';

const store = bootSandbox();
const learner = bootLearner(store);

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <LearnerStoreContext.Provider value={learner}>
      <App store={store} />
    </LearnerStoreContext.Provider>
  </StrictMode>,
);
