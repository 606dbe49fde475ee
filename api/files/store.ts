// Uploaded files on disk, addressed by their SHA-256: DATA_DIR/files/<first two hex>/<sha256>.
// The same scan uploaded twice is one file. A file is written to a temporary name in the same
// directory tree and renamed into place, so a crash mid-write never leaves a half file under a
// real hash (rename within one file system is atomic), and two concurrent uploads of the same
// bytes both end with the one complete file.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function filePath(filesDir: string, sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256 hex digest: ${sha256}`);
  return path.join(filesDir, sha256.slice(0, 2), sha256);
}

/** Stores `bytes` under their hash; returns the hash and whether the file was already there. */
export async function storeFile(filesDir: string, bytes: Buffer): Promise<{ sha256: string; alreadyStored: boolean }> {
  const sha256 = sha256Hex(bytes);
  const target = filePath(filesDir, sha256);
  if (await hasSize(target, bytes.length)) return { sha256, alreadyStored: true };
  const tmpDir = path.join(filesDir, 'tmp');
  await mkdir(tmpDir, { recursive: true });
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = path.join(tmpDir, `${sha256}.${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  return { sha256, alreadyStored: false };
}

export function openFile(filesDir: string, sha256: string): ReadStream {
  return createReadStream(filePath(filesDir, sha256));
}

async function hasSize(file: string, size: number): Promise<boolean> {
  try {
    return (await stat(file)).size === size;
  } catch {
    return false;
  }
}
