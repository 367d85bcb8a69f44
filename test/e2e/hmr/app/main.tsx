// The app's entry: it imports only the root component, so an edit below it is applied by Fast Refresh, not a page reload.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html needs an element with id="root".');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
