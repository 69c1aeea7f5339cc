import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { defaultModelId, modelsFor } from '../models/catalog';
import { fieldsOf } from '../models/fieldsOf';
import type { FieldSpec, GenerateOperation, ModelSpec } from '../models/types';
import { imageTypeName, listWithOr } from './imageBytes';
import { imageParameterNames, urlListNames } from './parameterNames';

interface PropertyVariant {
	property: INodeProperties;
	modelIds: string[];
}

/**
 * One n8n property per distinct way the models show a field, in the order the models list
 * them. Differences n8n never shows (a maximum length, say) make no second property.
 */
function propertyVariants(
	models: ModelSpec[],
	placement: FieldSpec['placement'],
): PropertyVariant[] {
	const variants: PropertyVariant[] = [];
	for (const model of models) {
		// Where this model's previous property stands: its next one goes after it.
		let anchor = -1;
		for (const field of fieldsOf(model)) {
			if (field.placement !== placement) continue;
			for (const property of toProperties(field)) {
				const key = JSON.stringify(property);
				const same = variants.findIndex((variant) => JSON.stringify(variant.property) === key);
				if (same >= 0) {
					variants[same].modelIds.push(model.id);
					anchor = Math.max(anchor, same);
					continue;
				}
				// A model's own variant of a property stands right after the property's other variants.
				const lastOfName = variants
					.map((variant) => variant.property.name)
					.lastIndexOf(property.name);
				const at = lastOfName >= 0 ? lastOfName + 1 : anchor + 1;
				variants.splice(at, 0, { property, modelIds: [model.id] });
				anchor = at;
			}
		}
	}
	return variants;
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
		case 'urlList': {
			const names = urlListNames(field);
			const item = field.item ?? { group: names.group, label: 'URL', description: 'A public URL' };
			return [
				{
					...base,
					type: 'fixedCollection',
					typeOptions: { multipleValues: true, maxAllowed: field.maxItems, sortable: true },
					placeholder: `Add Reference ${item.label}`,
					default: {},
					options: [
						{
							displayName: item.label,
							name: names.group,
							values: [
								{
									displayName: `${item.label} URL`,
									name: names.value,
									type: 'string',
									default: '',
									placeholder: field.placeholder,
									description: item.description,
								},
							],
						},
					],
				},
			];
		}
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
	variant: PropertyVariant,
	models: ModelSpec[],
	modelPath: string,
): INodeProperties {
	const { property } = variant;
	if (variant.modelIds.length === models.length) return property;
	const show = { ...property.displayOptions?.show, [modelPath]: variant.modelIds };
	return { ...property, displayOptions: { ...property.displayOptions, show } };
}

/**
 * The Model picker, newest first. Its default is the Wan 2.6 model of the operation, so a
 * workflow saved before the picker had these models (n8n stores no default) runs as it did.
 */
export function modelProperty(operation: GenerateOperation): INodeProperties[] {
	const models = modelsFor(operation);
	return [
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
			default: defaultModelId(operation),
			description:
				'The Wan model, 2.5 to 3.0, that generates the video; the fields below follow its spec',
		},
	];
}

/** The fields always shown for an operation, one property per model variant. */
export function mainProperties(operation: GenerateOperation): INodeProperties[] {
	const models = modelsFor(operation);
	return propertyVariants(models, 'main').map((variant) =>
		withModelCondition(variant, models, 'model'),
	);
}

/** The entries of an operation's Options collection. */
export function optionProperties(operation: GenerateOperation): INodeProperties[] {
	const models = modelsFor(operation);
	return propertyVariants(models, 'options').map((variant) =>
		withModelCondition(variant, models, '/model'),
	);
}
