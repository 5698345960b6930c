/**
 * The type a file really is, from its first bytes: the declared Content-Type is the
 * client's claim and is not trusted on its own (an "image" could be HTML).
 */
const SIGNATURES: [string, number[], number?][] = [
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/gif', [0x47, 0x49, 0x46, 0x38]],
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['application/zip', [0x50, 0x4b, 0x03, 0x04]],
  ['application/msword', [0xd0, 0xcf, 0x11, 0xe0]],
];

export function sniffMime(head: Buffer, declared: string): string | undefined {
  if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  for (const [mime, bytes] of SIGNATURES) {
    if (bytes.every((b, i) => head[i] === b)) {
      // Office files are zip or OLE containers: trust the declared subtype inside that family.
      if (mime === 'application/zip' && declared.startsWith('application/vnd.openxmlformats')) return declared;
      if (mime === 'application/msword' && declared === 'application/vnd.ms-excel') return declared;
      return mime;
    }
  }
  const text = head.toString('utf8');
  if (/^\s*<(\?xml|svg|!doctype|html|script)/i.test(text)) return 'text/html';
  if (!text.includes('\u0000') && (declared === 'text/plain' || declared === 'text/csv')) return declared;
  return undefined;
}

export function mimeAccepted(mime: string, accept: readonly string[]): boolean {
  return accept.some((pattern) => pattern === mime || (pattern.endsWith('/*') && mime.startsWith(pattern.slice(0, -1))));
}
