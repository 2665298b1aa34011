/**
 * LISTENs on the store's channel over a connection of its own and wakes the local subscriptions
 * when another process (or another store object) commits appends. Notifications only shorten the
 * wait: subscriptions still read every poll interval, so a notification lost while this
 * connection was down (or never sent) delays delivery by one interval at most. After a lost
 * connection it reconnects with a doubling delay, and wakes everyone once listening again.
 */
import { Client } from 'pg';

const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 5000;

export class AppendListener {
  private client: Client | undefined;
  private running = false;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    /** Payload of this store's own notifications: it has woken its subscriptions already. */
    private readonly ownAnnouncement: string,
    private readonly wake: () => void,
  ) {}

  /** Starts listening (idempotent); returns at once, the connection is made in the background. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.connectionString, keepAlive: true });
    this.client = client;
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel === this.channel && message.payload !== this.ownAnnouncement) this.wake();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      this.retryMs = FIRST_RETRY_MS;
      // What was committed before LISTEN took effect sent no notification we could hear: read now.
      if (this.client === client) this.wake();
    } catch {
      this.lost(client);
    }
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    if (!this.running) return;
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
  }
}
