import { z } from 'zod/v4';

import { fieldsOf } from '../models/fieldsOf';
import type { CrossFieldRule, FieldSpec, ModelSpec } from '../models/types';
import { BinaryImage } from './readImage';
import { httpUrlProblem, imageUrlProblem } from './urlChecks';

function describeChoices(field: FieldSpec): string {
	return (field.choices ?? []).map((choice) => String(choice.value)).join(', ');
}

/** A zod check from a function that says what is wrong, or nothing. */
function checkedBy(problemOf: (value: unknown) => string | undefined): z.ZodType {
	return z.any().superRefine((value, context) => {
		const problem = problemOf(value);
		if (problem) context.addIssue({ code: 'custom', message: problem });
	});
}

function urlListProblem(field: FieldSpec, value: unknown): string | undefined {
	if (!Array.isArray(value)) return 'must be a list of URLs';
	const min = field.minItems ?? 0;
	const max = field.maxItems ?? Number.MAX_SAFE_INTEGER;
	if (value.length < min) return `needs at least ${min} URL`;
	if (value.length > max) return `takes at most ${max} URLs`;
	for (const [index, entry] of value.entries()) {
		const problem = httpUrlProblem(entry);
		if (problem === 'must be a public http(s) URL') return `every entry ${problem}`;
		if (problem) return `entry ${index + 1} ${problem}`;
	}
	return undefined;
}

function fieldSchema(field: FieldSpec): z.ZodType {
	switch (field.kind) {
		case 'text':
		case 'longText': {
			let text = z.string({ error: 'must be text' });
			if (field.maxLength !== undefined) {
				text = text.max(field.maxLength, {
					error: `can be at most ${field.maxLength} characters long; shorten it`,
				});
			}
			return field.required ? text.trim().min(1, { error: 'cannot be empty' }) : text;
		}
		case 'url':
			return checkedBy(httpUrlProblem);
		case 'image':
			return checkedBy((value) =>
				value instanceof BinaryImage ? undefined : imageUrlProblem(value, field),
			);
		case 'urlList':
			return checkedBy((value) => urlListProblem(field, value));
		case 'stringEnum':
		case 'integerEnum': {
			const allowed = (field.choices ?? []).map((choice) => choice.value);
			return z.custom<string | number>((value) => allowed.includes(value as string | number), {
				error: `must be one of ${describeChoices(field)}`,
			});
		}
		case 'boolean':
			return z.boolean({ error: 'must be true or false' });
		case 'integer': {
			let integer = z
				.number({ error: 'must be a whole number' })
				.int({ error: 'must be a whole number' });
			if (field.minimum !== undefined) {
				integer = integer.min(field.minimum, { error: `must be ${field.minimum} or more` });
			}
			if (field.maximum !== undefined) {
				integer = integer.max(field.maximum, { error: `must be ${field.maximum} or less` });
			}
			return integer;
		}
	}
}

function isSet(value: unknown): boolean {
	return value !== undefined && !(Array.isArray(value) && value.length === 0);
}

function quoted(labels: string[], conjunction: 'and' | 'or'): string {
	const words = labels.map((label) => `"${label}"`);
	return words.length < 2
		? words.join('')
		: `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/** The problem a cross-field rule finds in a body, on the field the user should look at. */
function ruleProblem(
	rule: CrossFieldRule,
	body: Record<string, unknown>,
	labelOf: (apiName: string) => string,
): { path: string; message: string } | undefined {
	switch (rule.kind) {
		case 'excludes': {
			if (!isSet(body[rule.field])) return undefined;
			const present = rule.others.filter((other) => isSet(body[other]));
			if (!present.length) return undefined;
			return {
				path: rule.field,
				message: `cannot be combined with ${quoted(present.map(labelOf), 'or')}; remove one of them`,
			};
		}
		case 'requires':
			if (!isSet(body[rule.field]) || isSet(body[rule.needs])) return undefined;
			return {
				path: rule.field,
				message: `needs ${quoted([labelOf(rule.needs)], 'and')}; add it, or remove ${quoted([labelOf(rule.field)], 'and')}`,
			};
		case 'atMostOne': {
			const present = rule.fields.filter((field) => isSet(body[field]));
			if (present.length < 2) return undefined;
			return {
				path: present[0],
				message: `and ${quoted(present.slice(1).map(labelOf), 'and')} cannot be used together; keep one of them`,
			};
		}
		case 'atLeastOne': {
			if (rule.fields.some((field) => isSet(body[field]))) return undefined;
			const [first, ...others] = rule.fields;
			return {
				path: first,
				message: `is empty, and so ${others.length > 1 ? 'are' : 'is'} ${quoted(others.map(labelOf), 'and')}: add at least one URL to one of them`,
			};
		}
	}
}

/** The strict zod schema of a model's request body, derived from the catalogue. */
export function toRequestSchema(model: ModelSpec) {
	const fields = fieldsOf(model);
	const shape: Record<string, z.ZodType> = { model: z.literal(model.id) };
	for (const field of fields) {
		const schema = fieldSchema(field);
		shape[field.apiName] = field.required ? schema : schema.optional();
		for (const alsoAs of field.sentAlsoAs ?? []) shape[alsoAs] = shape[field.apiName];
	}
	const labels = new Map(fields.map((field) => [field.apiName, field.label]));
	const labelOf = (apiName: string) => labels.get(apiName) ?? apiName;
	return z
		.object(shape)
		.strict()
		.superRefine((body, context) => {
			// The API honours shot_type only with prompt expansion (specs: "takes effect only when prompt_extend is true").
			if ('shot_type' in shape && body.shot_type === 'multi' && body.enhance_prompt === false) {
				context.addIssue({
					code: 'custom',
					path: ['shot_type'],
					message: 'needs Enhance Prompt turned on, or the video comes out as a single shot',
				});
			}
			for (const rule of model.rules ?? []) {
				const problem = ruleProblem(rule, body, labelOf);
				if (problem)
					context.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
			}
		});
}
