import request from 'supertest';
import { expectErrorShape, newKey } from './support/http';
import { BERNARD, JourneyApp, MARTIN, NGUYEN, slot, W50 } from './journey.support';

/**
 * The pointage over HTTP (R20): the list of a day with its marks, the search of enrolled
 * children, the marks saved (roles, Idempotency-Key, refusals with nothing saved), and verify
 * clean on a history holding them. Martin's two children hold Monday's canteen; Lina Nguyen
 * (same school) comes without a reservation.
 */
describe('the pointage routes', () => {
  let j: JourneyApp;
  const day = W50.monday;
  const put = (body: object, as = 'agent', key: string | null = newKey()) => {
    const req = request(j.url).put('/api/admin/attendance/marks').auth(j.token(as), { type: 'bearer' });
    return (key === null ? req : req.set('Idempotency-Key', key)).send(body);
  };
  const mark = (familyId: string, childId: string, status: 'present' | 'absent', expected: 'present' | 'absent' | null = null) => ({ familyId, childId, status, expected });
  const sheet = async (school?: string) =>
    (await j.get(`/api/admin/attendance/sheet?date=${day}&activityId=restauration${school ? `&school=${encodeURIComponent(school)}` : ''}`, 'agent').expect(200)).body as {
      counts: Record<string, number>;
      bySchool: { school: string | null; counts: Record<string, number> }[];
      children: { childId: string; firstName: string | null; reserved: boolean; mark: { status: string; agentId: string; markedAt: string } | null }[];
    };
  const attendanceEvents = async () => (await j.store.readStream(`attendance-restauration-${day}`)).events;

  beforeAll(async () => {
    j = await JourneyApp.start();
    await j.grant(MARTIN.familyId, 2000).expect(201);
    const order = (await j.reserve(MARTIN.familyId, [slot(MARTIN.lea, 'restauration', day), slot(MARTIN.hugo, 'restauration', day)]).expect(201)).body;
    await j.post(`/api/orders/${order.orderId}/confirm`, MARTIN.familyId).expect(200);
    await j.grant(BERNARD.familyId, 2000).expect(201);
    const ines = (await j.reserve(BERNARD.familyId, [slot(BERNARD.ines, 'restauration', day)]).expect(201)).body;
    await j.post(`/api/orders/${ines.orderId}/confirm`, BERNARD.familyId).expect(200);
    // Monday 7 December, 11:30 in Paris.
    j.clock.set('2026-12-07T10:30:00.000Z');
  });
  afterAll(() => j.close());

  it('refuses a day not come yet, with nothing saved', async () => {
    expectErrorShape((await put({ date: W50.tuesday, activityId: 'restauration', marks: [mark(MARTIN.familyId, MARTIN.lea, 'present')] }).expect(422)).body, 'ATTENDANCE_DAY_IN_FUTURE');
    expect(await j.store.readStream(`attendance-restauration-${W50.tuesday}`)).toMatchObject({ events: [] });
  });

  it('lists the reserved children unmarked, then records present, absent and a child present without reservation', async () => {
    expect((await sheet('École élémentaire Jules-Ferry')).children.map((c) => [c.childId, c.reserved, c.mark])).toEqual([
      [MARTIN.hugo, true, null],
      [MARTIN.lea, true, null],
    ]);
    const found = (await j.get(`/api/admin/attendance/children?date=${day}&activityId=restauration&school=${encodeURIComponent('École élémentaire Jules-Ferry')}&q=lin`, 'agent').expect(200)).body;
    expect(found.children).toEqual([expect.objectContaining({ childId: NGUYEN.lina, firstName: 'Lina', reserved: false, mark: null })]);

    const key = newKey();
    const body = { date: day, activityId: 'restauration', marks: [mark(MARTIN.familyId, MARTIN.lea, 'present'), mark(MARTIN.familyId, MARTIN.hugo, 'absent'), mark(NGUYEN.familyId, NGUYEN.lina, 'present')] };
    const saved = (await put(body, 'agent', key).expect(200)).body;
    expect(saved.marks).toHaveLength(3);
    expect(saved.marks.find((m: { childId: string }) => m.childId === NGUYEN.lina)).toEqual({
      familyId: NGUYEN.familyId,
      childId: NGUYEN.lina,
      status: 'present',
      reserved: false,
      replaces: null,
      agentId: 'test-agent',
      markedAt: '2026-12-07T10:30:00.000Z',
    });
    // The same key again: the same answer, nothing appended.
    const before = await j.store.headPosition();
    const again = await put(body, 'agent', key).expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await j.store.headPosition()).toBe(before);

    const list = await sheet('École élémentaire Jules-Ferry');
    expect(list.children.map((c) => [c.childId, c.reserved, c.mark?.status])).toEqual([
      [MARTIN.hugo, true, 'absent'],
      [MARTIN.lea, true, 'present'],
      [NGUYEN.lina, false, 'present'],
    ]);
    expect(list.counts).toEqual({ reserved: 2, present: 2, absent: 1, unmarked: 0, presentWithoutReservation: 1 });
    // No name in the events: the pointage holds ids only (R17).
    expect(JSON.stringify((await attendanceEvents()).map((e) => e.data))).not.toMatch(/Léa|Martin|Lina|Jules/);
  });

  it('corrects a mark with a new event, and refuses a save over a mark another agent changed', async () => {
    await put({ date: day, activityId: 'restauration', marks: [mark(MARTIN.familyId, MARTIN.hugo, 'present', 'absent')] }, 'admin').expect(200);
    const events = await attendanceEvents();
    expect(events.at(-1)?.data).toMatchObject({ childId: MARTIN.hugo, status: 'present', replaces: 'absent', agentId: 'test-admin' });
    // An agent whose tablet still shows Hugo absent.
    const stale = await put({ date: day, activityId: 'restauration', marks: [mark(MARTIN.familyId, MARTIN.hugo, 'absent', 'absent')] }).expect(409);
    expectErrorShape(stale.body, 'ATTENDANCE_MARK_CHANGED');
    expect(stale.body.error.details).toEqual([{ familyId: MARTIN.familyId, childId: MARTIN.hugo, status: 'present', agentId: 'test-admin', markedAt: '2026-12-07T10:30:00.000Z' }]);
    expect(await attendanceEvents()).toHaveLength(events.length);
  });

  it('refuses an unknown child, a child not enrolled in the activity, a first absence without reservation, a closed day', async () => {
    const count = (await attendanceEvents()).length;
    const refusal = async (marks: object[], status: number, code: string, date: string = day) => expectErrorShape((await put({ date, activityId: 'restauration', marks }).expect(status)).body, code);
    await refusal([mark(MARTIN.familyId, 'personne', 'present')], 422, 'UNKNOWN_CHILD');
    await refusal([mark('famille-inconnue', 'x', 'present')], 422, 'UNKNOWN_CHILD');
    expectErrorShape((await put({ date: day, activityId: 'accueil-matin', marks: [mark(MARTIN.familyId, MARTIN.lea, 'present')] }).expect(422)).body, 'NOT_ENROLLED');
    await refusal([mark(BERNARD.familyId, BERNARD.nathan, 'absent')], 422, 'NOT_RESERVED');
    await refusal([mark(MARTIN.familyId, MARTIN.lea, 'present')], 422, 'DAY_CLOSED', '2026-10-19'); // Toussaint holidays
    await refusal([mark(MARTIN.familyId, MARTIN.lea, 'present')], 422, 'NOT_SERVED', '2026-12-06');
    await refusal([mark(MARTIN.familyId, MARTIN.lea, 'present'), mark(MARTIN.familyId, MARTIN.lea, 'absent')], 400, 'INVALID_COMMAND');
    expectErrorShape((await put({ date: day, activityId: 'piscine', marks: [mark(MARTIN.familyId, MARTIN.lea, 'present')] }).expect(422)).body, 'UNKNOWN_ACTIVITY');
    expectErrorShape((await put({ date: day, activityId: 'restauration', marks: [] }).expect(400)).body, 'VALIDATION_FAILED');
    expectErrorShape((await put({ date: day, activityId: 'restauration', marks: [mark(MARTIN.familyId, MARTIN.lea, 'present')] }, 'agent', null).expect(400)).body, 'IDEMPOTENCY_KEY_REQUIRED');
    expect(await attendanceEvents()).toHaveLength(count);
  });

  it('two agents saving the same child at once: one mark is kept, the other agent is refused and told which', async () => {
    const count = (await attendanceEvents()).length;
    const body = (status: 'present' | 'absent') => ({ date: day, activityId: 'restauration', marks: [mark(BERNARD.familyId, BERNARD.ines, status)] });
    const [a, b] = await Promise.all([put(body('present'), 'agent'), put(body('absent'), 'admin')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [kept, refused] = a.status === 200 ? [a, b] : [b, a];
    expectErrorShape(refused.body, 'ATTENDANCE_MARK_CHANGED');
    const winner = (kept.body as { marks: { childId: string; status: string; agentId: string }[] }).marks.find((m) => m.childId === BERNARD.ines);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ childId: BERNARD.ines, status: winner?.status, agentId: winner?.agentId })]);
    expect(await attendanceEvents()).toHaveLength(count + 1);
  });

  it('is open to agents and administrators only', async () => {
    const body = { date: day, activityId: 'restauration', marks: [mark(MARTIN.familyId, MARTIN.lea, 'present')] };
    for (const role of ['auditor', 'regisseur', MARTIN.familyId]) {
      await put(body, role).expect(403);
      await j.get(`/api/admin/attendance/sheet?date=${day}&activityId=restauration`, role).expect(403);
      await j.get(`/api/admin/attendance/marks?date=${day}&activityId=restauration`, role).expect(403);
    }
  });

  it('reads the marks a charge would use, and verify replays them clean', async () => {
    const { marks } = (await j.get(`/api/admin/attendance/marks?date=${day}&activityId=restauration`, 'admin').expect(200)).body as { marks: { childId: string; status: string; reserved: boolean }[] };
    expect(marks.filter((m) => m.status === 'present' && !m.reserved).map((m) => m.childId)).toEqual([NGUYEN.lina]);
    const report = await j.verify();
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    expect(report.checks.find((check) => check.name.startsWith('pointage'))?.detail).toBe('5 mark(s) in 1 day(s)');
  });
});
