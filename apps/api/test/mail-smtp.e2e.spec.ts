import request from 'supertest';
import { freePort, TestSmtpServer } from '../src/platform/mail/smtp-test-server.fixture';
import {
  adminToken,
  dupreFamily,
  eventsOfType,
  familyState,
  getBinary,
  mailServices,
  ManualScheduler,
  parentToken,
  pdfText,
  requestOrder,
  seedFamily,
  slot,
  startPaymentsApp,
  ticketProcess,
  W50,
} from './support/payments-journey';
import { PersonalDataCopies } from '../src/privacy/personal-data-copies';
import { TicketIssuer } from '../src/tickets/ticket-issuer.service';
import type { TestApp } from './support/test-app';

describe('payment ticket e-mails over SMTP', () => {
  let t: TestApp | undefined;
  let smtp: TestSmtpServer | undefined;

  afterEach(async () => {
    await t?.close();
    await smtp?.close();
    t = undefined;
    smtp = undefined;
  });

  /** Seeds the Dupré family, orders two canteen days (4,20 €) and pays through the simulated site. */
  async function payAnOrder(app: TestApp): Promise<{ paymentId: string; token: string }> {
    await seedFamily(app, dupreFamily());
    await requestOrder(app, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday), slot('c-noah', 'restauration', W50.tuesday)], 650);
    const token = parentToken(app, 'fam-dupre');
    const { body } = await request(app.url).post('/api/orders/ord-1/checkout').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'pay').send({}).expect(200);
    await request(app.url).post(`${new URL(body.checkoutUrl).pathname}/pay`).expect(303);
    const [confirmed] = await eventsOfType(app, 'family-fam-dupre', 'PaymentConfirmed');
    return { paymentId: (confirmed.data as { paymentId: string }).paymentId, token };
  }

  it('delivers the ticket to a real SMTP server: French message, the PDF attached, holding the number and amount, equal to the downloadable ticket', async () => {
    smtp = await TestSmtpServer.start();
    t = await startPaymentsApp({ env: { SMTP_URL: smtp.url } });
    const { paymentId, token } = await payAnOrder(t);

    const report = await mailServices(t).dispatcher.dispatchDue(t.clock.now());
    expect(report.delivered).toEqual(['<R-2026-000001@periscol.local>']);
    const [mail] = await smtp.parsed();
    expect(smtp.accepted).toHaveLength(1);
    expect(mail.messageId).toBe('<R-2026-000001@periscol.local>');
    expect(mail.subject).toBe('Votre ticket de paiement R-2026-000001');
    expect((mail.to as { text: string }).text).toBe('parents.dupre@example.org');
    expect(mail.text).toContain('Nous avons bien reçu votre paiement de 4,20');
    expect(mail.text).toContain('Léa Dupré');
    expect(mail.html).toContain('R-2026-000001');

    expect(mail.attachments).toHaveLength(1);
    const [pdf] = mail.attachments;
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.filename).toBe('ticket-de-paiement-R-2026-000001.pdf');
    const text = await pdfText(pdf.content);
    expect(text).toContain('Ticket de paiement');
    expect(text).toContain('R-2026-000001');
    expect(text).toContain('Montant payé 4,20 €');
    expect(text).toContain('Léa Dupré');

    // The ticket downloaded later is byte for byte the one e-mailed.
    const downloaded = await getBinary(t, `/api/payments/${paymentId}/ticket.pdf`, token).expect(200);
    expect(Buffer.compare(downloaded.body as Buffer, pdf.content)).toBe(0);
  });

  it('keeps the ticket while the SMTP server is down and delivers it exactly once when it is back', async () => {
    const port = await freePort(); // nothing listens there yet
    t = await startPaymentsApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
    await payAnOrder(t);
    const { dispatcher, outbox } = mailServices(t);

    const down = await dispatcher.dispatchDue(t.clock.now());
    expect(down.delivered).toEqual([]);
    expect(down.retrying).toEqual([expect.objectContaining({ messageId: '<R-2026-000001@periscol.local>' })]);
    expect(await outbox.get('<R-2026-000001@periscol.local>')).toMatchObject({ status: 'pending', attempts: 1 });

    smtp = await TestSmtpServer.start(port);
    expect((await dispatcher.dispatchDue(t.clock.now())).delivered).toEqual([]); // backing off: not due yet
    t.clock.advance({ seconds: 15 });
    expect((await dispatcher.dispatchDue(t.clock.now())).delivered).toEqual(['<R-2026-000001@periscol.local>']);
    t.clock.advance({ hours: 1 });
    expect((await dispatcher.dispatchDue(t.clock.now())).delivered).toEqual([]);

    expect(smtp.accepted).toHaveLength(1);
    expect(await outbox.get('<R-2026-000001@periscol.local>')).toMatchObject({ status: 'delivered', attempts: 2 });
    const [mail] = await smtp.parsed();
    expect(mail.subject).toBe('Votre ticket de paiement R-2026-000001');
  });

  it('kicks the dispatch timer when a ticket is enqueued: its next run sends it', async () => {
    smtp = await TestSmtpServer.start();
    const scheduler = new ManualScheduler();
    t = await startPaymentsApp({ env: { SMTP_URL: smtp.url }, overrides: { mailScheduler: scheduler } });
    const { timer, outbox } = mailServices(t);
    // The timer's first run at start-up: nothing to send, it then sleeps for its idle delay.
    expect(scheduler.fireDue()).toBe(1);
    await timer.settled();
    expect(scheduler.delays()).toEqual([60_000]);

    await payAnOrder(t);
    expect((await outbox.get('<R-2026-000001@periscol.local>'))?.status).toBe('pending');
    expect(scheduler.delays()).toEqual([0]); // kicked: the idle sleep was replaced by an immediate run
    scheduler.fireDue();
    await timer.settled();
    expect((await outbox.get('<R-2026-000001@periscol.local>'))?.status).toBe('delivered');
    expect(smtp.accepted).toHaveLength(1);
  });

  it('e-mails the validation of an order the family credit settled in full: no ticket, the order detail attached, sent once and erased with the family', async () => {
    smtp = await TestSmtpServer.start();
    t = await startPaymentsApp({ env: { SMTP_URL: smtp.url } });
    await seedFamily(t, dupreFamily());
    await request(t.url)
      .post('/api/admin/families/fam-dupre/credits')
      .set('Authorization', `Bearer ${adminToken(t)}`)
      .set('Idempotency-Key', 'goodwill')
      .send({ amountCents: 1000, reason: 'Sortie annulée' })
      .expect(201);
    const order = await requestOrder(t, 'fam-dupre', 'ord-credit', [slot('c-lea', 'restauration', W50.monday), slot('c-noah', 'restauration', W50.tuesday)], 650);
    expect(order.amountDueCents).toBe(0);
    const token = parentToken(t, 'fam-dupre');
    await request(t.url).post('/api/orders/ord-credit/confirm').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'ok').send({}).expect(200);

    await ticketProcess(t).settled();
    const report = await mailServices(t).dispatcher.dispatchDue(t.clock.now());
    expect(report.delivered).toEqual(['<validation-ord-credit@periscol.local>']);
    const [mail] = await smtp.parsed();
    expect(mail.subject).toBe('Vos réservations sont validées (réglées par votre avoir)');
    expect((mail.to as { text: string }).text).toBe('parents.dupre@example.org');
    expect(mail.text).toContain('réglées par votre avoir (4,20');
    expect(mail.text).toContain('Léa Dupré');
    expect(mail.text).toContain('aucun ticket de paiement');
    const [pdf] = mail.attachments;
    expect(pdf.filename).toBe('reservations-ord-credit.pdf');
    const text = await pdfText(pdf.content);
    expect(text).toContain('Validée');
    expect(text).toContain('Avoir déduit');
    expect(text).toContain('Noah Dupré');
    expect(await eventsOfType(t, 'family-fam-dupre', 'PaymentTicketIssued')).toEqual([]);

    // The event handled again (a restart from an older checkpoint) sends nothing more.
    await t.app.get(TicketIssuer).mailCreditSettledOrder('fam-dupre', 'ord-credit');
    expect((await mailServices(t).dispatcher.dispatchDue(t.clock.now())).delivered).toEqual([]);
    expect(smtp.accepted).toHaveLength(1);

    await t.app.get(PersonalDataCopies).erase(await familyState(t, 'fam-dupre'));
    expect(await mailServices(t).outbox.get('<validation-ord-credit@periscol.local>')).toBeUndefined();
    expect(await mailServices(t).outbox.isErased('<validation-ord-credit@periscol.local>')).toBe(true);
  });
});
