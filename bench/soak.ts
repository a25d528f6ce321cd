/**
 * Soak and chaos (`npm run soak`; SOAK_MINUTES, default 30; SOAK_SERVER_NODE_FLAGS for the server's node). The server runs as a child process and
 * is SIGKILLed and restarted every SOAK_KILL_EVERY_S (default 300) seconds while:
 *  - SOAK_CLIENTS (200) y-websocket clients in SOAK_ROOMS (5) rooms type words and move carets,
 *    leave and come back;
 *  - one client per room inserts and deletes agreements (after the typists' agreements);
 *  - a secretariat marks agreements agreed and open and saves versions (HTTP);
 *  - after the first third of the run, one client floods at its rate limit and one sends fuzzed frames,
 *    SOAK_ATTACK_WINDOW_S (60) seconds on and as long off, in turn (SOAK_ATTACKERS=off: never).
 * At the end it checks and prints: acknowledged words lost (a word is acknowledged once the witness
 * process, bench/soak-witness.ts, received it: the server broadcasts only what it has stored), every room identical on every
 * client and in storage, the server's RSS in each of its lives (a minute after start → its end; the
 * level after the first period is printed too, but the rooms' history grows with every word),
 * the others' delivery p99 in the attackers' windows against the pauses between them, the flooder throttled, and the server never
 * having died but by our SIGKILL.
 */
import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { sendOwnPresenceOnly } from '../editor/report/own-presence';
import { exportText, importText, REPORT_FIELD, yDocToReport } from '../schema/index';
import { SCHEMA_VERSION } from '../schema/yjs-shape';
import { signToken } from '../sync-server/auth/tokens';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'soak-secret';
const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const KILL_EVERY_S = Number(process.env.SOAK_KILL_EVERY_S ?? 300);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 200);
const ROOMS = Number(process.env.SOAK_ROOMS ?? 5);
const TYPIST_AGREEMENTS = 5;
/** Words each typist keeps in the report; older ones it deletes itself. */
const KEEP_WORDS = 5;
/** Words typed this soon after a SIGKILL wait for their clients to reconnect: not a delivery latency. */
const AFTER_KILL_MS = 60_000;
/** After the first third, the attackers run this long, then pause as long, in turn. */
const ATTACK_WINDOW_S = Number(process.env.SOAK_ATTACK_WINDOW_S ?? 60);
const STATUS_AGREEMENTS = [6, 7, 8];
const REPORT = Array.from({ length: 8 }, (_, i) => `${i + 1}. Agreement ${i + 1}.`).join('\n');

const dataDir = mkdtempSync(join(tmpdir(), 'accord-soak-'));
/**
 * The server the soak restarts is a copy of the build taken at the start (inside the project, so its
 * packages resolve): a rebuild during a half-hour run must not restart the server as another version.
 */
const serverCopy = join(ROOT, 'dist', `soak-server-${process.pid}`);
cpSync(join(ROOT, 'dist', 'server'), serverCopy, { recursive: true });
writeFileSync(
  join(serverCopy, 'launch.mjs'),
  "import { main } from './main.js';\nconst status = await main(process.argv.slice(2));\nif (status != null) process.exitCode = status;\n",
);
process.on('exit', () => rmSync(serverCopy, { recursive: true, force: true }));
let port = 0;
let server: ChildProcess | null = null;
let expectedExit = false;
let unexpectedExits = 0;
const rssSamples: { at: number; mb: number; heapMb: number }[] = [];

