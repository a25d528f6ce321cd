// @hocuspocus/server 4.7.0 (in memory), on a random port. Prints {"port": N}.
import { Server } from '@hocuspocus/server';

const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false });
await server.listen();
console.log(JSON.stringify({ port: server.address.port }));
process.on('SIGTERM', () => process.exit(0));
