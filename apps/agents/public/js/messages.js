// French wording of the API's error codes (docs/http.md §4) for the back office.

const MESSAGES = {
  NETWORK: 'Le serveur ne répond pas. Vérifiez la connexion puis réessayez.',
  UNAUTHENTICATED: 'Votre session a expiré. Merci de vous reconnecter.',
  FORBIDDEN: 'Votre rôle ne permet pas cette action.',
  NOT_FOUND: 'Introuvable.',
  VALIDATION_FAILED: 'Certains champs sont invalides : vérifiez le formulaire.',
  FAMILY_NOT_REGISTERED: 'Cette famille n’est pas inscrite.',
  FAMILY_ALREADY_REGISTERED: 'Une autre famille porte déjà cet identifiant.',
  CHILD_ALREADY_ENROLLED: 'Cet enfant est déjà inscrit à d’autres activités.',
  UNKNOWN_ACTIVITY: 'Activité inconnue du catalogue de la commune.',
  PERSON_NOT_RECORDED: 'L’identité de la famille n’a jamais été enregistrée.',
  PERSONAL_DATA_ERASED: 'Les données personnelles de cette famille ont été effacées : rien ne peut plus être enregistré.',
  EFFECTIVE_DATE_IN_FUTURE: 'La date de l’attestation ne peut pas être dans le futur.',
  NOT_SERVED: 'Cette activité n’a pas lieu ce jour-là : rien à fermer.',
  OUTSIDE_SCHOOL_YEAR: 'Ce jour est en dehors de l’année scolaire.',
  DAY_CLOSED: 'Ce jour est déjà fermé dans le calendrier de la commune (vacances, férié).',
  CONCURRENCY_CONFLICT: 'Le dossier a changé pendant l’enregistrement : réessayez.',
  IDEMPOTENCY_KEY_REUSED: 'Cette action a déjà été envoyée avec d’autres valeurs : rechargez la page.',
  RATE_LIMITED: 'Trop de demandes : patientez une minute.',
  SERVICE_UNAVAILABLE: 'Le service redémarre : réessayez dans un instant.',
  INTERNAL: 'Erreur du serveur : réessayez ; si elle persiste, prévenez le support.',
  ATTENDANCE_DAY_IN_FUTURE: 'Ce jour n’est pas encore arrivé : il ne peut pas être pointé.',
  ATTENDANCE_MARK_CHANGED: 'Un autre agent a modifié ce pointage entre-temps : vérifiez puis pointez à nouveau.',
  UNKNOWN_CHILD: 'Enfant inconnu dans cette famille.',
  INSUFFICIENT_CREDIT: 'Le montant dépasse l’avoir de la famille (il a pu baisser depuis la demande).',
  AMOUNT_INVALID: 'Montant invalide : un nombre positif d’euros et de centimes.',
  AMOUNT_OUT_OF_BOUNDS: 'Montant trop élevé pour la commune.',
  UNKNOWN_CREDIT: 'Cet avoir n’appartient pas à la famille.',
  UNKNOWN_REFUND_REQUEST: 'Demande de remboursement introuvable.',
  REFUND_REQUEST_NOT_PENDING: 'Cette demande a déjà été validée ou refusée.',
  REFUND_SELF_VALIDATION: 'Vous avez fait cette demande : un autre administrateur doit la valider ou la refuser.',
  NOT_ENROLLED: 'Cet enfant n’est pas inscrit à cette activité.',
  REGIE_DAY_NOT_OVER: 'Cette journée n’est pas terminée : elle se clôture le lendemain.',
  REGIE_DAY_OUT_OF_ORDER: 'Les journées se clôturent dans l’ordre : clôturez d’abord la journée qui suit la dernière clôturée.',
  REGIE_DAY_ALREADY_CLOSED: 'Cette journée est déjà clôturée.',
  RECEIPTS_NOT_NUMBERED: 'Un paiement de la journée attend encore son numéro de quittance : réessayez dans un instant.',
  NOT_RESERVED: 'Cet enfant n’a pas de réservation ce jour : il ne peut pas être marqué absent.',
  UNKNOWN_UNMATCHED_PAYMENT: 'Ce paiement ne figure pas parmi les paiements non rattachés.',
  UNKNOWN_ABSENCE: 'Cette absence n’a pas été signalée par la famille.',
  ABSENCE_ALREADY_DECIDED: 'Cette absence a déjà été acceptée ou refusée (par un autre agent, peut-être) : rechargez la page.',
  PROOF_NOT_FOUND: 'Le justificatif n’est plus conservé (données personnelles de la famille effacées).',
  UNMATCHED_PAYMENT_ALREADY_ATTACHED: 'Ce paiement est déjà rattaché à une famille (par un autre régisseur, peut-être) : rechargez la page.',
};

/** @param {{ code?: string, message?: string }} error */
export function errorMessage(error) {
  return MESSAGES[error?.code ?? ''] ?? `L’opération a échoué (${error?.code ?? 'erreur inconnue'}).`;
}

export const ORDER_STATUS = {
  awaiting_payment: 'En attente de paiement',
  awaiting_confirmation: 'En attente de validation',
  confirmed: 'Confirmée',
  expired: 'Expirée',
};

export const MOVEMENT_KINDS = {
  cancellation: 'Annulation',
  closure: 'Fermeture du service',
  goodwill: 'Geste commercial',
  unapplied_payment: 'Paiement non appliqué',
  applied_to_order: 'Utilisé pour une réservation',
  released_from_order: 'Libéré (réservation expirée)',
  refund: 'Remboursement',
};
