import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fieldsOf } from '../models/fieldsOf';
import type { FieldSpec, ModelSpec } from '../models/types';
import { OPTIONS_COLLECTION, urlListNames } from './parameterNames';
import { readImage } from './readImage';

/** Numbers typed into expressions or read from spreadsheets often arrive as text. */
function toNumberIfNumeric(value: unknown): unknown {
	if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	return value;
}

function normalise(field: FieldSpec, value: unknown): unknown {
	if (field.kind === 'integer' || field.kind === 'integerEnum') return toNumberIfNumeric(value);
	if (typeof value === 'string')
		return field.kind === 'longText' || field.kind === 'text' ? value : value.trim();
	return value;
}

/** One row per URL, and a row whose expression returns a list adds every URL of it, in order. */
function readUrlList(field: FieldSpec, value: unknown): unknown[] {
	const names = urlListNames(field);
	const rows = ((value as IDataObject | undefined)?.[names.group] ?? []) as IDataObject[];
	const urls: unknown[] = [];
	for (const row of rows) {
		const entry = row?.[names.value];
		for (const url of Array.isArray(entry) ? entry : [entry]) {
			if (url === undefined || url === null) continue;
			const text = typeof url === 'string' ? url.trim() : url;
			if (text !== '') urls.push(text);
		}
	}
	return urls;
}

function isUnset(value: unknown): boolean {
	return (
		value === '' ||
		value === undefined ||
		value === null ||
		(Array.isArray(value) && value.length === 0)
	);
}

/**
 * Builds the API body for item `itemIndex` from the node's parameters, before validation.
 * A binary image stays a reference (BinaryImage) until the request is sent.
 */
export async function readItemParameters(
	context: IExecuteFunctions,
	itemIndex: number,
	model: ModelSpec,
): Promise<Record<string, unknown>> {
	const body: Record<string, unknown> = { model: model.id };
	const options = context.getNodeParameter(OPTIONS_COLLECTION, itemIndex, {}) as IDataObject;

	for (const field of fieldsOf(model)) {
		let value: unknown;
		if (field.kind === 'image') {
			value = await readImage(context, itemIndex, field);
		} else if (field.placement === 'main') {
			value = context.getNodeParameter(field.parameterName, itemIndex, field.default);
		} else if (field.parameterName in options) {
			value = options[field.parameterName];
		} else {
			continue;
		}
		if (field.kind === 'urlList') value = readUrlList(field, value);
		value = normalise(field, value);
		// An optional field left empty means "not set", as it does everywhere in n8n.
		if (!field.required && isUnset(value)) continue;
		body[field.apiName] = value;
		for (const alsoAs of field.sentAlsoAs ?? []) body[alsoAs] = value;
	}
	return body;
}
