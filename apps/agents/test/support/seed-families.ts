/**
 * Many families at once, straight into the store: the events the deciders decide for a
 * registration (family stream: registered, children enrolled; person stream: identity,
 * children), appended with `appendMany`, a few hundred streams per durable write — instead of
 * four HTTP requests per family. Names are drawn from fixed lists (no Camille, no Léa: the demo
 * family Camille Martin stays the only one with both), so every run seeds the same town.
 */
import { randomUUID } from 'node:crypto';
import type { EventStore, StreamAppend } from '@periscol/event-store';
import {
  createFamilyDecider,
  decidePerson,
  demoCatalog,
  evolvePerson,
  FAMILY_EVENT_SCHEMA_VERSIONS,
  foldFamily,
  initialFamilyState,
  initialPersonState,
  PERSON_EVENT_SCHEMA_VERSIONS,
  type FamilyEvent,
  type FamilyEventType,
  type PersonEvent,
  type PersonEventType,
} from '@periscol/reservation-domain';
import { isLeft } from 'fp-ts/Either';

const PARENTS = ['Nadia', 'Julien', 'Sarah', 'Mehdi', 'Claire', 'Antoine', 'Fatou', 'Olivier', 'Aurélie', 'Yann', 'Isabelle', 'Karim', 'Élodie', 'Thierry', 'Manon', 'Bruno'];
const CHILDREN = ['Adam', 'Emma', 'Gabriel', 'Jade', 'Louis', 'Chloé', 'Raphaël', 'Alice', 'Arthur', 'Rose', 'Noah', 'Mila', 'Sacha', 'Lina', 'Tom', 'Anna', 'Ethan', 'Zoé', 'Nolan', 'Inaya'];
const LAST_NAMES = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez', 'Legrand'];
const SCHOOLS = ['École élémentaire Jules-Ferry', 'École élémentaire Louise-Michel', 'École maternelle Les Tilleuls', 'École élémentaire Jean-Moulin', 'École primaire Marie-Curie'];
const GRADES = ['PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2'];
const ACTIVITIES = [['restauration'], ['restauration', 'accueil-soir'], ['restauration', 'mercredi'], ['accueil-matin', 'restauration']];

const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });
const actor = { userId: 'test:seed', role: 'admin' };
const STREAMS_PER_APPEND = 400;

function familyEvents(commands: Parameters<typeof decider.decide>[0][]): FamilyEvent[] {
  let state = initialFamilyState();
  const events: FamilyEvent[] = [];
  for (const command of commands) {
    const decided = decider.decide(command, state);
    if (isLeft(decided)) throw new Error(`seed refused: ${decided.left.code}`);
    events.push(...decided.right);
    state = foldFamily(decided.right, state);
  }
  return events;
}

function personEvents(commands: Parameters<typeof decidePerson>[0][]): PersonEvent[] {
  let state = initialPersonState();
  const events: PersonEvent[] = [];
  for (const command of commands) {
    const decided = decidePerson(command, state);
    if (isLeft(decided)) throw new Error(`seed refused: ${decided.left.code}`);
    events.push(...decided.right);
    state = decided.right.reduce(evolvePerson, state);
  }
  return events;
}

/** Registers `count` families `seed-000001`…; resolves once they are all in the store. */
export async function seedFamilies(store: EventStore, count: number, now: string): Promise<void> {
  const metadata = { now };
  let appends: StreamAppend[] = [];
  for (let i = 1; i <= count; i++) {
    const familyId = `seed-${String(i).padStart(6, '0')}`;
    const lastName = LAST_NAMES[i % LAST_NAMES.length];
    // Varies within a family name too (i / 30), so that two Martins rarely look alike.
    const round = Math.floor(i / LAST_NAMES.length);
    const children = Array.from({ length: 1 + (i % 2) }, (_, n) => ({
      childId: `${familyId}-c${n + 1}`,
      firstName: CHILDREN[(round * 7 + i + n * 3) % CHILDREN.length],
      lastName,
      school: SCHOOLS[(round + n) % SCHOOLS.length],
      grade: GRADES[(round * 3 + i + n) % GRADES.length],
      activityIds: ACTIVITIES[(i + n) % ACTIVITIES.length],
    }));
    const family = familyEvents([
      { type: 'RegisterFamily', data: { familyId, resident: i % 10 !== 0 }, metadata },
      ...children.map((child) => ({ type: 'EnrolChild' as const, data: { childId: child.childId, activityIds: child.activityIds }, metadata })),
    ]);
    const person = personEvents([
      { type: 'RecordFamilyIdentity', data: { familyId, name: `${PARENTS[(round * 5 + i) % PARENTS.length]} ${lastName}`, email: `${familyId}@exemple.fr` }, metadata },
      ...children.map(({ childId, firstName, lastName: last, school, grade }) => ({ type: 'RecordChildIdentity' as const, data: { childId, firstName, lastName: last, school, grade }, metadata })),
    ]);
    appends.push(
      { streamId: `family-${familyId}`, expectedRevision: 'no_stream', events: family.map((e) => ({ type: e.type, data: e.data, metadata: { eventId: randomUUID(), schemaVersion: FAMILY_EVENT_SCHEMA_VERSIONS[e.type as FamilyEventType], actor } })) },
      { streamId: `person-${familyId}`, expectedRevision: 'no_stream', events: person.map((e) => ({ type: e.type, data: e.data, metadata: { eventId: randomUUID(), schemaVersion: PERSON_EVENT_SCHEMA_VERSIONS[e.type as PersonEventType], actor } })) },
    );
    if (appends.length >= STREAMS_PER_APPEND * 2) {
      await store.appendMany(appends);
      appends = [];
    }
  }
  if (appends.length > 0) await store.appendMany(appends);
}
