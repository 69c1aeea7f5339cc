import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { FieldSpec } from '../models/types';
import { imageParameterNames } from './parameterNames';

const EXTENSION_MIME_TYPES: Record<string, string> = {
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	bmp: 'image/bmp',
	webp: 'image/webp',
};

function mimeTypeOf(mimeType: string | undefined, fileName: string | undefined): string {
	const declared = (mimeType ?? '').split(';')[0].trim().toLowerCase();
	if (declared && declared !== 'application/octet-stream')
		return declared === 'image/jpg' ? 'image/jpeg' : declared;
	const extension = (fileName ?? '').split('.').pop()?.toLowerCase() ?? '';
	return EXTENSION_MIME_TYPES[extension] ?? declared;
}

/** Reads an image field: a URL as typed, or the item's binary file as a base64 data URL. */
export async function readImage(
	context: IExecuteFunctions,
	itemIndex: number,
	field: FieldSpec,
): Promise<string> {
	const names = imageParameterNames(field);
	const source = context.getNodeParameter(names.source, itemIndex, 'url') as string;
	if (source !== 'binary') {
		return String(context.getNodeParameter(names.url, itemIndex, '')).trim();
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
	const mimeType = mimeTypeOf(data.mimeType, data.fileName);
	const allowed = field.mimeTypes ?? [];
	if (!allowed.includes(mimeType)) {
		throw new NodeOperationError(
			context.getNode(),
			`${field.label}: "${data.fileName ?? propertyName}" is ${mimeType || 'of an unknown type'}, not an accepted image`,
			{
				itemIndex,
				description:
					'Use a JPEG, PNG, BMP or WebP image, or convert it first (for example with the Edit Image node).',
			},
		);
	}
	const buffer = await context.helpers.getBinaryDataBuffer(itemIndex, propertyName);
	const maxBytes = field.maxBytes ?? Number.MAX_SAFE_INTEGER;
	if (buffer.length > maxBytes) {
		// Rounded up, so an image just over the limit never reads as the limit itself.
		const megabytes = (bytes: number) => (Math.ceil((bytes / 1048576) * 10) / 10).toFixed(1);
		throw new NodeOperationError(
			context.getNode(),
			`${field.label}: the image is ${megabytes(buffer.length)} MB; the limit is ${megabytes(maxBytes)} MB`,
			{
				itemIndex,
				description:
					'Resize or compress the image (for example with the Edit Image node) and try again.',
			},
		);
	}
	return `data:${mimeType};base64,${buffer.toString('base64')}`;
}