function startServer(): Promise<void> {
  expectedExit = false;
  const child = spawn(
    process.execPath,
    [
      '--max-semi-space-size=4',
      // e.g. SOAK_SERVER_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/soak-profile": written when the run ends
      // (the last server stops with SIGTERM; a SIGKILLed one writes nothing).
      ...(process.env.SOAK_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean),
      // A file, not `-e`: the export workers inherit the server's flags, and `--input-type` breaks them.
      join(serverCopy, 'launch.mjs'),
      'serve',
      '--port',
      String(port),
      '--data',
      dataDir,
    ],
    {
      env: {
        ...process.env,
        ACCORD_SECRET: SECRET,
        ACCORD_DEMO: 'off',
        ACCORD_CONNECTIONS_PER_IP: '5000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  server = child;
  child.on('exit', () => {
    if (!expectedExit) unexpectedExits += 1;
  });
  return new Promise((resolvePort) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n').slice(0, -1)) {
        try {
          const parsed = JSON.parse(line) as { event?: string; port?: number };
          if (parsed.event === 'server.start' && parsed.port) {
            port = parsed.port;
            resolvePort();
          }
        } catch {}
      }
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    });
  });
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

const roomName = (index: number) => `soak-${index}`;
const token = (room: string, role: 'delegate' | 'observer' | 'secretariat', delegation?: string) =>
  signToken(SECRET, { room, role, ttlSeconds: 24 * 3600, ...(delegation ? { delegation } : {}) });

interface Client {
  room: number;
  doc: Y.Doc;
  provider: WebsocketProvider;
}

