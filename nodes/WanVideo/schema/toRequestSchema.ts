import { z } from 'zod/v4';

import { fieldsOf } from '../models/fieldsOf';
import type { FieldSpec, ModelSpec } from '../models/types';

const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;
const IMAGE_DATA_URL = /^data:image\/(jpeg|png|bmp|webp);base64,[A-Za-z0-9+/]+=*$/;

function isHttpUrl(value: string): boolean {
	if (!HTTP_URL.test(value)) return false;
	try {
		return Boolean(new URL(value).hostname);
	} catch {
		return false;
	}
}

function describeChoices(field: FieldSpec): string {
	return (field.choices ?? []).map((choice) => String(choice.value)).join(', ');
}

function fieldSchema(field: FieldSpec): z.ZodType {
	switch (field.kind) {
		case 'text':
		case 'longText': {
			const text = z.string({ error: 'must be text' });
			return field.required ? text.trim().min(1, { error: 'cannot be empty' }) : text;
		}
		case 'url':
			return z
				.string({ error: 'must be a URL' })
				.refine(isHttpUrl, { error: 'must be a public http(s) URL' });
		case 'image':
			return z
				.string({ error: 'must be an image URL' })
				.refine((value) => isHttpUrl(value) || IMAGE_DATA_URL.test(value), {
					error:
						'must be a public http(s) URL or a base64 data URL of a JPEG, PNG, BMP or WebP image',
				});
		case 'urlList':
			return z
				.array(z.string().refine(isHttpUrl, { error: 'every entry must be a public http(s) URL' }))
				.min(field.minItems ?? 0, { error: `needs at least ${field.minItems} URL` })
				.max(field.maxItems ?? Number.MAX_SAFE_INTEGER, {
					error: `takes at most ${field.maxItems} URLs`,
				});
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

/** The strict zod schema of a model's request body, derived from the catalogue. */
export function toRequestSchema(model: ModelSpec) {
	const shape: Record<string, z.ZodType> = { model: z.literal(model.id) };
	for (const field of fieldsOf(model)) {
		const schema = fieldSchema(field);
		shape[field.apiName] = field.required ? schema : schema.optional();
	}
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
		});
}
