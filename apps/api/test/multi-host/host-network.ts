import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import * as net from 'node:net';

/**
 * A host of its own on the network for a multi-host test: a Linux network namespace joined to
 * this one by a veth pair (`ip netns`, `ip link`, from iproute2; root only). The API process runs
 * inside it (`command`) and is reached at `address`; from inside, the services this machine runs
 * on 127.0.0.1 only (PostgreSQL, the test's SMTP server) are reached through relays that listen on
 * this side of the pair (`relay`). Traffic goes over the pair only: nothing leaves the machine.
 */
export class HostNetwork {
  private readonly relays: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    readonly namespace: string,
    private readonly vethOutside: string,
    /** This side of the pair, where the relays listen. */
    readonly gateway: string,
    /** The namespace's side: where its API process is reached. */
    readonly address: string,
  ) {}

  /**
   * A namespace for host `index` of this test process, or the reason there is none (not root, no
   * iproute2, namespaces not allowed): the caller then runs its hosts on loopback and says so.
   */
  static create(index: number): HostNetwork | { readonly unavailable: string } {
    if (process.platform !== 'linux' || process.getuid?.() !== 0) return { unavailable: 'network namespaces need Linux and root' };
    const tag = `${process.pid % 100_000}x${index}`;
    // 10.213.<pid>.<index>/30: two test processes (or two runs) rarely share a block.
    if (index > 63) throw new Error('at most 64 hosts');
    const block = `10.213.${process.pid % 256}`;
    const gateway = `${block}.${index * 4 + 1}`;
    const address = `${block}.${index * 4 + 2}`;
    const network = new HostNetwork(`periscol-${tag}`, `pv${tag}o`, gateway, address);
    try {
      network.setUp(`pv${tag}i`);
      return network;
    } catch (error) {
      network.tearDown();
      return { unavailable: `ip netns failed: ${(error as Error).message.split('\n')[0]}` };
    }
  }

  /** The program and arguments that run `argv` inside the namespace (same process id: `ip netns exec` execs it). */
  command(argv: readonly string[]): { readonly file: string; readonly args: string[] } {
    return { file: 'ip', args: ['netns', 'exec', this.namespace, ...argv] };
  }

  /** Listens on `gateway` and forwards every connection to 127.0.0.1:`targetPort`; resolves to the port it listens on. */
  async relay(targetPort: number): Promise<number> {
    const server = net.createServer((inbound) => {
      const outbound = net.connect(targetPort, '127.0.0.1');
      for (const socket of [inbound, outbound]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      inbound.pipe(outbound).pipe(inbound);
      inbound.on('close', () => outbound.destroy());
      outbound.on('close', () => inbound.destroy());
    });
    server.listen(0, this.gateway);
    await once(server, 'listening');
    this.relays.push(server);
    return (server.address() as net.AddressInfo).port;
  }

  /** A URL whose host:port on 127.0.0.1 is replaced by a relay to it (for a process inside). */
  async relayed(url: string): Promise<string> {
    const parsed = new URL(url);
    parsed.port = String(await this.relay(Number(parsed.port)));
    parsed.hostname = this.gateway;
    return parsed.toString();
  }

  /** Closes the relays and removes the namespace and its pair (once the processes inside have exited). */
  async remove(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(this.relays.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    this.tearDown();
  }

  private setUp(vethInside: string): void {
    const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
    ip('netns', 'add', this.namespace);
    ip('link', 'add', this.vethOutside, 'type', 'veth', 'peer', 'name', vethInside);
    ip('link', 'set', vethInside, 'netns', this.namespace);
    ip('addr', 'add', `${this.gateway}/30`, 'dev', this.vethOutside);
    ip('link', 'set', this.vethOutside, 'up');
    ip('-n', this.namespace, 'addr', 'add', `${this.address}/30`, 'dev', vethInside);
    ip('-n', this.namespace, 'link', 'set', vethInside, 'up');
    ip('-n', this.namespace, 'link', 'set', 'lo', 'up');
  }

  private tearDown(): void {
    // Removing the namespace removes its end of the pair, and with it the other end.
    for (const args of [['link', 'del', this.vethOutside], ['netns', 'del', this.namespace]]) {
      try {
        execFileSync('ip', args, { stdio: 'ignore', timeout: 10_000 });
      } catch {
        // Already gone.
      }
    }
  }
}
