// `ws-widgets/react`: the useSocket and useMessage hooks, and the five tags in React 19's JSX
// (types/react.ts). No Lit: the hooks use the core service only.
export { useSocket, type UseSocketResult } from './use-socket.js';
export { useMessage } from './use-message.js';
export type { SocketActions, SocketSnapshot } from '../socket-source.js';
export type * from '../../types/react.js';
