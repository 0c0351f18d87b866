import net from 'node:net';

/**
 * A TCP port free on `host` right now, found by letting the OS pick one and releasing it. Another process may
 * take it before the caller binds it: callers that can, retry with a new port.
 */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : undefined;
      server.close((error) => {
        if (error) reject(error);
        else if (port === undefined) reject(new Error(`No port assigned on ${host}`));
        else resolve(port);
      });
    });
  });
}
