import { NodeOperationError, type IBinaryData, type IExecuteFunctions } from 'n8n-workflow';

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
import { imageParameterNames } from './parameterNames';

const EXTENSION_MIME_TYPES: Record<string, string> = {
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	bmp: 'image/bmp',
	webp: 'image/webp',
};

/**
 * A checked image in a binary field of an incoming item. Only its type and size are known
 * until the request is built: the file is read, and turned into a data URL, when it is sent.
 */
export class BinaryImage {
	constructor(
		readonly itemIndex: number,
		readonly propertyName: string,
		readonly mimeType: string,
	) {}
}

function declaredMimeType(mimeType: string | undefined, fileName: string | undefined): string {
	const declared = (mimeType ?? '').split(';')[0].trim().toLowerCase();
	if (declared && declared !== 'application/octet-stream')
		return declared === 'image/jpg' ? 'image/jpeg' : declared;
	const extension = (fileName ?? '').split('.').pop()?.toLowerCase() ?? '';
	return EXTENSION_MIME_TYPES[extension] ?? declared;
}

/** The file's size as n8n recorded it, without reading the file; undefined when n8n does not know it. */
async function knownSize(
	context: IExecuteFunctions,
	binary: IBinaryData,
): Promise<number | undefined> {
	if (typeof binary.bytes === 'number') return binary.bytes;
	if (binary.id) {
		try {
			const metadata = await context.helpers.getBinaryMetadata(binary.id);
			if (typeof metadata.fileSize === 'number') return metadata.fileSize;
		} catch {
			return undefined;
		}
		return undefined;
	}
	return typeof binary.data === 'string' ? base64ByteLength(binary.data) : undefined;
}

/** The first bytes of the file: from the stored file's first chunk, or decoded from inline base64. */
async function firstBytes(
	context: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	binary: IBinaryData,
): Promise<ArrayLike<number>> {
	if (!binary.id) return decodeBase64Prefix(binary.data, SIGNATURE_BYTES);
	const stream = await context.helpers.getBinaryStream(binary.id, 64 * 1024);
	try {
		for await (const chunk of stream) return chunk as Uint8Array;
	} finally {
		stream.destroy();
	}
	return (await context.helpers.getBinaryDataBuffer(itemIndex, propertyName)).subarray(
		0,
		SIGNATURE_BYTES,
	);
}

function tooLarge(context: IExecuteFunctions, itemIndex: number, field: FieldSpec, size: number) {
	return new NodeOperationError(
		context.getNode(),
		`${field.label}: the image is ${megabytes(size)} MB; the limit is ${megabytes(field.maxBytes ?? 0)} MB`,
		{
			itemIndex,
			description:
				'Resize or compress the image (for example with the Edit Image node) and try again.',
		},
	);
}

function notAnImage(
	context: IExecuteFunctions,
	itemIndex: number,
	field: FieldSpec,
	label: string,
	what: string,
) {
	const accepted = listWithOr((field.mimeTypes ?? []).map(imageTypeName));
	return new NodeOperationError(context.getNode(), `${field.label}: "${label}" ${what}`, {
		itemIndex,
		description: `Use a ${accepted} image, or convert it first (for example with the Edit Image node).`,
	});
}

/**
 * Reads an image field: a URL as typed (checked later with the other fields), or the item's
 * binary file, checked here for its type (label and first bytes) and size, read only when sent.
 */
export async function readImage(
	context: IExecuteFunctions,
	itemIndex: number,
	field: FieldSpec,
): Promise<unknown> {
	const names = imageParameterNames(field);
	const source = context.getNodeParameter(names.source, itemIndex, 'url') as string;
	if (source !== 'binary') {
		const url = context.getNodeParameter(names.url, itemIndex, '');
		return typeof url === 'string' ? url.trim() : url;
	}

	const propertyName = String(
		context.getNodeParameter(names.binaryPropertyName, itemIndex, 'data'),
	).trim();
	const binary = context.getInputData()[itemIndex]?.binary?.[propertyName];
	if (!binary) {
		throw new NodeOperationError(
			context.getNode(),
			`${field.label}: the incoming item has no binary field "${propertyName}"`,
			{
				itemIndex,
				description:
					'Set "Input Binary Field" to the name of the field that holds the image (see the Binary tab of the previous node), or switch Image Source to URL.',
			},
		);
	}
	const data = context.helpers.assertBinaryData(itemIndex, propertyName);
	const label = data.fileName ?? propertyName;
	const declared = declaredMimeType(data.mimeType, data.fileName);
	const allowed = field.mimeTypes ?? [];
	if (!allowed.includes(declared)) {
		throw notAnImage(
			context,
			itemIndex,
			field,
			label,
			`is ${declared || 'of an unknown type'}, not an accepted image`,
		);
	}
	const maxBytes = field.maxBytes ?? Number.MAX_SAFE_INTEGER;
	const size =
		(await knownSize(context, data)) ??
		(await context.helpers.getBinaryDataBuffer(itemIndex, propertyName)).length;
	if (size > maxBytes) throw tooLarge(context, itemIndex, field, size);

	const detected = imageTypeOf(await firstBytes(context, itemIndex, propertyName, data));
	if (!detected || !allowed.includes(detected)) {
		throw notAnImage(
			context,
			itemIndex,
			field,
			label,
			`is labelled ${declared} but its content is not a ${listWithOr(allowed.map(imageTypeName))} image`,
		);
	}
	return new BinaryImage(itemIndex, propertyName, detected);
}

/** The data URL of a checked binary image; the file is read now and not kept. */
async function toDataUrl(context: IExecuteFunctions, image: BinaryImage): Promise<string> {
	const buffer = await context.helpers.getBinaryDataBuffer(image.itemIndex, image.propertyName);
	return `data:${image.mimeType};base64,${buffer.toString('base64')}`;
}

/** The request body with every binary image read into its data URL. */
export async function withImagesRead(
	context: IExecuteFunctions,
	body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
	const built: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(body)) {
		built[key] = value instanceof BinaryImage ? await toDataUrl(context, value) : value;
	}
	return built;
}
