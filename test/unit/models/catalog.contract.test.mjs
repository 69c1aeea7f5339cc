import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { WAN_MODELS } from '../../../nodes/WanVideo/models/catalog';
import { FIELDS } from '../../../nodes/WanVideo/models/fields';
import { fieldsOf } from '../../../nodes/WanVideo/models/fieldsOf';

// The official OpenAPI files sit beside the repository, not in it: ../shared/aimlapi-specs.
const SPECS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../../shared/aimlapi-specs');
const SPECS_PRESENT = existsSync(SPECS_DIR);
// Only where the specs cannot be there (a clean clone in CI) may the check be skipped, and then on purpose.
const SKIP_ON_PURPOSE = process.env.WAN_VIDEO_SKIP_SPEC_CONTRACT === '1';

const SPEC_FILES = {
	'alibaba/wan2.5-t2v-preview': 'wan2.5-t2v-preview.json',
	'alibaba/wan2.5-i2v-preview': 'wan2.5-i2v-preview.json',
	'alibaba/wan-2-6-t2v': 'wan2.6-t2v.json',
	'alibaba/wan-2-6-i2v': 'wan2.6-i2v.json',
	'alibaba/wan-2-6-image-to-video-flash': 'wan-2-6-image-to-video-flash.json',
	'alibaba/wan-2-6-r2v': 'wan2.6-r2v.json',
	'alibaba/wan-2-7-t2v': 'wan2.7-t2v.json',
	'alibaba/wan-2-7-i2v': 'wan2.7-i2v.json',
	'alibaba/wan-2-7-r2v': 'wan2.7-r2v.json',
	'alibaba/wan-3-0-video': 'wan-3-0-video.json',
	'alibaba/wan3.0-video': 'wan3.0-video.json',
};

function readSpec(file) {
	return JSON.parse(readFileSync(join(SPECS_DIR, file), 'utf8'));
}

function requestSchema(file) {
	return readSpec(file).paths['/v2/video/generations'].post.requestBody.content['application/json']
		.schema;
}

function withoutModel(properties) {
	return Object.fromEntries(Object.entries(properties).filter(([name]) => name !== 'model'));
}

// The specs write duration's default as the string "10" although the field is an integer.
function specDefault(property) {
	if (property.default === undefined) return undefined;
	return property.type === 'integer' ? Number(property.default) : property.default;
}

/** A range the spec states only in words: "… in seconds, from 2 to 30." */
function rangeInWords(property) {
	const match = /from (\d+) to (\d+)/.exec(property.description ?? '');
	return match ? { minimum: Number(match[1]), maximum: Number(match[2]) } : undefined;
}

const KIND_BY_SPEC_TYPE = {
	string: ['text', 'longText', 'url', 'image', 'stringEnum'],
	integer: ['integer', 'integerEnum'],
	boolean: ['boolean'],
	array: ['urlList'],
};

// "Reference media" in the 3.0 spec: the three reference lists (README §6.2 reads it so).
const REFERENCE_MEDIA = ['reference_image_urls', 'video_urls', 'audio_urls'];

/** The cross-field rules the spec states in its field descriptions. */
function rulesInWords(properties) {
	const rules = [];
	for (const [name, property] of Object.entries(properties)) {
		const description = property.description ?? '';
		const excluded = /Cannot be used together with ([^.]+)\./.exec(description);
		if (excluded) {
			const others = excluded[1]
				.split(/,\s*(?:or\s+)?|\s+or\s+/)
				.flatMap((word) => (word.trim() === 'reference media' ? REFERENCE_MEDIA : [word.trim()]));
			rules.push({ field: name, excludes: others.sort() });
		}
		const required = /Requires (\w+)\./.exec(description);
		if (required) rules.push({ field: name, requires: required[1] });
	}
	return rules;
}

/** The pairs of fields a model's catalogue rules keep apart, and the fields each one needs. */
function catalogueRules(entries) {
	const apart = new Set();
	const needs = new Set();
	for (const entry of entries) {
		for (const rule of entry.rules ?? []) {
			if (rule.kind === 'excludes')
				for (const other of rule.others) apart.add([rule.field, other].sort().join('|'));
			if (rule.kind === 'atMostOne')
				for (const a of rule.fields)
					for (const b of rule.fields) if (a !== b) apart.add([a, b].sort().join('|'));
			if (rule.kind === 'requires') needs.add(`${rule.field}>${rule.needs}`);
		}
	}
	return { apart, needs };
}

const entriesById = new Map();
for (const model of WAN_MODELS) {
	entriesById.set(model.id, [...(entriesById.get(model.id) ?? []), model]);
}

describe('the official AIML API specs', () => {
	it.skipIf(!SKIP_ON_PURPOSE)('are skipped on purpose (WAN_VIDEO_SKIP_SPEC_CONTRACT=1)', () => {
		console.warn(
			`The model catalogue was NOT checked against the official specs: WAN_VIDEO_SKIP_SPEC_CONTRACT=1.`,
		);
	});

	it.skipIf(SKIP_ON_PURPOSE)(`are at ${SPECS_DIR}`, () => {
		expect(
			SPECS_PRESENT,
			`The official AIML API specs are missing at ${SPECS_DIR}: the model catalogue cannot be checked. ` +
				'Put the aimlapi-specs folder beside the repository, or set WAN_VIDEO_SKIP_SPEC_CONTRACT=1 to skip this check on purpose.',
		).toBe(true);
	});
});

