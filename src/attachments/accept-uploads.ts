/**
 * Decides, file by file, which of a message's files are kept, and writes only those: a file is
 * refused before anything reaches the disk when it is too large, of a type not allowed, beyond the
 * room the current step has left, or over the person's hourly allowance; an image is stripped of
 * its metadata (see {@link stripImageMetadata}) and the stripped bytes are what is stored, hashed
 * and counted. Refusals are values, for the conversation service to word.
 */
import type { InboundFile } from "../channels/channel-port.ts";
import type { FileStore, StoredFile } from "./file-store.ts";
import { sniffMime } from "./sniff-mime.ts";
import { stripImageMetadata } from "./strip-image-metadata.ts";
import type { UploadAllowance } from "./upload-allowance.ts";

export interface AcceptedUpload extends StoredFile {
  mime: string;
  fileName?: string;
}

export type UploadRefusal =
  | { reason: "too-large" }
  | { reason: "type" }
  | { reason: "heic" }
  | { reason: "unreadable" }
  /** The step being asked has no room left (its file cap) for this file. */
  | { reason: "no-room" }
  | { reason: "hourly-limit"; retryAt: Date };

export interface AcceptUploadsInput {
  files: readonly InboundFile[];
  /** How many files the current step still takes ({@link fileRoom}); files beyond it are refused. */
  room: number;
  maxBytes: number;
  allowedTypes: readonly string[];
  /** Loaded only when a file gets that far (one query). */
  allowance: () => Promise<UploadAllowance>;
  store: FileStore;
  now: Date;
}

export async function acceptUploads(input: AcceptUploadsInput): Promise<{ accepted: AcceptedUpload[]; refused: UploadRefusal[] }> {
  const accepted: AcceptedUpload[] = [];
  const refused: UploadRefusal[] = [];
  let allowance: UploadAllowance | null = null;
  for (const file of input.files) {
    if ((file.declaredSize ?? file.bytes.byteLength) > input.maxBytes || file.bytes.byteLength > input.maxBytes) {
      refused.push({ reason: "too-large" });
      continue;
    }
    const sniffed = sniffMime(file.bytes);
    if (!sniffed || !input.allowedTypes.includes(sniffed)) {
      refused.push({ reason: "type" });
      continue;
    }
    if (accepted.length >= input.room) {
      refused.push({ reason: "no-room" });
      continue;
    }
    const stripped = await stripImageMetadata(file.bytes, sniffed);
    if (!stripped.ok) {
      refused.push({ reason: stripped.reason });
      continue;
    }
    allowance ??= await input.allowance();
    const taken = allowance.take(stripped.bytes.byteLength, input.now);
    if (!taken.ok) {
      refused.push({ reason: "hourly-limit", retryAt: taken.retryAt });
      continue;
    }
    const stored = await input.store.put(stripped.bytes);
    accepted.push({ ...stored, mime: stripped.mime, ...(file.fileName ? { fileName: file.fileName } : {}) });
  }
  return { accepted, refused };
}
