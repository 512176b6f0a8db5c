import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'ws-widgets/define';
import { App } from './App';

// StrictMode mounts, unmounts and mounts again: the hooks and elements must still share one socket.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
