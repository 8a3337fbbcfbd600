/** Bytes per chunk: a multiple of 3, so every chunk encodes without padding and the parts join. */
const CHUNK_BYTES = 3 * 8192;

/**
 * `bytes` as base64, a chunk at a time: a 20 MB file never becomes one 20-million-argument
 * call or one giant binary string.
 */
export const bytesToBase64 = (bytes: Uint8Array): string => {
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) {
    const chunk = bytes.subarray(start, start + CHUNK_BYTES);
    parts.push(btoa(String.fromCharCode(...chunk)));
  }
  return parts.join('');
};
