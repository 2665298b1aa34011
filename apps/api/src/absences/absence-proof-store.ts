import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';

/** Ids that are safe as file and folder names: what `ID_PATTERN` and derived ids allow. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/;

export class ProofIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProofIntegrityError';
  }
}

/**
 * R22 and R17: the proofs of absences, kept outside the event history because they hold health
 * data and must be erasable. One folder per family under `<dataDir>/absence-proofs` (or
 * `PERISCOL_ABSENCE_PROOFS_DIR`, shared by the hosts of one store), one file per
 * proof named by its storage id; the SHA-256 the history records is checked when a file is
 * written and again when it is read, so a file changed on disk is never handed out as the proof.
 * Erasing a family's personal data removes its whole folder — files of declarations that were
 * refused or never recorded included.
 */
@Injectable()
export class AbsenceProofStore {
  private readonly root: string;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'dataDir' | 'absenceProofsDir'>) {
    this.root = config.absenceProofsDir ?? path.join(config.dataDir, 'absence-proofs');
  }

  static sha256(bytes: Uint8Array): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  /**
   * Writes the proof (atomically: a temporary file renamed) and checks it reads back with the
   * given hash. Writing the same proof again is harmless: its content is the same.
   */
  async put(familyId: string, storageId: string, bytes: Uint8Array, sha256: string): Promise<void> {
    if (AbsenceProofStore.sha256(bytes) !== sha256) throw new ProofIntegrityError('the proof does not match its SHA-256');
    const file = this.fileOf(familyId, storageId);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.promises.writeFile(temporary, bytes, { flag: 'wx', mode: 0o600 });
    await fs.promises.rename(temporary, file);
    const written = await fs.promises.readFile(file);
    if (AbsenceProofStore.sha256(written) !== sha256) throw new ProofIntegrityError('the proof was not written whole');
  }

  /** The proof's bytes, checked against the hash the history recorded; null when there is none (erased, never stored). */
  async read(familyId: string, storageId: string, sha256: string): Promise<Buffer | null> {
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(this.fileOf(familyId, storageId));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    if (AbsenceProofStore.sha256(bytes) !== sha256) throw new ProofIntegrityError(`the stored proof ${storageId} no longer matches its SHA-256`);
    return bytes;
  }

  /** Removes one proof (a declaration the domain refused); no error when it is not there. */
  async remove(familyId: string, storageId: string): Promise<void> {
    await fs.promises.rm(this.fileOf(familyId, storageId), { force: true });
  }

  /** R17: every proof of the family, gone. Idempotent. */
  async eraseFamily(familyId: string): Promise<void> {
    await fs.promises.rm(this.folderOf(familyId), { recursive: true, force: true });
  }

  private folderOf(familyId: string): string {
    if (!SAFE_NAME.test(familyId)) throw new Error(`unsafe family id for a folder name: ${familyId}`);
    return path.join(this.root, familyId);
  }

  private fileOf(familyId: string, storageId: string): string {
    if (!SAFE_NAME.test(storageId)) throw new Error(`unsafe storage id for a file name: ${storageId}`);
    return path.join(this.folderOf(familyId), storageId);
  }
}
