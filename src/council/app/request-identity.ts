/**
 * What a submission's Idempotency-Key stands for: the stored `bodyHash` is the sha256 of
 * `canonicalJson(requestIdentity(body))`, so a repeat is recognised whatever its key order and links.
 */

/**
 * What identifies a submission for its Idempotency-Key: the body without each `documents[].url`.
 * A document link carries its expiry, and a retry may come hours or days after the first attempt,
 * so the sender signs a fresh link each time; what the council receives is the same — the same
 * files, named by kind, version and sha256. (The alternative, an expiry fixed per document
 * version, would make a retry sent late carry an already expired link.) A body without
 * `documents` (a 2.0 client) is hashed exactly as before.
 */
export function requestIdentity(body: unknown): unknown {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const record = body as Record<string, unknown>;
  if (!Array.isArray(record.documents)) return body;
  const documents = record.documents.map((d: unknown) => {
    if (d === null || typeof d !== "object" || Array.isArray(d)) return d;
    const { url: _url, ...rest } = d as Record<string, unknown>;
    return rest;
  });
  return { ...record, documents };
}

/** JSON with object keys sorted at every level, so equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}
