import type { FieldSpec } from '../models/types';

/** The n8n parameter names behind one image field (URL or binary input). */
export function imageParameterNames(field: FieldSpec) {
	return {
		source: `${field.parameterName}Source`,
		url: `${field.parameterName}Url`,
		binaryPropertyName: `${field.parameterName}BinaryPropertyName`,
	};
}

/** The fixedCollection group and value names behind one URL-list field; 'videos' is what 0.1.0 stored. */
export function urlListNames(field: FieldSpec) {
	return { group: field.item?.group ?? 'videos', value: 'url' };
}

/** The collection that holds every field placed in 'options'. */
export const OPTIONS_COLLECTION = 'options';
