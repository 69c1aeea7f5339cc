import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { modelsFor } from '../models/catalog';
import { fieldsOf } from '../models/fieldsOf';
import type { FieldSpec, GenerateOperation, ModelSpec } from '../models/types';
import { imageParameterNames, URL_LIST_GROUP, URL_LIST_VALUE } from './parameterNames';

interface FieldVariant {
	field: FieldSpec;
	modelIds: string[];
}

/** One entry per distinct variant of each field, in the order the models list them. */
function fieldVariants(models: ModelSpec[], placement: FieldSpec['placement']): FieldVariant[] {
	const variants: FieldVariant[] = [];
	for (const model of models) {
		for (const field of fieldsOf(model)) {
			if (field.placement !== placement) continue;
			const same = variants.find(
				(variant) =>
					variant.field.apiName === field.apiName &&
					JSON.stringify(variant.field) === JSON.stringify(field),
			);
			if (same) {
				same.modelIds.push(model.id);
				continue;
			}
			// A model's own variant of a field stands right after the field's other variants.
			const lastOfField = variants
				.map((variant) => variant.field.apiName)
				.lastIndexOf(field.apiName);
			if (lastOfField >= 0) variants.splice(lastOfField + 1, 0, { field, modelIds: [model.id] });
			else variants.push({ field, modelIds: [model.id] });
		}
	}
	return variants;
}

const IMAGE_TYPE_NAMES: Record<string, string> = { 'image/webp': 'WebP' };

function imageTypeName(mimeType: string): string {
	return IMAGE_TYPE_NAMES[mimeType] ?? mimeType.replace('image/', '').toUpperCase();
}

function listWithOr(words: string[]): string {
	return words.length < 2
		? words.join('')
		: `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function choicesOf(field: FieldSpec): INodePropertyOptions[] {
	return (field.choices ?? []).map((choice) => ({
		name: choice.label,
		value: choice.value,
		...(choice.description ? { description: choice.description } : {}),
	}));
}

function toProperties(field: FieldSpec): INodeProperties[] {
	const base = {
		displayName: field.label,
		name: field.parameterName,
		description: field.description,
		...(field.hint ? { hint: field.hint } : {}),
		...(field.placeholder ? { placeholder: field.placeholder } : {}),
		...(field.required ? { required: true } : {}),
	};
	switch (field.kind) {
		case 'text':
		case 'url':
			return [{ ...base, type: 'string', default: '' }];
		case 'longText':
			return [{ ...base, type: 'string', typeOptions: { rows: 4 }, default: '' }];
		case 'stringEnum':
		case 'integerEnum':
			return [
				{ ...base, type: 'options', options: choicesOf(field), default: field.default as string },
			];
		case 'boolean':
			return [{ ...base, type: 'boolean', default: field.default ?? false }];
		case 'integer':
			return [
				{
					...base,
					type: 'number',
					typeOptions: { minValue: field.minimum, maxValue: field.maximum, numberPrecision: 0 },
					default: field.default ?? 0,
				},
			];
		case 'urlList':
			return [
				{
					...base,
					type: 'fixedCollection',
					typeOptions: { multipleValues: true, maxAllowed: field.maxItems, sortable: true },
					placeholder: 'Add Reference Video',
					default: {},
					options: [
						{
							displayName: 'Video',
							name: URL_LIST_GROUP,
							values: [
								{
									displayName: 'Video URL',
									name: URL_LIST_VALUE,
									type: 'string',
									default: '',
									placeholder: field.placeholder,
									description: 'A public link to a short clip of one character',
								},
							],
						},
					],
				},
			];
		case 'image': {
			const names = imageParameterNames(field);
			const limit = `${listWithOr((field.mimeTypes ?? []).map(imageTypeName))}, up to ${Math.round((field.maxBytes ?? 0) / 1048576)} MB`;
			return [
				{
					displayName: 'Image Source',
					name: names.source,
					type: 'options',
					options: [
						{ name: 'URL', value: 'url', description: 'A public link to the image' },
						{
							name: 'Binary File',
							value: 'binary',
							description: 'An image from an earlier node, such as Read Files or HTTP Request',
						},
					],
					default: 'url',
					description: `Where the ${field.label.toLowerCase()} comes from`,
				},
				{
					...base,
					displayName: `${field.label} URL`,
					name: names.url,
					type: 'string',
					default: '',
					placeholder: 'https://example.com/first-frame.jpg',
					hint: limit,
					displayOptions: { show: { [names.source]: ['url'] } },
				},
				{
					displayName: 'Input Binary Field',
					name: names.binaryPropertyName,
					required: true,
					type: 'string',
					default: 'data',
					placeholder: 'data',
					description: 'The name of the binary field on the incoming item that holds the image',
					hint: limit,
					displayOptions: { show: { [names.source]: ['binary'] } },
				},
			];
		}
	}
}

function withModelCondition(
	property: INodeProperties,
	variant: FieldVariant,
	models: ModelSpec[],
	modelPath: string,
): INodeProperties {
	if (variant.modelIds.length === models.length) return property;
	const show = { ...property.displayOptions?.show, [modelPath]: variant.modelIds };
	return { ...property, displayOptions: { ...property.displayOptions, show } };
}

/** The Model picker, for operations served by more than one model. */
export function modelProperty(operation: GenerateOperation): INodeProperties[] {
	const models = modelsFor(operation);
	if (models.length < 2) return [];
	return [
		// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- the default is the catalogue's first model
		{
			displayName: 'Model',
			name: 'model',
			type: 'options',
			// Fields whose default differs by model (Flash's 720p) can only follow a model n8n can read.
			noDataExpression: true,
			options: models.map((model) => ({
				name: model.label,
				value: model.id,
				description: model.description,
			})),
			default: models[0].id,
			description: 'The Wan model that generates the video',
		},
	];
}

/** The fields always shown for an operation, one property per model variant. */
export function mainProperties(operation: GenerateOperation): INodeProperties[] {
	const models = modelsFor(operation);
	return fieldVariants(models, 'main').flatMap((variant) =>
		toProperties(variant.field).map((property) =>
			withModelCondition(property, variant, models, 'model'),
		),
	);
}

/** The entries of an operation's Options collection. */
export function optionProperties(operation: GenerateOperation): INodeProperties[] {
	const models = modelsFor(operation);
	return fieldVariants(models, 'options').flatMap((variant) =>
		toProperties(variant.field).map((property) =>
			withModelCondition(property, variant, models, '/model'),
		),
	);
}
