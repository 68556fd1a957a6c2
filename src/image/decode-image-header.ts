import { ImageDecodeError } from './decode-image-error.ts';

// Reads just enough of a file to know its format and pixel size, so that a huge or malformed
// image is refused before any decoder allocates for it.

export type ImageFormat = 'png' | 'jpeg';

export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
  /** PNG: bit depth; JPEG: sample precision. */
  bitDepth: number;
  /** PNG: colour type (0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA); JPEG: component count. */
  colorKind: number;
  /** JPEG only: the coding process (SOF marker low nibble: 0 baseline, 1 extended, 2 progressive, ...). */
  jpegProcess?: number;
  /** JPEG only: an Adobe APP14 marker is present (needed to interpret 4-component files). */
  jpegAdobe?: boolean;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, sig: readonly number[]): boolean {
  return bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

/** Names formats we recognise but do not decode, so the refusal says what the file is. */
function otherFormatName(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'GIF';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'WebP';
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp') return 'HEIC/AVIF';
  if (startsWith(bytes, [0x42, 0x4d])) return 'BMP';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'TIFF';
  const head = ascii(bytes, 0, Math.min(bytes.length, 256)).trimStart();
  if (head.startsWith('<svg') || head.startsWith('<?xml')) return 'SVG';
  return undefined;
}

const u32 = (b: Uint8Array, o: number) => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
const u16 = (b: Uint8Array, o: number) => (b[o]! << 8) | b[o + 1]!;

function readPngHeader(bytes: Uint8Array): ImageHeader {
  if (bytes.length < 33) throw new ImageDecodeError('PNG file is truncated (it ends inside the header)');
  if (ascii(bytes, 12, 16) !== 'IHDR') throw new ImageDecodeError('PNG file is corrupt: the first chunk is not IHDR');
  const width = u32(bytes, 16);
  const height = u32(bytes, 20);
  const bitDepth = bytes[24]!;
  const colorKind = bytes[25]!;
  const validDepths: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
  const depths = validDepths[colorKind];
  if (!depths) throw new ImageDecodeError(`PNG file is corrupt: unknown colour type ${colorKind}`);
  if (!depths.includes(bitDepth)) throw new ImageDecodeError(`PNG file is corrupt: bit depth ${bitDepth} is not allowed for colour type ${colorKind}`);
  if (bytes[28]! > 1) throw new ImageDecodeError(`PNG file is corrupt: unknown interlace method ${bytes[28]}`);
  // Walk the chunks: a length that runs past the end means the file was cut short.
  let offset = 8;
  let sawData = false;
  let sawEnd = false;
  while (offset + 8 <= bytes.length) {
    const length = u32(bytes, offset);
    const type = ascii(bytes, offset + 4, offset + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new ImageDecodeError(`PNG file is corrupt: bad chunk type at byte ${offset + 4}`);
    if (offset + 12 + length > bytes.length) throw new ImageDecodeError(`PNG file is truncated (chunk ${type} runs past the end of the file)`);
    if (type === 'IDAT') sawData = true;
    offset += 12 + length;
    if (type === 'IEND') {
      sawEnd = true;
      break;
    }
  }
  if (!sawData) throw new ImageDecodeError('PNG file is truncated or corrupt: it has no image data (IDAT)');
  if (!sawEnd) throw new ImageDecodeError('PNG file is truncated (no IEND chunk)');
  return { format: 'png', width, height, bitDepth, colorKind };
}

/** SOF markers that jpeg-js decodes: baseline, extended and progressive Huffman. */
const JPEG_DECODABLE = new Set([0xc0, 0xc1, 0xc2]);
const JPEG_PROCESS_NAMES: Record<number, string> = {
  0xc3: 'lossless',
  0xc5: 'hierarchical',
  0xc6: 'hierarchical progressive',
  0xc7: 'hierarchical lossless',
  0xc9: 'arithmetic-coded',
  0xca: 'arithmetic-coded progressive',
  0xcb: 'arithmetic-coded lossless',
  0xcd: 'hierarchical arithmetic-coded',
  0xce: 'hierarchical arithmetic-coded progressive',
  0xcf: 'hierarchical arithmetic-coded lossless',
};

function readJpegHeader(bytes: Uint8Array): ImageHeader {
  let offset = 2;
  let adobe = false;
  while (offset < bytes.length) {
    if (bytes[offset] !== 0xff) throw new ImageDecodeError(`JPEG file is corrupt: expected a marker at byte ${offset}`);
    let marker = bytes[offset + 1];
    while (marker === 0xff) marker = bytes[++offset + 1]; // fill bytes
    if (marker === undefined) break;
    offset += 2;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue;
    if (marker === 0xd9 || marker === 0xda) break; // EOI or start of scan before any frame header
    if (offset + 2 > bytes.length) break;
    const length = u16(bytes, offset);
    if (length < 2) throw new ImageDecodeError(`JPEG file is corrupt: segment length ${length} at byte ${offset}`);
    if (offset + length > bytes.length) throw new ImageDecodeError('JPEG file is truncated (it ends inside a header segment)');
    if (marker === 0xee && length >= 14 && ascii(bytes, offset + 2, offset + 7) === 'Adobe') adobe = true;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (!JPEG_DECODABLE.has(marker)) {
        throw new ImageDecodeError(`${JPEG_PROCESS_NAMES[marker] ?? 'unusual'} JPEG is not supported: save it as a baseline or progressive JPEG, or as PNG`);
      }
      if (length < 8) throw new ImageDecodeError('JPEG file is corrupt: frame header too short');
      const bitDepth = bytes[offset + 2]!;
      const height = u16(bytes, offset + 3);
      const width = u16(bytes, offset + 5);
      const components = bytes[offset + 7]!;
      if (bitDepth !== 8) throw new ImageDecodeError(`${bitDepth}-bit JPEG is not supported (only 8-bit samples)`);
      if (height === 0) throw new ImageDecodeError('JPEG with its height defined after the first scan (DNL) is not supported');
      // Adobe APP14 may come after the frame header in odd files; look ahead cheaply.
      if (!adobe) adobe = findAdobeMarker(bytes, offset + length);
      return { format: 'jpeg', width, height, bitDepth, colorKind: components, jpegProcess: marker & 0x0f, jpegAdobe: adobe };
    }
    offset += length;
  }
  throw new ImageDecodeError('JPEG file is truncated or corrupt: no frame header (SOF) found');
}

function findAdobeMarker(bytes: Uint8Array, from: number): boolean {
  let offset = from;
  while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1]!;
    if (marker === 0xda) return false;
    const length = u16(bytes, offset + 2);
    if (marker === 0xee && ascii(bytes, offset + 4, offset + 9) === 'Adobe') return true;
    offset += 2 + length;
  }
  return false;
}

/** Format and size from the first bytes; throws ImageDecodeError with the reason otherwise. */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  if (bytes.length === 0) throw new ImageDecodeError('the image file is empty (0 bytes)');
  if (startsWith(bytes, PNG_SIGNATURE)) return readPngHeader(bytes);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return readJpegHeader(bytes);
  if (startsWith(bytes, PNG_SIGNATURE.slice(0, Math.min(bytes.length, 8)))) throw new ImageDecodeError('PNG file is truncated (it ends inside the signature)');
  const other = otherFormatName(bytes);
  if (other) throw new ImageDecodeError(`${other} images are not supported: convert it to PNG or JPEG`);
  throw new ImageDecodeError('not a PNG or JPEG file (unrecognised signature)');
}
