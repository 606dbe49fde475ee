// What may be uploaded: scans and electronic documents a clerk attaches to a case. Each type is
// recognised by its first bytes as well, so a renamed .exe or a truncated download declared as
// a PDF is refused at the counter instead of failing when an approver opens it.

export interface UploadType {
  readonly mediaType: string;
  readonly label: string;
  /** Whether `bytes` start the way a file of this type does. */
  matches(bytes: Buffer): boolean;
}

const startsWith = (bytes: Buffer, ...prefix: number[]): boolean => prefix.every((b, i) => bytes[i] === b);
const ascii = (bytes: Buffer, offset: number, text: string): boolean => bytes.subarray(offset, offset + text.length).toString('latin1') === text;

export const UPLOAD_TYPES: readonly UploadType[] = [
  { mediaType: 'application/pdf', label: 'PDF', matches: (b) => ascii(b, 0, '%PDF-') },
  { mediaType: 'image/jpeg', label: 'JPEG 图片', matches: (b) => startsWith(b, 0xff, 0xd8, 0xff) },
  { mediaType: 'image/png', label: 'PNG 图片', matches: (b) => startsWith(b, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a) },
  { mediaType: 'image/webp', label: 'WebP 图片', matches: (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP') },
  // OFD (GB/T 33190, the national electronic-document format for licences) is a ZIP package.
  { mediaType: 'application/ofd', label: 'OFD 版式文件', matches: (b) => startsWith(b, 0x50, 0x4b, 0x03, 0x04) },
];

export const UPLOAD_MEDIA_TYPES = UPLOAD_TYPES.map((t) => t.mediaType).join(', ');

export function uploadType(mediaType: string): UploadType | undefined {
  return UPLOAD_TYPES.find((t) => t.mediaType === mediaType);
}
