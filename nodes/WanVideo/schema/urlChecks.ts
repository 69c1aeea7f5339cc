import type { FieldSpec } from '../models/types';
import {
	base64ByteLength,
	decodeBase64Prefix,
	imageTypeName,
	imageTypeOf,
	listWithOr,
	megabytes,
	SIGNATURE_BYTES,
} from './imageBytes';

/** Longer http(s) URLs are refused before they are looked at: no public file needs one. */
export const MAX_URL_LENGTH = 8192;

const DATA_URL_PREFIX = 'data:';
const BASE64_MARKER = ';base64,';

function startsWithHttp(value: string): boolean {
	const start = value.slice(0, 8).toLowerCase();
	return start.startsWith('http://') || start.startsWith('https://');
}

function hasWhitespace(value: string): boolean {
	for (let index = 0; index < value.length; index++) {
		const code = value.charCodeAt(index);
		if (code <= 0x20 || code === 0x7f || code === 0xa0 || code === 0x2028 || code === 0x2029)
			return true;
	}
	return false;
}

function listAdvice(value: unknown[]): string {
	return `takes one URL, but got a list of ${value.length}; pick one entry, e.g. {{ $json.urls[0] }}`;
}

/** Why a value is not a public http(s) URL, or undefined when it is one. Linear in its length. */
export function httpUrlProblem(value: unknown): string | undefined {
	if (Array.isArray(value)) return listAdvice(value);
	if (typeof value !== 'string') return 'must be a URL';
	if (value.length > MAX_URL_LENGTH)
		return `is ${value.length} characters long; a URL may have at most ${MAX_URL_LENGTH}. Use a shorter link to the file`;
	if (!startsWithHttp(value) || hasWhitespace(value)) return 'must be a public http(s) URL';
	try {
		if (!new URL(value).hostname) return 'must be a public http(s) URL';
	} catch {
		return 'must be a public http(s) URL';
	}
	return undefined;
}

function isBase64(text: string): boolean {
	if (text.length === 0 || text.length % 4 !== 0) return false;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		const isPadding = code === 0x3d && index >= text.length - 2;
		const isAlphabet =
			(code >= 0x41 && code <= 0x5a) ||
			(code >= 0x61 && code <= 0x7a) ||
			(code >= 0x30 && code <= 0x39) ||
			code === 0x2b ||
			code === 0x2f;
		if (isPadding) {
			if (index === text.length - 2 && text.charCodeAt(index + 1) !== 0x3d) return false;
			continue;
		}
		if (!isAlphabet) return false;
	}
	return true;
}

/** The largest data URL an image of `maxBytes` can make, so longer text is refused unread. */
function maxDataUrlLength(maxBytes: number): number {
	return 'data:image/webp;base64,'.length + Math.ceil(maxBytes / 3) * 4;
}

/**
 * Why a value is neither a public http(s) URL nor a base64 data URL of an accepted image
 * within the size limit, or undefined. The same type (from the first bytes) and size checks
 * as a binary file get.
 */
export function imageUrlProblem(value: unknown, field: FieldSpec): string | undefined {
	const allowed = field.mimeTypes ?? [];
	const accepted = listWithOr(allowed.map(imageTypeName));
	if (typeof value !== 'string' || !value.slice(0, 5).toLowerCase().startsWith(DATA_URL_PREFIX)) {
		const problem = httpUrlProblem(value);
		return problem === 'must be a public http(s) URL'
			? `must be a public http(s) URL or a base64 data URL of a ${accepted} image`
			: problem;
	}
	const maxBytes = field.maxBytes ?? Number.MAX_SAFE_INTEGER;
	if (value.length > maxDataUrlLength(maxBytes))
		return `is a data URL of more than ${megabytes(maxBytes)} MB; the limit is ${megabytes(maxBytes)} MB. Resize or compress the image`;
	const marker = value.indexOf(BASE64_MARKER);
	if (marker < 0)
		return `must be a public http(s) URL or a base64 data URL (data:image/png;base64,…) of a ${accepted} image`;
	const declared = value.slice(DATA_URL_PREFIX.length, marker).toLowerCase();
	const payload = value.slice(marker + BASE64_MARKER.length);
	if (!isBase64(payload)) return 'is a data URL whose base64 content is not valid';
	const size = base64ByteLength(payload);
	if (size > maxBytes)
		return `is an image of ${megabytes(size)} MB; the limit is ${megabytes(maxBytes)} MB. Resize or compress it`;
	const detected = imageTypeOf(decodeBase64Prefix(payload, SIGNATURE_BYTES));
	if (!detected || !allowed.includes(detected))
		return `is a data URL whose content is not a ${accepted} image; use one of those`;
	if (declared !== detected && !(declared === 'image/jpg' && detected === 'image/jpeg'))
		return `is a data URL labelled ${declared || 'without a type'} whose content is a ${imageTypeName(detected)} image; label it data:${detected};base64,…`;
	return undefined;
}
