import { FIELDS } from './fields';
import type { FieldSpec, ModelSpec } from './types';

/** The fields a model takes, with its own overrides applied. */
export function fieldsOf(model: ModelSpec): FieldSpec[] {
	return model.fields.map((apiName) => {
		const field = FIELDS[apiName];
		if (!field) throw new Error(`Model ${model.id} names unknown field ${apiName}`);
		return { ...field, ...model.overrides?.[apiName] };
	});
}
