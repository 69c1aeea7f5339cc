/** The image types the Wan image fields accept, told apart by their first bytes. */
const SIGNATURES: Array<{ mimeType: string; matches: (bytes: ArrayLike<number>) => boolean }> = [
	{ mimeType: 'image/jpeg', matches: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
	{
		mimeType: 'image/png',
		matches: (b) =>
			[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((byte, index) => b[index] === byte),
	},
	{ mimeType: 'image/bmp', matches: (b) => b[0] === 0x42 && b[1] === 0x4d },
	{
		mimeType: 'image/webp',
		matches: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP',
	},
];

/** Bytes needed to tell the accepted image types apart. */
export const SIGNATURE_BYTES = 12;

function ascii(bytes: ArrayLike<number>, start: number, end: number): string {
	let text = '';
	for (let index = start; index < end && index < bytes.length; index++)
		text += String.fromCharCode(bytes[index]);
	return text;
}

/** The image type the bytes start like (JPEG, PNG, BMP or WebP), or undefined. */
export function imageTypeOf(bytes: ArrayLike<number>): string | undefined {
	return SIGNATURES.find((signature) => signature.matches(bytes))?.mimeType;
}

const BASE64_VALUES: Record<string, number> = Object.fromEntries(
	'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
		.split('')
		.map((char, index) => [char, index]),
);

/** The first `count` bytes of base64 text, decoded without reading the rest. */
export function decodeBase64Prefix(base64: string, count: number): number[] {
	const bytes: number[] = [];
	let bits = 0;
	let bitCount = 0;
	for (let index = 0; index < base64.length && bytes.length < count; index++) {
		const value = BASE64_VALUES[base64[index]];
		if (value === undefined) break;
		bits = ((bits << 6) | value) & 0xffffff;
		bitCount += 6;
		if (bitCount >= 8) {
			bitCount -= 8;
			bytes.push((bits >> bitCount) & 0xff);
		}
	}
	return bytes;
}

/** How many bytes base64 text of this length decodes to. */
export function base64ByteLength(base64: string): number {
	let padding = 0;
	if (base64.endsWith('==')) padding = 2;
	else if (base64.endsWith('=')) padding = 1;
	return Math.floor((base64.length * 3) / 4) - padding;
}

/** A size in MB, rounded up so an image just over a limit never reads as the limit itself. */
export function megabytes(bytes: number): string {
	return (Math.ceil((bytes / 1048576) * 10) / 10).toFixed(1);
}

const TYPE_NAMES: Record<string, string> = { 'image/webp': 'WebP' };

/** "JPEG", "PNG", "BMP", "WebP". */
export function imageTypeName(mimeType: string): string {
	return TYPE_NAMES[mimeType] ?? mimeType.replace('image/', '').toUpperCase();
}

export function listWithOr(words: string[]): string {
	return words.length < 2
		? words.join('')
		: `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