describe.skipIf(!SPECS_PRESENT || SKIP_ON_PURPOSE)(
	'model catalogue against the official AIML API specs',
	() => {
		it('covers every Wan video model the spec folder describes, and no other', () => {
			const specIds = new Set();
			for (const file of readdirSync(SPECS_DIR).filter((name) => name.endsWith('.json'))) {
				const post = readSpec(file).paths?.['/v2/video/generations']?.post;
				const ids = post?.requestBody?.content['application/json'].schema.properties.model.enum;
				for (const id of ids ?? []) specIds.add(id);
			}
			const catalogueIds = WAN_MODELS.flatMap((model) => [model.id, ...(model.apiIdAliases ?? [])]);
			expect([...new Set(catalogueIds)].sort()).toEqual([...specIds].sort());
			expect(Object.keys(SPEC_FILES).sort()).toEqual([...specIds].sort());
		});

		// Without the specs the cases are not even built, so the suite skips instead of failing to read them.
		const ids = SPECS_PRESENT && !SKIP_ON_PURPOSE ? [...entriesById.keys()] : [];
		describe.each(ids)('%s', (id) => {
			const entries = entriesById.get(id);
			const schema = requestSchema(SPEC_FILES[id]);
			const properties = withoutModel(schema.properties);
			const specRequired = schema.required.filter((name) => name !== 'model');

			it('sends the model id the spec allows, and every alias names the same request', () => {
				expect(schema.properties.model.enum).toEqual([id]);
				const aliases = entries[0].apiIdAliases ?? [];
				for (const entry of entries) expect(entry.apiIdAliases ?? []).toEqual(aliases);
				for (const alias of aliases) {
					const aliasSchema = requestSchema(SPEC_FILES[alias]);
					expect(aliasSchema.properties.model.enum).toEqual([alias]);
					expect(withoutModel(aliasSchema.properties)).toEqual(properties);
					expect(aliasSchema.required).toEqual(schema.required);
				}
			});

			it('has, over the operations it serves, exactly the fields of the spec', () => {
				const served = new Set(
					entries.flatMap((entry) =>
						fieldsOf(entry).flatMap((field) => [field.apiName, ...(field.sentAlsoAs ?? [])]),
					),
				);
				expect([...served].sort()).toEqual(Object.keys(properties).sort());
				expect(new Set(entries.map((entry) => entry.operation)).size).toBe(entries.length);
			});

			it.each(entries.map((entry) => [entry.operation, entry]))(
				'%s requires what the spec requires, and more only by an override of its own',
				(_operation, entry) => {
					const required = fieldsOf(entry)
						.filter((field) => field.required)
						.map((field) => field.apiName);
					expect(required).toEqual(expect.arrayContaining(specRequired));
					for (const name of required.filter((field) => !specRequired.includes(field))) {
						expect(
							entry.overrides?.[name]?.required,
							`${name} is required in ${entry.label} but not in the spec`,
						).toBe(true);
					}
				},
			);

			const cases = entries.flatMap((entry) =>
				fieldsOf(entry).flatMap((field) =>
					[field.apiName, ...(field.sentAlsoAs ?? [])].map((name) => [
						`${entry.operation} ${name}`,
						name,
						field,
					]),
				),
			);
			it.each(cases)('%s matches the spec type, enum, default and limits', (_case, name, field) => {
				const property = properties[name];
				expect(property, `${name} is not in the spec`).toBeDefined();
				expect(KIND_BY_SPEC_TYPE[property.type]).toContain(field.kind);
				if (property.enum) {
					expect(field.choices.map((choice) => choice.value)).toEqual(property.enum);
				} else {
					expect(field.choices).toBeUndefined();
				}
				expect(field.default).toEqual(specDefault(property));
				expect(field.maxLength).toEqual(property.maxLength);
				const range = rangeInWords(property);
				if (range) expect({ minimum: field.minimum, maximum: field.maximum }).toEqual(range);
				if (property.type === 'array') {
					expect(property.items.format).toBe('uri');
					expect(field.minItems).toBe(property.minItems);
					expect(field.maxItems).toBe(property.maxItems);
				}
				// A binary file goes out as a base64 data URL: only where the spec says it takes Base64.
				if (property.format === 'uri') {
					const takesBase64 = /base64/i.test(property.description ?? '');
					expect(field.kind).toBe(takesBase64 ? 'image' : 'url');
				}
			});

			it('checks the cross-field rules its spec states', () => {
				const { apart, needs } = catalogueRules(entries);
				for (const rule of rulesInWords(properties)) {
					for (const other of rule.excludes ?? []) {
						expect(apart, `${rule.field} and ${other} kept apart`).toContain(
							[rule.field, other].sort().join('|'),
						);
					}
					if (rule.requires) expect(needs).toContain(`${rule.field}>${rule.requires}`);
				}
			});
		});

		it('names every field any model takes once, by its API name', () => {
			for (const [apiName, field] of Object.entries(FIELDS)) expect(field.apiName).toBe(apiName);
		});

		it('knows every status the fetch endpoint can report', () => {
			const spec = readSpec('universal-video-fetch.json');
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
