// @hocuspocus/server 4.7.0 with @hocuspocus/extension-redis 4.7.0 (in memory, fan-out over Redis), on a
// random port. Prints {"port": N}. REDIS_PREFIX separates runs.
import { Redis } from '@hocuspocus/extension-redis';
import { Server } from '@hocuspocus/server';

const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const server = new Server({
  port: 0,
  address: '127.0.0.1',
  quiet: true,
  stopOnSignals: false,
  extensions: [
    new Redis({ host: url.hostname, port: Number(url.port || 6379), prefix: process.env.REDIS_PREFIX ?? 'hocuspocus' }),
  ],
});
await server.listen();
console.log(JSON.stringify({ port: server.address.port }));
process.on('SIGTERM', () => process.exit(0));
