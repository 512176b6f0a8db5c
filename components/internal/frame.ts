// Runs a callback on the next animation frame, or after a short timeout when frames do not come
// (a hidden tab gets none; its updates still land, at the browser's background timer rate).

const FALLBACK_MS = 100;

/** Schedules `run` once; returns a function that cancels it. */
export function nextFrame(run: () => void): () => void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    run();
  };
  const frame = requestAnimationFrame(once);
  const timer = setTimeout(once, FALLBACK_MS);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
