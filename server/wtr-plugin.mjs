// Placeholder: replaced by the reference server's Web Test Runner plugin.
export function wsServerPlugin() {
  return { name: 'ws-server' };
}