function connect(room: number, role: 'delegate' | 'observer', name?: string): Client {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/ws`, roomName(room), doc, {
    params: { token: token(roomName(room), role, name), schema: String(SCHEMA_VERSION) },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 1000,
  });
  sendOwnPresenceOnly(provider);
  return { room, doc, provider };
}

/** One of the soak's helper processes (bench/<script>), told the server's port and secret first. */
function harness(script: string, args: string[], stdio: StdioOptions): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', script), String(port), SECRET, ...args], {
    stdio,
  });
}

function agreementText(doc: Y.Doc, n: number): Y.XmlText | null {
  const list = doc
    .getXmlFragment(REPORT_FIELD)
    .toArray()
    .find((node) => node instanceof Y.XmlElement && node.nodeName === 'agreementList') as Y.XmlElement | undefined;
  const agreement = list?.get(n - 1) as Y.XmlElement | undefined;
  const paragraph = agreement?.get(0) as Y.XmlElement | undefined;
  const text = paragraph?.get(0);
  return text instanceof Y.XmlText ? text : null;
}

function agreementList(doc: Y.Doc): Y.XmlElement | null {
  return (
    (doc
      .getXmlFragment(REPORT_FIELD)
      .toArray()
      .find((node) => node instanceof Y.XmlElement && node.nodeName === 'agreementList') as Y.XmlElement | undefined) ??
    null
  );
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

async function main(): Promise<void> {
  // 200 y-websocket providers each listen for the process's exit.
  process.setMaxListeners(0);
  const started = Date.now();
  const end = started + MINUTES * 60_000;
  // Seed the rooms through the CLI's own import, before the first start.
  const { SqliteStorage } = await import('../sync-server/storage/sqlite-storage');
  const { reportToYDoc } = await import('../schema/index');
  const storage = new SqliteStorage(join(dataDir, 'accord.db'));
  for (let room = 0; room < ROOMS; room++)
    await storage.append(roomName(room), [Y.encodeStateAsUpdate(reportToYDoc(importText(REPORT).report))]);
  await storage.close();
  await startServer();
  console.log(
    `soak: ${MINUTES} min, ${CLIENTS} clients in ${ROOMS} rooms, SIGKILL every ${KILL_EVERY_S} s, port ${port}`,
  );

  const witnesses = Array.from({ length: ROOMS }, (_, room) => connect(room, 'observer'));
  const clients = Array.from({ length: CLIENTS }, (_, i) => connect(i % ROOMS, 'delegate', `Delegation ${i}`));
  // When each typed word reached the witness process (bench/soak-witness.ts): read at the end.
  const witness = harness(
    'soak-witness.ts',
    [String(ROOMS), String(SCHEMA_VERSION)],
    ['ignore', 'inherit', 'inherit', 'ipc'],
  );
  const typedWords: { word: string; room: number; client: number; clock: number; at: number }[] = [];
  const kills: number[] = [];
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, work: () => void | Promise<void>) => timers.push(setInterval(() => void work(), ms));
  let typed = 0;

  // Typists: a word every 2-4 s each, in one of the first agreements, and a caret move. Each keeps
  // its last few words and deletes its older ones, so the report stays the same size and memory
  // can be compared over the run (a report that only grows would hide or fake a leak).
  const withdrawn = new Set<string>();
  for (const [index, client] of clients.entries()) {
    const mine: string[] = [];
    const type = () => {
      if (Date.now() > end) return;
      const text = agreementText(client.doc, 1 + (index % TYPIST_AGREEMENTS));
      if (text && client.provider.synced) {
        const word = `c${index}w${++typed}`;
        text.insert(text.length, ` ${word}`);
        mine.push(word);
        typedWords.push({
          word,
          room: client.room,
          client: client.doc.clientID,
          clock: Y.getState(client.doc.store, client.doc.clientID),
          at: Date.now(),
        });
        client.provider.awareness.setLocalStateField('cursor', { anchor: text.length, at: Date.now() });
        if (mine.length > KEEP_WORDS) {
          const old = mine.shift()!;
          const at = text.toString().indexOf(` ${old}`);
          if (at >= 0) {
            text.delete(at, old.length + 1);
            withdrawn.add(old);
          }
        }
      }
      timers.push(setTimeout(type, 2000 + Math.random() * 2000));
    };
    timers.push(setTimeout(type, Math.random() * 3000));
  }
  // Joining and leaving: every 2 s one client leaves, and comes back 3 s later.
  every(2000, () => {
    const client = clients[Math.floor(Math.random() * clients.length)]!;
    client.provider.disconnect();
    setTimeout(() => client.provider.connect(), 3000);
  });
  // Churn: agreements inserted after the others and deleted again, one client per room.
  every(3000, () => {
    for (let room = 0; room < ROOMS; room++) {
      const client = clients[room]!;
      const list = agreementList(client.doc);
      if (!list || !client.provider.synced) continue;
      if (list.length > 12) list.delete(list.length - 1, 1);
      else {
        const agreement = new Y.XmlElement('agreement');
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText('A passing agreement.')]);
        agreement.insert(0, [paragraph]);
        list.insert(list.length, [agreement]);
      }
    }
  });
  // The secretariat: agreements 6-8 agreed and open in turn, a version every minute.
  let statusTurn = 0;
  every(5000, async () => {
    for (let room = 0; room < ROOMS; room++) {
      const name = roomName(room);
      const secretariat = token(name, 'secretariat');
      try {
        // The secretariat reads the agreements from its own copy of the report, as its editor does
        // (an export a second of a report with hours of history would be a load of its own).
        const list = agreementList(witnesses[room]!.doc);
        const target = list?.get(STATUS_AGREEMENTS[statusTurn % STATUS_AGREEMENTS.length]! - 1) as
          | Y.XmlElement
          | undefined;
        const id = target?.getAttribute('id');
        if (!target || typeof id !== 'string') continue;
        await fetch(`http://127.0.0.1:${port}/api/rooms/${name}/agreements/${id}/status?token=${secretariat}`, {
          method: 'POST',
          body: JSON.stringify({ status: target.getAttribute('status') === 'agreed' ? 'open' : 'agreed' }),
        });
        if (statusTurn % 12 === 0)
          await fetch(`http://127.0.0.1:${port}/api/rooms/${name}/versions?token=${secretariat}`, {
            method: 'POST',
            body: JSON.stringify({ name: `soak ${statusTurn}` }),
          });
      } catch {
        // The server is down (a planned kill): the next turn tries again.
      }
    }
    statusTurn += 1;
  });
  // The flooder and the fuzzer start after the first third of the run, then alternate: ATTACK_WINDOW_S
  // on, ATTACK_WINDOW_S off. The others' latency with them is compared with the off windows around
  // them, which have the same history behind them (a report with 100,000 words typed and deleted in
  // it is slower to sync than a fresh one, attackers or not; the first third is no baseline).
  const floodFrom = started + (MINUTES * 60_000) / 3;
  const attackWindow = (at: number): number => Math.floor((at - floodFrom) / (ATTACK_WINDOW_S * 1000));
  const attacking = (at: number): boolean => at >= floodFrom && attackWindow(at) % 2 === 0;
  let floodClosures = 0;
  let fuzzClosures = 0;
  const hostile: { process: ChildProcess | null } = { process: null };
  const attack = () => {
    if (process.env.SOAK_ATTACKERS === 'off' || Date.now() > end) return;
    const windowEnd = Math.min(end, floodFrom + (attackWindow(Date.now()) + 1) * ATTACK_WINDOW_S * 1000);
    const attackers = harness(
      'soak-attackers.ts',
      [roomName(0), roomName(1), String(SCHEMA_VERSION), String(windowEnd)],
      ['ignore', 'pipe', 'inherit'],
    );
    hostile.process = attackers;
    let buffer = '';
    attackers.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n').slice(0, -1)) {
        try {
          const parsed = JSON.parse(line) as { event: string; code: number };
          if (parsed.event === 'flood.closed' && parsed.code === 4429) floodClosures += 1;
          if (parsed.event === 'fuzz.closed') fuzzClosures += 1;
        } catch {}
      }
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    });
    // The next on-window starts two windows after this one.
    timers.push(setTimeout(attack, windowEnd + ATTACK_WINDOW_S * 1000 - Date.now()));
  };
  timers.push(setTimeout(attack, floodFrom - Date.now()));

  // The soak's own event-loop delay, minute by minute: its 200 clients share one thread, and a
  // delivery it is too busy to notice is counted as late. Shown beside the latencies it inflates.
  const harnessLag = monitorEventLoopDelay({ resolution: 10 });
  harnessLag.enable();
  const harnessLagP99: number[] = [];
  every(60_000, () => {
    harnessLagP99.push(Math.round(harnessLag.percentile(99) / 1e6));
    harnessLag.reset();
  });
  // RSS every 10 s; a SIGKILL and restart every KILL_EVERY_S.
  every(10_000, async () => {
    if (!server?.pid || server.exitCode !== null) return;
    const mb = rssMb(server.pid);
    const health = (await fetch(`http://127.0.0.1:${port}/healthz`)
      .then((response) => response.json())
      .catch(() => null)) as { memory?: { heapUsed: number } } | null;
    rssSamples.push({ at: Date.now() - started, mb, heapMb: health?.memory?.heapUsed ?? 0 });
  });
  every(KILL_EVERY_S * 1000, async () => {
    if (Date.now() > end - 30_000) return;
    expectedExit = true;
    server?.kill('SIGKILL');
    kills.push(Date.now());
    await new Promise((resume) => server?.once('exit', resume));
    await startServer();
  });

  while (Date.now() < end) {
    await new Promise((resume) => setTimeout(resume, 5000));
    const minute = ((Date.now() - started) / 60_000).toFixed(1);
    process.stdout.write(`  ${minute} min: ${typedWords.length} words typed, ${kills.length} kills\r`);
  }
  for (const timer of timers) clearInterval(timer);
  // Quiet: everyone reconnects and syncs; then compare.
  for (const client of [...clients, ...witnesses]) if (!client.provider.wsconnected) client.provider.connect();
  const rssEnd = server?.pid ? rssMb(server.pid) : 0;
  const deadline = Date.now() + 60_000;
  let identical = false;
  let roomsDiffering: number[] = [];
  while (Date.now() < deadline) {
    await new Promise((resume) => setTimeout(resume, 2000));
    roomsDiffering = [];
    for (let room = 0; room < ROOMS; room++) {
      const texts = new Set(
        [...clients, ...witnesses]
          .filter((client) => client.room === room)
          .map((client) => exportText(yDocToReport(client.doc))),
      );
      const stored = await (
        await fetch(
          `http://127.0.0.1:${port}/api/rooms/${roomName(room)}/export?format=txt&token=${token(roomName(room), 'observer')}`,
        )
      ).text();
      texts.add(stored);
      if (texts.size !== 1) roomsDiffering.push(room);
    }
    if (roomsDiffering.length === 0) {
      identical = true;
      break;
    }
  }
  // What differs, when something does: enough to tell a failed export from diverged documents.
  for (const room of roomsDiffering) {
    const response = await fetch(
      `http://127.0.0.1:${port}/api/rooms/${roomName(room)}/export?format=txt&token=${token(roomName(room), 'observer')}`,
    );
    const stored = await response.text();
    const texts = [
      ...new Set([...clients, ...witnesses].filter((c) => c.room === room).map((c) => exportText(yDocToReport(c.doc)))),
    ];
    console.log(
      `room ${room}: storage answered ${response.status} (${stored.length} chars): ${JSON.stringify(stored.slice(0, 160))}; ${texts.length} distinct client texts, e.g. ${JSON.stringify(texts[0]?.slice(0, 160))}`,
    );
  }
  // A word is acknowledged once the witness received it (the server sends only what it has stored);
  // its latency is from the typist's send to that arrival.
  const arrivals = await new Promise<Record<string, [number, number][]>[]>((resolveArrivals) => {
    witness.once('message', (message: { rooms: Record<string, [number, number][]>[] }) =>
      resolveArrivals(message.rooms),
    );
    witness.send('dump');
  });
  const acknowledged: { word: string; room: number; latency: number; typedAt: number }[] = [];
  for (const typedWord of typedWords) {
    const list = arrivals[typedWord.room]?.[String(typedWord.client)] ?? [];
    // The first arrival whose state covers the word's clock (states only grow).
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (list[middle]![0] >= typedWord.clock) high = middle;
      else low = middle + 1;
    }
    const arrival = list[low];
    if (arrival)
      acknowledged.push({
        word: typedWord.word,
        room: typedWord.room,
        latency: arrival[1] - typedWord.at,
        typedAt: typedWord.at,
      });
  }
  // Acknowledged words still in storage.
  let lost = 0;
  for (let room = 0; room < ROOMS; room++) {
    const stored = await (
      await fetch(
        `http://127.0.0.1:${port}/api/rooms/${roomName(room)}/export?format=txt&token=${token(roomName(room), 'observer')}`,
      )
    ).text();
    const words = new Set(stored.split(/\s+/));
    lost += acknowledged.filter(
      (entry) => entry.room === room && !withdrawn.has(entry.word) && !words.has(entry.word),
    ).length;
  }
  // Delivery latency of the others, excluding words typed within a minute after a kill (reconnection).
  const settled = (entry: { typedAt: number }) =>
    !kills.some((kill) => entry.typedAt >= kill - 1000 && entry.typedAt < kill + AFTER_KILL_MS);
  const before = acknowledged
    .filter((entry) => settled(entry) && entry.typedAt >= floodFrom && !attacking(entry.typedAt))
    .map((entry) => entry.latency);
  const during = acknowledged
    .filter((entry) => settled(entry) && attacking(entry.typedAt))
    .map((entry) => entry.latency);
  const firstThird = acknowledged
    .filter((entry) => settled(entry) && entry.typedAt < floodFrom)
    .map((entry) => entry.latency);
  const firstPeriod =
    rssSamples.filter((sample) => sample.at <= Math.min(KILL_EVERY_S, MINUTES * 60) * 1000).at(-1)?.mb ?? 0;
  // A leak is looked for within each server's life (a SIGKILL every 5 minutes ends it): from a minute
  // after its start, once every client is back, to its last sample. The level after the first period
  // cannot tell a leak from the rooms' history: the reports keep one visible size, but every word
  // typed and deleted stays in the room's Yjs document (over 100,000 in 30 minutes), and each
  // restarted server loads all of it — its level a minute after start rises by as much.
  const lives = [started, ...kills]
    .map((from, i, starts) => {
      const until = (starts[i + 1] ?? Date.now()) - started;
      const inLife = rssSamples.filter((sample) => sample.at >= from - started + 60_000 && sample.at < until);
      const first = inLife[0]?.mb ?? 0;
      const last = i === starts.length - 1 ? rssEnd : (inLife.at(-1)?.mb ?? 0);
      return { first, last, changePercent: first ? Math.round(((last - first) / first) * 100) : 0 };
    })
    // A life too short to have a sample a minute after its start says nothing.
    .filter((life) => life.first > 0);
  // Minute by minute: the others' delivery p99 and the server's memory, to tell a trend from a spike.
  console.log('\nminute  attackers  words  p99 ms  soak lag p99 ms  rss MB  heap MB');
  const attackState = (minute: number): string => {
    const middle = started + minute * 60_000 + 30_000;
    if (process.env.SOAK_ATTACKERS === 'off' || middle < floodFrom) return '-';
    return attacking(middle) ? 'on' : 'off';
  };
  for (let minute = 0; minute < MINUTES; minute++) {
    const inMinute = (at: number) => at >= minute * 60_000 && at < (minute + 1) * 60_000;
    const latencies = acknowledged
      .filter((entry) => settled(entry) && inMinute(entry.typedAt - started))
      .map((entry) => entry.latency);
    const sample = rssSamples.filter((entry) => inMinute(entry.at)).at(-1);
    console.log(
      `${String(minute + 1).padStart(6)} ${attackState(minute).padStart(10)} ${String(latencies.length).padStart(6)} ${String(percentile(latencies, 99)).padStart(7)} ${String(harnessLagP99[minute] ?? '-').padStart(16)} ${String(sample?.mb ?? '-').padStart(7)} ${String(sample?.heapMb ?? '-').padStart(8)}`,
    );
  }
  const summary = {
    minutes: MINUTES,
    clients: CLIENTS,
    rooms: ROOMS,
    kills: kills.length,
    unexpectedServerExits: unexpectedExits,
    wordsAcknowledged: acknowledged.length,
    wordsWithdrawnByTheirTypists: withdrawn.size,
    acknowledgedWordsLost: lost,
    roomsIdenticalOnEveryClientAndInStorage: identical,
    roomsDiffering,
    rssAfterFirstPeriodMb: firstPeriod,
    rssAtEndMb: rssEnd,
    rssChangeSinceFirstPeriodPercent: firstPeriod ? Math.round(((rssEnd - firstPeriod) / firstPeriod) * 100) : null,
    rssEachServerLifeMb: lives.map((life) => `${life.first} → ${life.last} (${life.changePercent} %)`),
    // null when no server lived a minute: nothing was measured, and the check fails.
    rssLargestChangeInOneLifePercent: lives.length > 0 ? Math.max(...lives.map((life) => life.changePercent)) : null,
    deliveryP99FirstThirdMs: percentile(firstThird, 99),
    deliveryP99WithoutFlooderMs: percentile(before, 99),
    deliveryP99WithFlooderMs: percentile(during, 99),
    flooderClosedWith4429: floodClosures,
    fuzzerConnectionsClosed: fuzzClosures,
  };
  console.log(`\n${JSON.stringify(summary, null, 2)}`);
  const ok =
    lost === 0 &&
    identical &&
    unexpectedExits === 0 &&
    summary.rssLargestChangeInOneLifePercent !== null &&
    summary.rssLargestChangeInOneLifePercent <= 10 &&
    summary.deliveryP99WithFlooderMs <= 2 * Math.max(summary.deliveryP99WithoutFlooderMs, 1) &&
    floodClosures > 0;
  console.log(ok ? 'soak: every check passed' : 'soak: a check FAILED');
  for (const client of [...clients, ...witnesses]) {
    client.provider.destroy();
    client.doc.destroy();
  }
  hostile.process?.kill('SIGTERM');
  expectedExit = true;
  server?.kill('SIGTERM');
  process.exit(ok ? 0 : 1);
}

void main();
