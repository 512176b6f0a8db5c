// `ws-widgets/vue`: the useSocket and useMessage composables, and the five tags in Vue's
// GlobalComponents (types/vue.ts). No Lit: the composables use the core service only.
export { useSocket, type UseSocketReturn } from './use-socket.js';
export { useMessage } from './use-message.js';
export type { SocketActions, SocketSnapshot } from '../socket-source.js';
export type * from '../../types/vue.js';
