import './zodConfig';
// The tokens and the base styles first: each component's stylesheet, imported with it, comes after.
import './styles/tokens.css';
import './styles/base.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './shell/App';
import { ErrorBoundary } from './shell/ErrorBoundary';

const root = document.getElementById('root');
if (!root) throw new Error('Keyhold: #root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
