// Record lines: one record per line, as the CLI prints them (serde_json
// never writes a raw newline inside a record), joined by '\n' into one
// buffer per batch. Extraction workers make them, the index worker reads
// them, and the page keeps them to refill a fresh index worker.

const NEWLINE = 10;

/** Joins record lines (Uint8Arrays) into one ArrayBuffer. */
export function joinLines(lines) {
  let size = Math.max(0, lines.length - 1);
  for (const line of lines) size += line.byteLength;
  const out = new Uint8Array(size);
  let at = 0;
  lines.forEach((line, i) => {
    if (i > 0) out[at++] = NEWLINE;
    out.set(line, at);
    at += line.byteLength;
  });
  return out.buffer;
}

/** The lines of a batch (views into it, not copies); none for an empty batch. */
export function splitLines(buffer) {
  const bytes = new Uint8Array(buffer);
  if (bytes.length === 0) return [];
  const lines = [];
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(NEWLINE, start);
    if (end < 0) break;
    lines.push(bytes.subarray(start, end));
    start = end + 1;
  }
  lines.push(bytes.subarray(start));
  return lines;
}

const encoder = new TextEncoder();

/**
 * The record line of a file the page itself accounts for (the reader crashed
 * on it, or it is too large to read here): an error record as the core
 * writes them, by default with the code for a bug in jianbao (`internal`).
 */
export function errorLine(path, bytes, message, code = 'internal') {
  const record = { source: { path, bytes, sha256: '', format: null, encoding: null }, error: message, code };
  return encoder.encode(JSON.stringify(record));
}

/**
 * The path and size a record line names, read from its start (a record
 * begins `{"source":{"path":…,"bytes":…`), without parsing a line that may
 * hold megabytes of text.
 */
export function lineSource(line) {
  const head = new TextDecoder().decode(line.subarray(0, 1 << 17));
  const match = head.match(/^\{"source":\{"path":("(?:[^"\\]|\\.)*"),"bytes":(\d+)/);
  if (!match) return { path: '?', bytes: 0 };
  try {
    return { path: JSON.parse(match[1]), bytes: Number(match[2]) };
  } catch {
    return { path: '?', bytes: 0 };
  }
}
