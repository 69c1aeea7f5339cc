import type { FieldSpec } from '../models/types';

/** The n8n parameter names behind one image field (URL or binary input). */
export function imageParameterNames(field: FieldSpec) {
	return {
		source: `${field.parameterName}Source`,
		url: `${field.parameterName}Url`,
		binaryPropertyName: `${field.parameterName}BinaryPropertyName`,
	};
}

/** The fixedCollection group and value names behind one URL-list field. */
export const URL_LIST_GROUP = 'videos';
export const URL_LIST_VALUE = 'url';

/** The collection that holds every field placed in 'options'. */
export const OPTIONS_COLLECTION = 'options';
