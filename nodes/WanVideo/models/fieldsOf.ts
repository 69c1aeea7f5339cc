import { FIELDS } from './fields';
import type { FieldSpec, ModelSpec } from './types';

/** The fields a model takes, with its own overrides applied; an override to undefined removes the key. */
export function fieldsOf(model: ModelSpec): FieldSpec[] {
	return model.fields.map((apiName) => {
		const field = FIELDS[apiName];
		if (!field) throw new Error(`Model ${model.id} names unknown field ${apiName}`);
		const merged = { ...field, ...model.overrides?.[apiName] } as Record<string, unknown>;
		for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
		return merged as unknown as FieldSpec;
	});
}
