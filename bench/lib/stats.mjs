// Small statistics for the bench: medians, percentiles, sliding-window peaks and number formats.

/** The value below which `p` (0..1) of the sorted values fall (nearest rank). */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank];
}

export const median = (values) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The largest number of timestamps (ms) that fall in any window of `width` ms. */
export function peakInWindow(timestamps, width) {
  const sorted = [...timestamps].sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= width) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

/** Formats a number with `digits` decimals and thin grouping, or '-' when there is none. */
export function fmt(value, digits = 0) {
  if (value === undefined || value === null || Number.isNaN(value)) return '-';
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

export const kb = (bytes) => `${fmt(bytes / 1024, 2)} KB`;
