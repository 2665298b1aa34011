import type { FamilyRegistrationInput } from '../families/family-registration.service';

/**
 * The demo municipality's families (demo mode): children in three schools, three QF brackets,
 * a family of three (sibling reduction from the 3rd child), and one non-resident family
 * without a QF (highest price / non-resident tariff). Names and addresses are fictitious.
 */
export const DEMO_FAMILIES: readonly FamilyRegistrationInput[] = [
  {
    familyId: 'famille-martin',
    name: 'Camille Martin',
    email: 'camille.martin@example.fr',
    address: '12 rue des Écoles, 71140 Saint-Aubin-sur-Loire',
    resident: true,
    quotientFamilial: 612,
    children: [
      { childId: 'lea-martin', firstName: 'Léa', lastName: 'Martin', school: 'École élémentaire Jules-Ferry', grade: 'CE2', birthDate: '2018-04-12', activityIds: ['restauration', 'accueil-soir', 'mercredi'] },
      { childId: 'hugo-martin', firstName: 'Hugo', lastName: 'Martin', school: 'École élémentaire Jules-Ferry', grade: 'CP', birthDate: '2020-06-03', activityIds: ['restauration', 'accueil-matin'] },
    ],
  },
  {
    familyId: 'famille-bernard',
    name: 'Sophie et Karim Bernard',
    email: 'famille.bernard@example.fr',
    address: '3 allée des Tilleuls, 71140 Saint-Aubin-sur-Loire',
    resident: true,
    quotientFamilial: 1250,
    children: [
      { childId: 'ines-bernard', firstName: 'Inès', lastName: 'Bernard', school: 'École élémentaire Louise-Michel', grade: 'CM1', birthDate: '2017-02-21', activityIds: ['restauration', 'accueil-matin', 'accueil-soir'] },
      { childId: 'nathan-bernard', firstName: 'Nathan', lastName: 'Bernard', school: 'École élémentaire Louise-Michel', grade: 'CE1', birthDate: '2019-10-08', activityIds: ['restauration', 'accueil-soir'] },
      { childId: 'jade-bernard', firstName: 'Jade', lastName: 'Bernard', school: 'École maternelle Les Tilleuls', grade: 'MS', birthDate: '2022-01-15', activityIds: ['restauration', 'mercredi'] },
    ],
  },
  {
    familyId: 'famille-nguyen',
    name: 'Thomas Nguyen',
    email: 'thomas.nguyen@example.fr',
    address: '8 route de Bourbon, 71160 Digoin',
    resident: false,
    quotientFamilial: null,
    children: [
      { childId: 'lina-nguyen', firstName: 'Lina', lastName: 'Nguyen', school: 'École élémentaire Jules-Ferry', grade: 'CM2', birthDate: '2016-09-30', activityIds: ['restauration', 'mercredi'] },
    ],
  },
];
