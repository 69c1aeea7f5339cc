// The request contract of the Wan 2.6 models, and a check of submit bodies against it that
// words its issues like the real API's validation errors.

const ASPECT_RATIOS = ['16:9', '9:16', '1:1', '4:3', '3:4'];
const RESOLUTIONS = ['720p', '1080p'];
const DURATIONS = [5, 10, 15];
const SHOT_TYPES = ['single', 'multi'];

const COMMON_FIELDS = {
	prompt: { type: 'string', required: true },
	resolution: { type: 'string', enum: RESOLUTIONS },
	duration: { type: 'integer', enum: DURATIONS },
	negative_prompt: { type: 'string' },
	shot_type: { type: 'string', enum: SHOT_TYPES },
	seed: { type: 'integer' },
	enhance_prompt: { type: 'boolean' },
};

const IMAGE_FIELDS = {
	image_url: { type: 'string', format: 'image-uri', required: true },
	audio_url: { type: 'string', format: 'uri' },
	generate_audio: { type: 'boolean' },
};

export const MODELS = {
	'alibaba/wan-2-6-t2v': {
		defaultResolution: '1080p',
		fields: {
			...COMMON_FIELDS,
			audio_url: { type: 'string', format: 'uri' },
			aspect_ratio: { type: 'string', enum: ASPECT_RATIOS },
			generate_audio: { type: 'boolean' },
		},
	},
	'alibaba/wan-2-6-i2v': {
		defaultResolution: '1080p',
		fields: { ...COMMON_FIELDS, ...IMAGE_FIELDS },
	},
	'alibaba/wan-2-6-image-to-video-flash': {
		defaultResolution: '720p',
		flash: true,
		fields: { ...COMMON_FIELDS, ...IMAGE_FIELDS },
	},
	'alibaba/wan-2-6-r2v': {
		defaultResolution: '1080p',
		fields: {
			...COMMON_FIELDS,
			video_urls: {
				type: 'array',
				items: { type: 'string', format: 'uri' },
				minItems: 1,
				maxItems: 3,
				required: true,
			},
			aspect_ratio: { type: 'string', enum: ASPECT_RATIOS },
		},
	},
};

const DATA_IMAGE_URL =
	/^data:image\/(png|jpe?g|webp|gif|bmp|tiff?);base64,([A-Za-z0-9+/]+={0,2})$/i;

function typeName(value) {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number' && Number.isInteger(value)) return 'integer';
	return typeof value;
}

function quoteList(values) {
	return values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(' | ');
}

function isHttpUrl(value) {
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && Boolean(url.hostname);
	} catch {
		return false;
	}
}

function isDataImageUrl(value) {
	const match = DATA_IMAGE_URL.exec(value);
	return Boolean(match) && match[2].length > 0 && match[2].length % 4 === 0;
}

function checkField(field, schema, value, issues) {
	const at = `at "${field}"`;
	if (schema.type === 'array') {
		if (!Array.isArray(value)) {
			issues.push(`Expected array, received ${typeName(value)} ${at}`);
			return;
		}
		if (schema.minItems !== undefined && value.length < schema.minItems) {
			issues.push(`Array must contain at least ${schema.minItems} element(s) ${at}`);
		}
		if (schema.maxItems !== undefined && value.length > schema.maxItems) {
			issues.push(`Array must contain at most ${schema.maxItems} element(s) ${at}`);
		}
		value.forEach((item, index) => checkField(`${field}.${index}`, schema.items, item, issues));
		return;
	}
	if (schema.type === 'integer') {
		if (typeof value !== 'number' || !Number.isInteger(value)) {
			issues.push(`Expected integer, received ${typeName(value)} ${at}`);
			return;
		}
	} else if (typeof value !== schema.type) {
		issues.push(`Expected ${schema.type}, received ${typeName(value)} ${at}`);
		return;
	}
	if (schema.enum && !schema.enum.includes(value)) {
		issues.push(
			`Invalid enum value. Expected ${quoteList(schema.enum)}, received ${typeof value === 'string' ? `'${value}'` : value} ${at}`,
		);
	}
	if (schema.required && schema.type === 'string' && value.length === 0) {
		issues.push(`String must contain at least 1 character(s) ${at}`);
	}
	if (schema.format === 'uri' && !isHttpUrl(value)) issues.push(`Invalid url ${at}`);
	if (schema.format === 'image-uri' && !isHttpUrl(value) && !isDataImageUrl(value)) {
		issues.push(
			`Invalid url ${at}: expected an http(s) URL or a data:image/<type>;base64,<data> URL`,
		);
	}
}

/**
 * Validates a submit body like the real API does for the Wan 2.6 models.
 * @returns {string[]} issues; empty when valid
 */
export function validateGenerationBody(body) {
	if (body === null || typeof body !== 'object' || Array.isArray(body))
		return [`Expected object, received ${typeName(body)}`];
	const model = MODELS[body.model];
	if (!model) {
		if (body.model === undefined) return ['Required at "model"'];
		return [
			`Invalid enum value. Expected ${quoteList(Object.keys(MODELS))}, received '${String(body.model)}' at "model"`,
		];
	}
	const issues = [];
	const unknown = Object.keys(body).filter((key) => key !== 'model' && !(key in model.fields));
	if (unknown.length)
		issues.push(`Unrecognized key(s) in object: ${unknown.map((k) => `'${k}'`).join(', ')}`);
	for (const [field, schema] of Object.entries(model.fields)) {
		if (body[field] === undefined) {
			if (schema.required) issues.push(`Required at "${field}"`);
			continue;
		}
		checkField(field, schema, body[field], issues);
	}
	return issues;
}
