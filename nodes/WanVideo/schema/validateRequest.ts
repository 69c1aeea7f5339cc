import { fieldsOf } from '../models/fieldsOf';
import type { ModelSpec } from '../models/types';
import { toRequestSchema } from './toRequestSchema';

export interface FieldProblem {
	/** The label the user sees in n8n. */
	field: string;
	problem: string;
}

export type ValidationResult =
	| { valid: true; body: Record<string, unknown> }
	| { valid: false; problems: FieldProblem[] };

// By entry, not by id: one API model (Wan 3.0) serves several operations with different fields.
const schemas = new WeakMap<ModelSpec, ReturnType<typeof toRequestSchema>>();

function schemaOf(model: ModelSpec) {
	let schema = schemas.get(model);
	if (!schema) {
		schema = toRequestSchema(model);
		schemas.set(model, schema);
	}
	return schema;
}

/** Checks an API body against the model's schema; problems name the n8n field labels. */
export function validateRequest(model: ModelSpec, body: Record<string, unknown>): ValidationResult {
	const result = schemaOf(model).safeParse(body);
	if (result.success) return { valid: true, body: result.data };
	const labels = new Map(
		fieldsOf(model).flatMap((field) =>
			[field.apiName, ...(field.sentAlsoAs ?? [])].map((name) => [name, field.label] as const),
		),
	);
	const problems = result.error.issues.map((issue) => {
		const apiName = String(issue.path[0] ?? '');
		if (issue.code === 'unrecognized_keys') {
			return {
				field: issue.keys.join(', '),
				problem: `is not accepted by ${model.label}; remove it`,
			};
		}
		return { field: labels.get(apiName) ?? apiName, problem: issue.message };
	});
	return { valid: false, problems };
}
