// Loaded first (a classic script) by every dist test page: records uncaught errors, scripts that
// failed to load, and console warnings/errors, so the tests can prove a build loaded cleanly.
(() => {
  const record = { errors: [], warnings: [] };
  window.__wsWidgetsDist = record;
  // Capture phase: a <script> that fails to load fires a non-bubbling `error` on the element.
  window.addEventListener(
    'error',
    (event) => {
      if (event instanceof ErrorEvent) record.errors.push(String(event.message));
      else if (event.target instanceof HTMLScriptElement) record.errors.push(`failed to load ${event.target.src}`);
    },
    true,
  );
  window.addEventListener('unhandledrejection', (event) => record.errors.push(String(event.reason)));
  for (const level of ['warn', 'error']) {
    const original = console[level].bind(console);
    console[level] = (...args) => {
      record.warnings.push(args.map(String).join(' '));
      original(...args);
    };
  }
})();
