import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AbsenceProofStore, ProofIntegrityError } from './absence-proof-store';
import { proofMediaTypeOf } from './proof-media-type';

describe('the absence proof store (R22, R17)', () => {
  let dataDir: string;
  let store: AbsenceProofStore;
  const bytes = Buffer.from('%PDF-1.7\ncertificat\n%%EOF\n', 'latin1');
  const sha = AbsenceProofStore.sha256(bytes);

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-proofs-'));
    store = new AbsenceProofStore({ dataDir });
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('writes a proof under its family and storage id, and reads it back checked', async () => {
    await store.put('fam-1', 'absence-proof-1', bytes, sha);
    expect(fs.readdirSync(path.join(dataDir, 'absence-proofs', 'fam-1'))).toEqual(['absence-proof-1']);
    expect(await store.read('fam-1', 'absence-proof-1', sha)).toEqual(bytes);
    await store.put('fam-1', 'absence-proof-1', bytes, sha);
    expect(fs.readdirSync(path.join(dataDir, 'absence-proofs', 'fam-1'))).toEqual(['absence-proof-1']);
  });

  it('refuses to write bytes that do not match the hash, and to hand out a file changed on disk', async () => {
    await expect(store.put('fam-1', 'p1', bytes, 'f'.repeat(64))).rejects.toThrow(ProofIntegrityError);
    await store.put('fam-1', 'p2', bytes, sha);
    fs.writeFileSync(path.join(dataDir, 'absence-proofs', 'fam-1', 'p2'), Buffer.from('%PDF-1.7\nautre chose\n', 'latin1'));
    await expect(store.read('fam-1', 'p2', sha)).rejects.toThrow(ProofIntegrityError);
  });

  it('erases every proof of a family, and only of that family; reading one then answers null', async () => {
    await store.put('fam-1', 'p1', bytes, sha);
    await store.put('fam-2', 'p1', bytes, sha);
    await store.eraseFamily('fam-1');
    await store.eraseFamily('fam-1');
    expect(await store.read('fam-1', 'p1', sha)).toBeNull();
    expect(await store.read('fam-2', 'p1', sha)).toEqual(bytes);
  });

  it('keeps the proofs in PERISCOL_ABSENCE_PROOFS_DIR when it is set (a volume the hosts of one store share)', async () => {
    const shared = path.join(dataDir, 'partage');
    await new AbsenceProofStore({ dataDir, absenceProofsDir: shared }).put('fam-1', 'p1', bytes, sha);
    expect(fs.readdirSync(path.join(shared, 'fam-1'))).toEqual(['p1']);
    expect(fs.existsSync(path.join(dataDir, 'absence-proofs'))).toBe(false);
  });

  it('never builds a path out of an id that could leave its folder', async () => {
    await expect(store.put('../etc', 'p1', bytes, sha)).rejects.toThrow(/unsafe/);
    await expect(store.read('fam-1', '../../x', sha)).rejects.toThrow(/unsafe/);
  });

  it('reads the type from the first bytes only', () => {
    expect(proofMediaTypeOf(bytes)).toBe('application/pdf');
    expect(proofMediaTypeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
    expect(proofMediaTypeOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(proofMediaTypeOf(Buffer.from('GIF89a', 'latin1'))).toBeNull();
    expect(proofMediaTypeOf(Buffer.from('<html>%PDF-', 'latin1'))).toBeNull();
    expect(proofMediaTypeOf(Buffer.alloc(0))).toBeNull();
  });
});
