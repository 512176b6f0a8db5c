// Each socket's token, kept off the socket object so that logging or serialising a socket never
// shows it. Only the socket and the registry (which keys sockets by credential) read it.

export const tokens = new WeakMap<object, string>();
