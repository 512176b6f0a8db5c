// The `ws-widgets/socket` entry: the same Lit-free core as the root entry.
export * from './index.js';
