// French wording for the API's error codes and the read models' statuses. The API's own
// message is the fallback for a code the portal does not know yet.

const ERRORS = {
  NETWORK: 'Le service est injoignable. Vérifiez votre connexion puis réessayez.',
  UNAUTHENTICATED: 'Votre session a expiré. Merci de vous reconnecter.',
  HTTP_401: 'Votre session a expiré. Merci de vous reconnecter.',
  FORBIDDEN: "Vous n'avez pas accès à cette page.",
  NOT_FOUND: "Cette page ou ce document n'existe pas (ou plus).",
  DEADLINE_PASSED: 'Le délai de modification de ce jour est dépassé.',
  SLOT_TAKEN: 'Ce jour est déjà réservé ou en attente de paiement (peut-être depuis un autre appareil).',
  DUPLICATE_SLOT: 'Le même jour figure deux fois dans la demande.',
  EMPTY_REQUEST: "Aucun jour n'est sélectionné.",
  NOT_RESERVED: "Ce jour n'est pas réservé : il ne peut pas être annulé.",
  SLOT_PENDING: 'Ce jour attend un paiement : abandonnez la demande en cours pour le libérer.',
  NOT_ENROLLED: "L'enfant n'est pas inscrit à cette activité.",
  NOT_SERVED: "Cette activité n'a pas lieu ce jour-là.",
  DAY_CLOSED: 'Le service est fermé ce jour-là.',
  OUTSIDE_SCHOOL_YEAR: "Ce jour est en dehors de l'année scolaire.",
  UNKNOWN_CHILD: 'Enfant inconnu.',
  UNKNOWN_ACTIVITY: 'Activité inconnue.',
  UNKNOWN_ORDER: 'Réservation introuvable.',
  ORDER_NOT_PENDING: "Cette réservation n'est plus en attente (déjà validée ou expirée).",
  ACTION_NOT_ALLOWED: "Cette action n'est pas possible pour cette réservation.",
  NO_TARIFF: "Aucun tarif n'est défini pour ce jour.",
  IDEMPOTENCY_KEY_REUSED: 'Cette demande a déjà été envoyée avec un autre contenu. Rechargez la page.',
  VALIDATION_FAILED: 'La demande est incomplète ou mal formée.',
  INTERNAL: 'Une erreur inattendue est survenue. Réessayez dans un instant.',
  NO_TAX_CERTIFICATE: "Pas d'attestation pour cette année : aucun accueil payé pour un enfant de moins de six ans au 1er janvier.",
  TAX_YEAR_NOT_OVER: "L'attestation de cette année sera disponible à partir du 1er janvier suivant.",
  PAYMENT_METHOD_NOT_ACCEPTED: "La régie de la commune n'accepte pas ce mode de paiement en ligne : contactez le service périscolaire.",
  REVENUE_TYPE_NOT_IN_REGIE: "Une activité de cette réservation ne se paie pas en ligne auprès de cette régie : contactez le service périscolaire.",
  ABSENCE_NOT_ALLOWED: "La commune ne prend pas d'absence justifiée pour cette activité.",
  ABSENCE_BEFORE_DEADLINE: "Ce jour peut encore être annulé depuis le planning : l'avoir est immédiat.",
  ABSENCE_TOO_LATE: "Le délai pour signaler cette absence est dépassé.",
  ABSENCE_ALREADY_DECLARED: 'Une absence est déjà signalée pour ce jour et attend la réponse du service.',
  PROOF_TYPE_NOT_ACCEPTED: "Ce fichier n'est pas accepté : envoyez un PDF, une photo JPEG ou une image PNG.",
  PROOF_TOO_LARGE: 'Ce fichier est trop volumineux.',
  BAD_REQUEST: 'Choisissez un fichier à envoyer.',
};

/** @param {{ code?: string, message?: string, status?: number }} error */
export function errorMessage(error) {
  if (error?.code && ERRORS[error.code]) return ERRORS[error.code];
  if (error?.status >= 500) return ERRORS.INTERNAL;
  return error?.message || ERRORS.INTERNAL;
}

export const ORDER_STATUS = {
  awaiting_payment: 'En attente de paiement',
  awaiting_confirmation: 'En attente de validation',
  confirmed: 'Validée',
  expired: 'Expirée (non payée)',
};

/** Labels of the planning legend, as in the municipality's guide. */
export const SLOT_STATUS = {
  reserved: 'Réservé',
  free: 'Non réservé',
  toReserve: 'Modification en cours : à réserver',
  toCancel: 'Modification en cours : à annuler',
  pending: 'En attente de paiement',
  closed: 'Fermé',
  locked: 'Délai dépassé',
  reservedLocked: 'Réservé',
  full: 'Complet',
  waiting: 'Liste d’attente',
};

export const CREDIT_MOVEMENT = {
  cancellation: "Avoir (annulation)",
  closure: 'Avoir (fermeture du service)',
  goodwill: 'Avoir (geste commercial)',
  unapplied_payment: 'Avoir (paiement non affecté)',
  issued: 'Avoir émis',
  applied_to_order: 'Avoir utilisé pour une réservation',
  released_from_order: 'Avoir restitué (demande non aboutie)',
  applied: 'Avoir utilisé pour une réservation',
  held: 'Avoir réservé pour une demande en cours',
  released: 'Avoir restitué (demande non aboutie)',
  consumed: 'Avoir utilisé pour une réservation',
  refunded: 'Remboursement',
  refund: 'Remboursement',
};
