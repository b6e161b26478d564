/**
 * Stores the Zalo account's credentials (cookies, imei, user agent) in a file readable only by
 * its owner (mode 0600). When a key is configured the file is encrypted with AES-256-GCM, so a
 * copied file is useless without the key. Cookies are refreshed by Zalo while the session runs;
 * the channel saves them back here.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { ZaloCredentials } from "./zalo-personal-port.ts";

interface Envelope {
  format: "tdkt.zalo-credentials";
  version: 1;
  encrypted: boolean;
  /** base64: salt(16) | iv(12) | tag(16) | ciphertext, when encrypted. */
  data: string | ZaloCredentials;
}

export class CredentialStore {
  constructor(
    readonly path: string,
    private readonly key?: string,
  ) {}

  async save(credentials: ZaloCredentials): Promise<void> {
    let envelope: Envelope;
    if (this.key) {
      const salt = randomBytes(16);
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", scryptSync(this.key, salt, 32), iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(credentials), "utf8"), cipher.final()]);
      envelope = { format: "tdkt.zalo-credentials", version: 1, encrypted: true, data: Buffer.concat([salt, iv, cipher.getAuthTag(), body]).toString("base64") };
    } else {
      envelope = { format: "tdkt.zalo-credentials", version: 1, encrypted: false, data: credentials };
    }
    await mkdir(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(envelope, null, 2), { mode: 0o600 });
    await chmod(temp, 0o600);
    await rename(temp, this.path);
  }

  /** The stored credentials, or null when there are none yet. Throws on a wrong key or a damaged file. */
  async load(): Promise<ZaloCredentials | null> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
    const envelope = JSON.parse(text) as Envelope;
    if (envelope.format !== "tdkt.zalo-credentials") throw new Error(`${this.path} is not a Zalo credentials file`);
    if (!envelope.encrypted) return envelope.data as ZaloCredentials;
    if (!this.key) throw new Error(`${this.path} is encrypted: set ZALO_CREDENTIALS_KEY`);
    const raw = Buffer.from(envelope.data as string, "base64");
    const decipher = createDecipheriv("aes-256-gcm", scryptSync(this.key, raw.subarray(0, 16), 32), raw.subarray(16, 28));
    decipher.setAuthTag(raw.subarray(28, 44));
    const plain = Buffer.concat([decipher.update(raw.subarray(44)), decipher.final()]).toString("utf8");
    return JSON.parse(plain) as ZaloCredentials;
  }
}
