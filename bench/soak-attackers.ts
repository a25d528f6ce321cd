/**
 * The soak's two hostile clients, in a process of their own (`bench/soak.ts` starts it): a flooder
 * that sends far more than its rate limit allows, and a fuzzer that sends random frames. They run
 * apart from the measured clients so that the work of generating 10,000 frames a second is not
 * counted as the others' delivery latency. Each closure is reported on stdout as one JSON line.
 *
 * Arguments: port, secret, flooded room, fuzzed room, schema version, end time (ms since epoch).
 */
import WebSocket from 'ws';
import { signToken } from '../sync-server/auth/tokens';

const [port, secret, floodRoom, fuzzRoom, schema, endAt] = process.argv.slice(2);
const end = Number(endAt);
const url = (room: string, name: string) =>
  `ws://127.0.0.1:${port}/ws/${room}?schema=${schema}&token=${signToken(secret!, {
    room,
    role: 'delegate',
    delegation: name,
    ttlSeconds: 24 * 3600,
  })}`;
const report = (event: string, code: number) => process.stdout.write(`${JSON.stringify({ event, code })}\n`);

function flood(): void {
  if (Date.now() > end) return;
  const ws = new WebSocket(url(floodRoom!, 'Flooder'));
  ws.on('error', () => {});
  let timer: NodeJS.Timeout | null = null;
  ws.on('open', () => {
    // 100 presence queries every 10 ms: each costs the server a full presence answer, so the rate
    // limit, not the server's patience, must stop it.
    timer = setInterval(() => {
      for (let i = 0; i < 100; i++) if (ws.readyState === WebSocket.OPEN) ws.send(new Uint8Array([3]));
    }, 10);
  });
  ws.on('close', (code) => {
    if (timer) clearInterval(timer);
    report('flood.closed', code);
    setTimeout(flood, 1000);
  });
}

function fuzz(): void {
  if (Date.now() > end) return;
  const ws = new WebSocket(url(fuzzRoom!, 'Fuzzer'));
  ws.on('error', () => {});
  let timer: NodeJS.Timeout | null = null;
  ws.on('open', () => {
    timer = setInterval(() => {
      const frame = new Uint8Array(1 + Math.floor(Math.random() * 40));
      for (let i = 0; i < frame.length; i++) frame[i] = Math.floor(Math.random() * 256);
      frame[0] = Math.floor(Math.random() * 4);
      if (ws.readyState === WebSocket.OPEN) ws.send(frame);
    }, 50);
  });
  ws.on('close', (code) => {
    if (timer) clearInterval(timer);
    report('fuzz.closed', code);
    setTimeout(fuzz, 200);
  });
}

// SOAK_ATTACKERS=flood or =fuzz runs one of the two (to tell their effects apart); default both.
const which = process.env.SOAK_ATTACKERS ?? 'both';
if (which !== 'fuzz') flood();
if (which !== 'flood') fuzz();
setTimeout(() => process.exit(0), Math.max(0, end - Date.now()) + 1000);
