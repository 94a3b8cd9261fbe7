import { encodeQR } from 'qr';

/**
 * A QR code as inline SVG markup, for a printed page. Medium error correction survives
 * a creased or smudged receipt; a four-module quiet zone is what ISO/IEC 18004 asks for
 * and what phone scanners expect around the symbol.
 */
export function qrSvg(text: string): string {
  return encodeQR(text, 'svg', { ecc: 'medium', border: 4 });
}
