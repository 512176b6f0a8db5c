// The five tags in Vue's GlobalComponents, so SFC templates (vue-tsc, Volar) check their
// properties and events; part of the `ws-widgets/vue` entry (frameworks/vue/). Types only. The
// shape follows Vue's guide ("Non-Vue Web Components and TypeScript"): `$props` for props,
// `$emit` for events.
//
// vue-tsc reads `@connectionStatus` and `@connection-status` alike, as `onConnectionStatus`, but
// Vue listens for `connectionStatus` in the first case and `connection-status` in the second:
// <ws-connection> dispatches both, so every spelling these types accept fires.
//
// In templates, bind numbers as `:reconnect-interval="50"`: Vue sets custom-element properties
// directly, so a static attribute would hand the element the string "50".
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type {
  ElementEvents,
  ElementProperties,
  PascalEventName,
  WsWidgetsElements,
  WsWidgetsTag,
} from './element-props.js';

/** Listener props as Vue names them: `@alert-new` is `onAlertNew`, `@connectionStatus` `onConnectionStatus`. */
export type VueEventProps<T extends WsWidgetsTag> = {
  [K in keyof ElementEvents<T> & string as `on${PascalEventName<K>}`]?: (
    event: ElementEvents<T>[K],
  ) => void;
};

type VueEmit<T extends WsWidgetsTag> = EmitFn<{
  [K in keyof ElementEvents<T> & string]: (event: ElementEvents<T>[K]) => void;
}>;

/** A custom element as a Vue component type (what GlobalComponents holds). */
export type WsWidgetsVueComponent<T extends WsWidgetsTag> =
  new () => WsWidgetsElements[T]['element'] & {
    /** @deprecated Template type checking only: custom elements have no `$props`. */
    $props: Omit<HTMLAttributes, keyof ElementProperties<T> | keyof VueEventProps<T>> &
      ElementProperties<T> &
      VueEventProps<T> &
      PublicProps;
    /** @deprecated Template type checking only: custom elements have no `$emit`. */
    $emit: VueEmit<T>;
  };

declare module 'vue' {
  interface GlobalComponents {
    'ws-connection': WsWidgetsVueComponent<'ws-connection'>;
    'ws-status-badge': WsWidgetsVueComponent<'ws-status-badge'>;
    'ws-toast': WsWidgetsVueComponent<'ws-toast'>;
    'noc-alert-feed': WsWidgetsVueComponent<'noc-alert-feed'>;
    'gcode-panel': WsWidgetsVueComponent<'gcode-panel'>;
  }
}
