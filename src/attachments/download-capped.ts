/**
 * Downloads a file without reading more than `maxBytes`: an announced size over the cap stops it
 * before the body, a body that grows past the cap is cancelled. Either way only the size is
 * returned (empty bytes, `declaredSize`), which the conversation service answers with "too
 * large". A refused download throws.
 */
import type { InboundFile } from "../channels/channel-port.ts";

export async function downloadCapped(
  fetchFn: typeof fetch,
  url: string,
  maxBytes: number,
  opts: { fileName?: string; signal?: AbortSignal } = {},
): Promise<InboundFile> {
  const named = opts.fileName ? { fileName: opts.fileName } : {};
  const res = await fetchFn(url, opts.signal ? { signal: opts.signal } : {});
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new Error(`file download answered HTTP ${res.status}`);
  }
  if (!res.body) return { bytes: new Uint8Array(0), declaredSize: 0, ...named };
  const announced = Number(res.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(announced) && announced > maxBytes) {
    await res.body.cancel().catch(() => undefined);
    return { bytes: new Uint8Array(0), declaredSize: announced, ...named };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { bytes: new Uint8Array(0), declaredSize: total, ...named };
    }
    chunks.push(value);
  }
  return { bytes: new Uint8Array(Buffer.concat(chunks)), declaredSize: total, ...named };
}
