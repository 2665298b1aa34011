/** One problem found in a document's input: where it is and what is wrong. */
export interface DocumentInputIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Thrown before any rendering when a document's input is unusable (non-integer cents, a date
 * that does not exist, totals that do not add up, an unknown time zone…). Nothing is rendered.
 */
export class DocumentInputError extends Error {
  readonly code = 'INVALID_DOCUMENT_INPUT' as const;

  constructor(
    readonly document: string,
    readonly issues: readonly DocumentInputIssue[],
  ) {
    super(`${document}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
    this.name = 'DocumentInputError';
  }
}
