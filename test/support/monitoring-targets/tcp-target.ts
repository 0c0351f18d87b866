import net from 'node:net';

/** A TCP listener on 127.0.0.1 that a test switches between accepting and refusing, on one port. */
export interface TcpTarget {
  readonly port: number;
  /** Connections accepted so far. */
  accepted(): number;
  /** Stops listening: connections to the port are refused (ECONNREFUSED) until `accept`. */
  refuse(): Promise<void>;
  accept(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpTarget(): Promise<TcpTarget> {
  let accepted = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => sockets.delete(socket));
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  await listen(0);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the TCP target has no port');
  return {
    port: address.port,
    accepted: () => accepted,
    refuse: stop,
    accept: () => listen(address.port),
    close: stop,
  };
}
