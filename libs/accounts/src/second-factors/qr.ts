import { toString } from 'qrcode';

/** The otpauth:// URI as an SVG QR code, drawn on the server so the pages need no script (strict CSP). */
export function qrSvg(uri: string): Promise<string> {
  return toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 192 });
}
