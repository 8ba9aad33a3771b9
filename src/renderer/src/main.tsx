import './zodConfig';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './shell/App';
import { ErrorBoundary } from './shell/ErrorBoundary';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('Keyhold: #root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
