// The kit as the demo page loads it under `npm start`: every element registered, from the sources.
// (`npm run preview` serves dist/ws-widgets.js under the same URL instead; see vite.config.ts.)
import '../components/define-all.js';
