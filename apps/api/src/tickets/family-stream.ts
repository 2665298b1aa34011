export const familyStreamId = (familyId: string) => `family-${familyId}`;

/** `family-<id>` → `<id>`; undefined for any other stream. */
export function familyIdOfStream(streamId: string): string | undefined {
  return streamId.startsWith('family-') ? streamId.slice('family-'.length) : undefined;
}
