// Module hooks for the import-graph probe: appends every URL the loader resolves to the file
// named by WS_WIDGETS_GRAPH_LOG (synchronously: the hooks run on their own thread).
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';

if (process.env.WS_WIDGETS_GRAPH_LOG && !process.env.WS_WIDGETS_GRAPH_HOOKED) {
  process.env.WS_WIDGETS_GRAPH_HOOKED = '1';
  register(import.meta.url);
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  appendFileSync(process.env.WS_WIDGETS_GRAPH_LOG, `${result.url}\n`);
  return result;
}
