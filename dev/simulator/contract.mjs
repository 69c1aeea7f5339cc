// The request contract of every Wan model the AIML API serves (../shared/aimlapi-specs), a
// check of submit bodies against it that words its issues like the real API's validation
// errors, and the answer shape of each model.

const ASPECT_RATIOS = ['16:9', '9:16', '1:1', '4:3', '3:4'];
const RESOLUTIONS = ['720p', '1080p'];
const DURATIONS = [5, 10, 15];
const SHOT_TYPES = ['single', 'multi'];

const uri = { type: 'string', format: 'uri' };
const uris = (maxItems, minItems) => ({
	type: 'array',
	items: { type: 'string', format: 'uri' },
	maxItems,
	...(minItems !== undefined ? { minItems } : {}),
});

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
	audio_url: uri,
	generate_audio: { type: 'boolean' },
};

const WAN_25_FIELDS = {
	prompt: { type: 'string', required: true },
	resolution: { type: 'string', enum: ['480p', '720p', '1080p'] },
	aspect_ratio: { type: 'string', enum: ['16:9', '9:16', '1:1'] },
	duration: { type: 'integer', enum: [5, 10] },
	negative_prompt: { type: 'string' },
	seed: { type: 'integer' },
	enhance_prompt: { type: 'boolean' },
};

const WAN_30 = {
	defaultResolution: '1080p',
	defaultDuration: 5,
	// The 3.0 spec allows `video` as a list of { url }; the simulator answers with the list.
	videoAsList: true,
	usdSpent: true,
	fields: {
		prompt: { type: 'string', required: true, maxLength: 20000 },
		image_url: uri,
		last_image_url: uri,
		reference_image_urls: uris(10),
		video_urls: uris(5),
		audio_urls: uris(5),
		file_url: uri,
		link_url: uri,
		aspect_ratio: { type: 'string', enum: ['adaptive', '16:9', '4:3', '1:1', '3:4', '9:16'] },
		resolution: { type: 'string', enum: ['480p', '720p', '1080p'] },
		duration: { type: 'integer', minimum: 2, maximum: 30 },
		generate_audio: { type: 'boolean' },
		seed: { type: 'integer' },
		watermark: { type: 'boolean' },
	},
	rules: [
		(body) =>
			body.image_url !== undefined &&
			['reference_image_urls', 'video_urls', 'audio_urls', 'file_url', 'link_url'].some(
				(field) => body[field] !== undefined,
			)
				? 'image_url cannot be used together with reference media, file_url, or link_url'
				: undefined,
		(body) =>
			body.last_image_url !== undefined && body.image_url === undefined
				? 'last_image_url requires image_url'
				: undefined,
		(body) =>
			body.file_url !== undefined && body.link_url !== undefined
				? 'file_url cannot be used together with link_url'
				: undefined,
	],
};

/** The two documented spellings of Wan 3.0; the real API may know only one of them. */
export const WAN_30_IDS = ['alibaba/wan-3-0-video', 'alibaba/wan3.0-video'];
export const DEFAULT_WAN_30_ID = WAN_30_IDS[0];

