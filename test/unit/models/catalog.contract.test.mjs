import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { WAN_MODELS } from '../../../nodes/WanVideo/models/catalog';
import { fieldsOf } from '../../../nodes/WanVideo/models/fieldsOf';

// The official OpenAPI files sit beside the repository, not in it.
const SPECS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../../shared/aimlapi-specs');
const SPEC_FILES = {
	'alibaba/wan-2-6-t2v': 'wan2.6-t2v.json',
	'alibaba/wan-2-6-i2v': 'wan2.6-i2v.json',
	'alibaba/wan-2-6-image-to-video-flash': 'wan-2-6-image-to-video-flash.json',
	'alibaba/wan-2-6-r2v': 'wan2.6-r2v.json',
};

const SPECS_PRESENT = existsSync(SPECS_DIR);

function requestSchema(file) {
	const spec = JSON.parse(readFileSync(join(SPECS_DIR, file), 'utf8'));
	return spec.paths['/v2/video/generations'].post.requestBody.content['application/json'].schema;
}

// The specs write duration's default as the string "10" although the field is an integer.
function specDefault(property) {
	if (property.default === undefined) return undefined;
	return property.type === 'integer' ? Number(property.default) : property.default;
}

const KIND_BY_SPEC_TYPE = {
	string: ['text', 'longText', 'url', 'image', 'stringEnum'],
	integer: ['integer', 'integerEnum'],
	boolean: ['boolean'],
	array: ['urlList'],
};

describe.skipIf(!existsSync(SPECS_DIR))(
	'model catalogue against the official AIML API specs',
	() => {
		it('covers every Wan 2.6 video model the specs describe, and no other', () => {
			expect(WAN_MODELS.map((model) => model.id).sort()).toEqual(Object.keys(SPEC_FILES).sort());
		});

		// Without the specs the cases are not even built, so the suite skips instead of failing to read them.
		const models = SPECS_PRESENT ? WAN_MODELS.map((model) => [model.id, model]) : [];
		describe.each(models)('%s', (id, model) => {
			const schema = requestSchema(SPEC_FILES[id]);
			const fields = fieldsOf(model);
			const byApiName = Object.fromEntries(fields.map((field) => [field.apiName, field]));

			it('sends the model id the spec allows', () => {
				expect(schema.properties.model.enum).toEqual([id]);
			});

			it('has exactly the fields of the spec', () => {
				const specFields = Object.keys(schema.properties).filter((name) => name !== 'model');
				expect(Object.keys(byApiName).sort()).toEqual(specFields.sort());
			});

			it('requires exactly what the spec requires', () => {
				const required = fields.filter((field) => field.required).map((field) => field.apiName);
				expect(required.sort()).toEqual(schema.required.filter((name) => name !== 'model').sort());
			});

			it.each(Object.entries(schema.properties).filter(([name]) => name !== 'model'))(
				'%s matches the spec type, enum, default and limits',
				(name, property) => {
					const field = byApiName[name];
					expect(KIND_BY_SPEC_TYPE[property.type]).toContain(field.kind);
					if (property.enum) {
						expect(field.choices.map((choice) => choice.value)).toEqual(property.enum);
					} else {
						expect(field.choices).toBeUndefined();
					}
					expect(field.default).toEqual(specDefault(property));
					if (property.format === 'uri') expect(['url', 'image']).toContain(field.kind);
					if (property.type === 'array') {
						expect(property.items.format).toBe('uri');
						expect(field.minItems).toBe(property.minItems);
						expect(field.maxItems).toBe(property.maxItems);
					}
				},
			);
		});

		it('knows every status the fetch endpoint can report', () => {
			const spec = JSON.parse(readFileSync(join(SPECS_DIR, 'universal-video-fetch.json'), 'utf8'));
			const answer =
				spec.paths['/v2/video/generations'].get.responses['200'].content['application/json'].schema;
			expect(answer.properties.status.enum.sort()).toEqual([
				'completed',
				'error',
				'generating',
				'queued',
			]);
			expect(
				spec.paths['/v2/video/generations'].get.parameters.map((parameter) => parameter.name),
			).toContain('generation_id');
		});
	},
);
