// The five tags in React 19's JSX (React.JSX.IntrinsicElements), with their properties,
// attributes and typed event props; part of the `ws-widgets/react` entry (frameworks/react/).
// Types only.
//
// React 19 sets a prop as a property when the element has one (else as an attribute) and turns
// `on` + the exact event name into a listener: `onconnectionStatus`, `onalert-new`. TypeScript
// checks no JSX name with a dash, so the camelCase properties are the ones that catch typos.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  ElementAttributes,
  ElementEvents,
  ElementProperties,
  WsWidgetsElements,
  WsWidgetsTag,
} from './element-props.js';

/** Event props as React 19 listens for them: `on` followed by the event's own name. */
export type ReactEventProps<T extends WsWidgetsTag> = {
  [K in keyof ElementEvents<T> & string as `on${K}`]?: (event: ElementEvents<T>[K]) => void;
};

/** Everything `<T>` accepts in JSX. */
export type WsWidgetsReactProps<T extends WsWidgetsTag> = ElementProperties<T> &
  ElementAttributes<T> &
  ReactEventProps<T> &
  Omit<
    DetailedHTMLProps<
      HTMLAttributes<WsWidgetsElements[T]['element']>,
      WsWidgetsElements[T]['element']
    >,
    keyof ElementProperties<T> | keyof ReactEventProps<T>
  >;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- React's JSX types live in this namespace.
  namespace JSX {
    interface IntrinsicElements {
      'ws-connection': WsWidgetsReactProps<'ws-connection'>;
      'ws-status-badge': WsWidgetsReactProps<'ws-status-badge'>;
      'ws-toast': WsWidgetsReactProps<'ws-toast'>;
      'noc-alert-feed': WsWidgetsReactProps<'noc-alert-feed'>;
      'gcode-panel': WsWidgetsReactProps<'gcode-panel'>;
    }
  }
}