export const MODELS = {
	'alibaba/wan2.5-t2v-preview': { defaultResolution: '1080p', fields: WAN_25_FIELDS },
	'alibaba/wan2.5-i2v-preview': {
		defaultResolution: '1080p',
		fields: {
			...WAN_25_FIELDS,
			image_url: { type: 'string', format: 'image-uri', required: true },
		},
	},
	'alibaba/wan-2-6-t2v': {
		defaultResolution: '1080p',
		fields: {
			...COMMON_FIELDS,
			audio_url: uri,
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
			video_urls: { ...uris(3, 1), required: true },
			aspect_ratio: { type: 'string', enum: ASPECT_RATIOS },
		},
	},
	'alibaba/wan-2-7-t2v': {
		defaultResolution: '1080p',
		usdSpent: true,
		fields: {
			...COMMON_FIELDS,
			audio_url: uri,
			aspect_ratio: { type: 'string', enum: ASPECT_RATIOS },
			generate_audio: { type: 'boolean' },
		},
	},
	'alibaba/wan-2-7-i2v': {
		defaultResolution: '1080p',
		usdSpent: true,
		fields: {
			prompt: { type: 'string', required: true },
			image_url: { type: 'string', format: 'image-uri', required: true },
			audio_url: uri,
			resolution: { type: 'string', enum: RESOLUTIONS },
			duration: { type: 'integer', enum: DURATIONS },
			enable_prompt_expansion: { type: 'boolean' },
			enhance_prompt: { type: 'boolean' },
			negative_prompt: { type: 'string', maxLength: 500 },
			seed: { type: 'integer' },
			watermark: { type: 'boolean' },
		},
	},
	'alibaba/wan-2-7-r2v': {
		defaultResolution: '1080p',
		usdSpent: true,
		fields: {
			prompt: { type: 'string', required: true },
			first_frame_image: uri,
			image_urls: uris(5),
			video_urls: uris(5),
			aspect_ratio: { type: 'string', enum: ASPECT_RATIOS },
			resolution: { type: 'string', enum: RESOLUTIONS },
			duration: { type: 'integer', enum: DURATIONS },
			enhance_prompt: { type: 'boolean' },
			negative_prompt: { type: 'string', maxLength: 500 },
			seed: { type: 'integer' },
			watermark: { type: 'boolean' },
		},
	},
	'alibaba/wan-3-0-video': WAN_30,
	'alibaba/wan3.0-video': WAN_30,
};

/**
 * The model ids a simulator serves: every model, and Wan 3.0 under one spelling only
 * (`wan30ModelId`, default `alibaba/wan-3-0-video`), as the live API may know only one.
 */
export function servedModelIds({ wan30ModelId = DEFAULT_WAN_30_ID } = {}) {
	if (!WAN_30_IDS.includes(wan30ModelId))
		throw new Error(`wan30ModelId must be one of ${WAN_30_IDS.join(', ')}`);
	return Object.keys(MODELS).filter((id) => !WAN_30_IDS.includes(id) || id === wan30ModelId);
}

/** The `meta.usage` of a model's answers: 2.7 and 3.0 add `usd_spent`. */
export function usageOf(model, creditsUsed, creditsPerUsd) {
	const usage = { credits_used: creditsUsed };
	if (MODELS[model]?.usdSpent) usage.usd_spent = creditsUsed / creditsPerUsd;
	return usage;
}

/** The `video` of a completed answer: an object, or for Wan 3.0 a list of objects. */
export function videoOf(model, url) {
	return MODELS[model]?.videoAsList ? [{ url }] : { url };
}

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
		if (schema.minimum !== undefined && value < schema.minimum)
			issues.push(`Number must be greater than or equal to ${schema.minimum} ${at}`);
		if (schema.maximum !== undefined && value > schema.maximum)
			issues.push(`Number must be less than or equal to ${schema.maximum} ${at}`);
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
	if (
		schema.maxLength !== undefined &&
		schema.type === 'string' &&
		value.length > schema.maxLength
	) {
		issues.push(`String must contain at most ${schema.maxLength} character(s) ${at}`);
	}
	if (schema.format === 'uri' && !isHttpUrl(value)) issues.push(`Invalid url ${at}`);
	if (schema.format === 'image-uri' && !isHttpUrl(value) && !isDataImageUrl(value)) {
		issues.push(
			`Invalid url ${at}: expected an http(s) URL or a data:image/<type>;base64,<data> URL`,
		);
	}
}

/**
 * Validates a submit body like the real API does, for the models served. A model id the
 * API does not serve gets the answer of any unknown enum value (README §5: 400 "Body
 * validation error! Invalid enum value. Expected …, received …").
 * @param {object} body
 * @param {{ wan30ModelId?: string }} [options] which Wan 3.0 spelling is served
 * @returns {string[]} issues; empty when valid
 */
export function validateGenerationBody(body, options = {}) {
	if (body === null || typeof body !== 'object' || Array.isArray(body))
		return [`Expected object, received ${typeName(body)}`];
	const served = servedModelIds(options);
	const model = served.includes(body.model) ? MODELS[body.model] : undefined;
	if (!model) {
		if (body.model === undefined) return ['Required at "model"'];
		return [
			`Invalid enum value. Expected ${quoteList(served)}, received '${String(body.model)}' at "model"`,
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
	if (!issues.length) {
		for (const rule of model.rules ?? []) {
			const issue = rule(body);
			if (issue) issues.push(issue);
		}
	}
	return issues;
}
