import { DocumentInputError } from '../document-input-error';

/** The DocumentInputError a render rejected with (anything else fails the test). */
export async function rejection(promise: Promise<unknown>): Promise<DocumentInputError> {
  const outcome = await promise.then(
    () => new Error('expected the render to be refused'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof DocumentInputError)) throw outcome;
  return outcome;
}
