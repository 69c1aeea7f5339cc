import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fieldsOf } from '../models/fieldsOf';
import type { FieldSpec, ModelSpec } from '../models/types';
import { OPTIONS_COLLECTION, URL_LIST_GROUP, URL_LIST_VALUE } from './parameterNames';
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

function readUrlList(value: unknown): string[] {
	const entries = ((value as IDataObject | undefined)?.[URL_LIST_GROUP] ?? []) as IDataObject[];
	return entries
		.map((entry) => String(entry?.[URL_LIST_VALUE] ?? '').trim())
		.filter((url) => url.length > 0);
}

/** Builds the API body for item `itemIndex` from the node's parameters, before validation. */
export async function readItemParameters(
	context: IExecuteFunctions,
	itemIndex: number,
	model: ModelSpec,
): Promise<Record<string, unknown>> {
	const body: Record<string, unknown> = { model: model.id };
	const options = context.getNodeParameter(OPTIONS_COLLECTION, itemIndex, {}) as IDataObject;

	for (const field of fieldsOf(model)) {
		if (field.kind === 'image') {
			body[field.apiName] = await readImage(context, itemIndex, field);
			continue;
		}
		let value: unknown;
		if (field.placement === 'main') {
			value = context.getNodeParameter(field.parameterName, itemIndex, field.default);
		} else if (field.parameterName in options) {
			value = options[field.parameterName];
		} else {
			continue;
		}
		if (field.kind === 'urlList') value = readUrlList(value);
		value = normalise(field, value);
		// An optional text left empty means "not set", as it does everywhere in n8n.
		if (!field.required && (value === '' || value === undefined || value === null)) continue;
		body[field.apiName] = value;
	}
	return body;
}
