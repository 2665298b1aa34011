import { randomBytes } from 'node:crypto';
import { SIMULATED_SESSION_DDL, type SimulatedSessionRow as SessionRow } from '@periscol/application';
import Database from 'better-sqlite3';
import { ERASED_LINE_LABEL, type SimulatedSession, type SimulatedSessionStore } from './simulated-session-store.port';

/** SQLite sessions of the simulated provider. Give it the API's operations database, or a
 * file of its own with `open(file)`. */
export class SqliteSimulatedSessionStore implements SimulatedSessionStore {
  private readonly insert: Database.Statement;
  private readonly byId: Database.Statement<[string], SessionRow>;
  private readonly byKey: Database.Statement<[string], SessionRow>;
  private readonly pay: Database.Statement;

  static open(filename: string): SqliteSimulatedSessionStore {
    const db = new Database(filename);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    // Erased labels must not linger in freed pages (R17), as in the operations database.
    db.pragma('secure_delete = ON');
    return new SqliteSimulatedSessionStore(db);
  }

  constructor(readonly db: Database.Database) {
    db.exec(SIMULATED_SESSION_DDL);
    this.insert = db.prepare(
      `INSERT INTO simulated_checkout_session
         (session_id, idempotency_key, order_id, payment_id, family_id, amount_cents, currency, lines_json,
          created_at, expires_at, success_url, cancel_url, status, paid_at, provider_payment_id)
       VALUES (@session_id, @idempotency_key, @order_id, @payment_id, @family_id, @amount_cents, @currency, @lines_json,
          @created_at, @expires_at, @success_url, @cancel_url, @status, @paid_at, @provider_payment_id)
       ON CONFLICT (idempotency_key) DO NOTHING`,
    );
    this.byId = db.prepare('SELECT * FROM simulated_checkout_session WHERE session_id = ?');
    this.byKey = db.prepare('SELECT * FROM simulated_checkout_session WHERE idempotency_key = ?');
    this.pay = db.prepare(
      `UPDATE simulated_checkout_session SET status = 'paid', paid_at = ?, provider_payment_id = ?
       WHERE session_id = ? AND status = 'open'`,
    );
  }

  insertOrGet(session: SimulatedSession): SimulatedSession {
    this.insert.run(toRow(session));
    const row = this.byKey.get(session.idempotencyKey);
    if (row === undefined) throw new Error(`session ${session.sessionId} vanished after insert`);
    return fromRow(row);
  }

  findById(sessionId: string): SimulatedSession | undefined {
    const row = this.byId.get(sessionId);
    return row === undefined ? undefined : fromRow(row);
  }

  markPaid(sessionId: string, paidAt: Date, providerPaymentId: string): SimulatedSession | undefined {
    this.pay.run(paidAt.getTime(), providerPaymentId, sessionId);
    return this.findById(sessionId);
  }

  redactFamily(familyId: string): number {
    const redact = this.db.transaction(() => {
      const rows = this.db.prepare('SELECT session_id, lines_json FROM simulated_checkout_session WHERE family_id = ?').all(familyId) as { session_id: string; lines_json: string }[];
      const update = this.db.prepare('UPDATE simulated_checkout_session SET lines_json = ? WHERE session_id = ?');
      let redacted = 0;
      for (const row of rows) {
        const lines = JSON.parse(row.lines_json) as SimulatedSession['lines'];
        if (lines.every((line) => line.label === ERASED_LINE_LABEL)) continue;
        update.run(JSON.stringify(lines.map(({ amountCents }) => ({ label: ERASED_LINE_LABEL, amountCents }))), row.session_id);
        redacted++;
      }
      return redacted;
    });
    const redacted = redact.immediate();
    // secure_delete zeroes the old page content; the WAL still holds the frames written before.
    if (redacted > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return redacted;
  }

  /** The installation's webhook signing secret, created on first use and kept in this database
   * so it survives restarts. */
  installationSecret(): string {
    const create = this.db.transaction(() => {
      this.db
        .prepare(`INSERT INTO simulated_payment_setting (name, value) VALUES ('webhook_secret', ?) ON CONFLICT (name) DO NOTHING`)
        .run(`whsec_sim_${randomBytes(32).toString('hex')}`);
      return (this.db.prepare(`SELECT value FROM simulated_payment_setting WHERE name = 'webhook_secret'`).get() as { value: string })
        .value;
    });
    return create.immediate();
  }
}

function toRow(session: SimulatedSession): SessionRow {
  return {
    session_id: session.sessionId,
    idempotency_key: session.idempotencyKey,
    order_id: session.orderId,
    payment_id: session.paymentId,
    family_id: session.familyId,
    amount_cents: session.amountCents,
    currency: session.currency,
    lines_json: JSON.stringify(session.lines.map(({ label, amountCents }) => ({ label, amountCents }))),
    created_at: session.createdAt.getTime(),
    expires_at: session.expiresAt.getTime(),
    success_url: session.successUrl,
    cancel_url: session.cancelUrl,
    status: session.status,
    paid_at: session.paidAt?.getTime() ?? null,
    provider_payment_id: session.providerPaymentId ?? null,
  };
}

function fromRow(row: SessionRow): SimulatedSession {
  return {
    sessionId: row.session_id,
    idempotencyKey: row.idempotency_key,
    orderId: row.order_id,
    paymentId: row.payment_id,
    familyId: row.family_id,
    amountCents: row.amount_cents,
    currency: 'eur',
    lines: JSON.parse(row.lines_json) as SimulatedSession['lines'],
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    successUrl: row.success_url,
    cancelUrl: row.cancel_url,
    status: row.status,
    ...(row.paid_at === null ? {} : { paidAt: new Date(row.paid_at) }),
    ...(row.provider_payment_id === null ? {} : { providerPaymentId: row.provider_payment_id }),
  };
}
