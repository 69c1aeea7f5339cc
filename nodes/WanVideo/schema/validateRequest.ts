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

const schemas = new Map<string, ReturnType<typeof toRequestSchema>>();

function schemaOf(model: ModelSpec) {
	let schema = schemas.get(model.id);
	if (!schema) {
		schema = toRequestSchema(model);
		schemas.set(model.id, schema);
	}
	return schema;
}

/** Checks an API body against the model's schema; problems name the n8n field labels. */
export function validateRequest(model: ModelSpec, body: Record<string, unknown>): ValidationResult {
	const result = schemaOf(model).safeParse(body);
	if (result.success) return { valid: true, body: result.data };
	const labels = new Map(fieldsOf(model).map((field) => [field.apiName, field.label]));
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
