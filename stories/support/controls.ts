// Picks a control for each manifest-derived arg from its type text, since Storybook cannot read
// TypeScript unions such as `number | null | undefined`: numbers, switches, colour pickers, text.
// Outputs (reflected status, read-only fields) stay in the Docs table without a control.
import type { ArgTypesEnhancer, InputType, StrictInputType } from 'storybook/internal/types';
import { isOutputOf } from './manifest.js';

function controlFor(argType: StrictInputType): InputType['control'] {
  const category = argType.table?.category;
  const type = argType.table?.type?.summary ?? '';
  if (category === 'css custom properties')
    return /color|background/.test(argType.name) ? { type: 'color' } : { type: 'text' };
  if (category === 'events' || category === 'css shadow parts' || category === 'slots')
    return false;
  if (category !== 'attributes' && category !== 'properties') return argType.control;
  if (/\bboolean\b/.test(type)) return { type: 'boolean' };
  if (/\bnumber\b/.test(type)) return { type: 'number' };
  if (category === 'attributes') return { type: 'text' };
  // Properties without an attribute (functions, objects) are set from code, not from a control.
  return /string/.test(type) ? { type: 'text' } : false;
}

/** Runs after the renderer's own enhancer: replaces the "Set object" fallback with a real control. */
export const controlsFromTypes: ArgTypesEnhancer = (context) => {
  const out: Record<string, StrictInputType> = {};
  const tag = typeof context.component === 'string' ? context.component : '';
  for (const [name, argType] of Object.entries(context.argTypes)) {
    const category = argType.table?.category;
    const output =
      (category === 'attributes' || category === 'properties') && isOutputOf(tag, name);
    out[name] = { ...argType, control: output ? false : controlFor(argType) };
  }
  return out;
};
