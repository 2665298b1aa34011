import { contentDisposition } from './document-pdf';

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 French name', () => {
    expect(contentDisposition('Détail des réservations o-1.pdf')).toBe(
      `inline; filename="Detail des reservations o-1.pdf"; filename*=UTF-8''D%C3%A9tail%20des%20r%C3%A9servations%20o-1.pdf`,
    );
    expect(contentDisposition('Récap "x" (1).pdf', 'attachment')).toBe(`attachment; filename="Recap _x_ (1).pdf"; filename*=UTF-8''R%C3%A9cap%20%22x%22%20%281%29.pdf`);
  });
});
