#!/usr/bin/env node
// Local simulator of the AIML API endpoints used by the Wan Video node.
// Node built-ins only; listens on 127.0.0.1.
//
//   POST /v2/video/generations                       submit (validated per model)
//   GET  /v2/video/generations?generation_id=<id>    poll: queued -> generating -> completed | error
//   GET  /v2/billing                                 { current_balance, currency }
//   GET  /files/<file>.mp4?Expires=..&Signature=..   signed "CDN" link, no auth
//   GET  /__sim/state, POST /__sim/reset             inspection helpers for out-of-process callers
//
// Scenarios are chosen for the whole simulator (options.scenarios) or per generation by
// tokens in the prompt, e.g. "a cat [sim:status429x2] [sim:expired]". See SCENARIO_TOKENS.
//
// CLI: node test/simulator/aimlApiSimulator.mjs --port 8787 --latency-ms 5000

import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export const DEFAULT_API_KEY = 'sim-key';
export const DEFAULT_FIXTURE = path.resolve(HERE, '..', 'fixtures', 'sample.mp4');
/** Credits per USD, derived from the documented sample runs (3,900,000 credits = 1.95 USD). */
export const CREDITS_PER_USD = 2_000_000;

export const MESSAGES = {
	unauthorized:
		'This request requires a valid API key. Please provide your API key in the Authorization header as "Bearer <YOUR_API_KEY>". You can get an API key at https://aimlapi.com/app/keys',
	noCredits:
		"You've run out of credits. Please top up your balance or update your payment method to continue.",
	tooManyRequests: 'Too Many Requests',
	internal: 'Internal server error. Please try again later.',
	notFound: 'Generation not found',
	moderation:
		'The request was rejected by content moderation: the prompt or input may contain inappropriate content.',
	expiredLink: 'Request has expired',
};

/** Scenario tokens understood in prompts (`[sim:<token>]`) and in options.scenarios. */
export const SCENARIO_TOKENS = {
	fail: 'generation ends with status "error" (error.name ContentModerationError); `fail=<ErrorName>` picks the name',
	status429xN: 'the first N status checks of the generation answer 429',
	status500xN:
		'the first N status checks of the generation answer 500 (after the 429s when both are given)',
	expired:
		'the first signed link issued for the generation is already expired (download answers 403); poll again for a fresh link',
	download500xN: 'the first N downloads of the file answer 500',
	submit500:
		'submit answers 500 although the job WAS created (`submit500xN`: only the first N submits with this prompt)',
	submit429:
		'submit answers 429 and creates nothing (`submit429xN`: only the first N submits with this prompt)',
	nocredits: 'submit answers 403 "You\'ve run out of credits..."',
	'latency=<ms>': 'generation time of this job (overrides options.latencyMs)',
	'bytes=<n>':
		'the file is <n> streamed bytes (sample.mp4 followed by filler) instead of sample.mp4',
};

const ASPECT = ['16:9', '9:16', '1:1', '4:3', '3:4'];
const RESOLUTION = ['720p', '1080p'];
const DURATION = [5, 10, 15];
const SHOT = ['single', 'multi'];

const common = {
	prompt: { type: 'string', required: true },
	resolution: { type: 'string', enum: RESOLUTION },
	duration: { type: 'integer', enum: DURATION },
	negative_prompt: { type: 'string' },
	shot_type: { type: 'string', enum: SHOT },
	seed: { type: 'integer' },
	enhance_prompt: { type: 'boolean' },
};

const imageFields = {
	image_url: { type: 'string', format: 'image-uri', required: true },
	audio_url: { type: 'string', format: 'uri' },
	generate_audio: { type: 'boolean' },
};

export const MODELS = {
	'alibaba/wan-2-6-t2v': {
		defaultResolution: '1080p',
		fields: {
			...common,
			audio_url: { type: 'string', format: 'uri' },
			aspect_ratio: { type: 'string', enum: ASPECT },
			generate_audio: { type: 'boolean' },
		},
	},
	'alibaba/wan-2-6-i2v': { defaultResolution: '1080p', fields: { ...common, ...imageFields } },
	'alibaba/wan-2-6-image-to-video-flash': {
		defaultResolution: '720p',
		flash: true,
		fields: { ...common, ...imageFields },
	},
	'alibaba/wan-2-6-r2v': {
		defaultResolution: '1080p',
		fields: {
			...common,
			video_urls: {
				type: 'array',
				items: { type: 'string', format: 'uri' },
				minItems: 1,
				maxItems: 3,
				required: true,
			},
			aspect_ratio: { type: 'string', enum: ASPECT },
		},
	},
};

function describe(value) {
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

const DATA_IMAGE = /^data:image\/(png|jpe?g|webp|gif|bmp|tiff?);base64,([A-Za-z0-9+/]+={0,2})$/i;

function checkValue(field, schema, value, issues) {
	const at = `at "${field}"`;
	if (schema.type === 'array') {
		if (!Array.isArray(value)) {
			issues.push(`Expected array, received ${describe(value)} ${at}`);
			return;
		}
		if (schema.minItems !== undefined && value.length < schema.minItems) {
			issues.push(`Array must contain at least ${schema.minItems} element(s) ${at}`);
		}
		if (schema.maxItems !== undefined && value.length > schema.maxItems) {
			issues.push(`Array must contain at most ${schema.maxItems} element(s) ${at}`);
		}
		value.forEach((item, index) => checkValue(`${field}.${index}`, schema.items, item, issues));
		return;
	}
	if (schema.type === 'integer') {
		if (typeof value !== 'number' || !Number.isInteger(value)) {
			issues.push(`Expected integer, received ${describe(value)} ${at}`);
			return;
		}
	} else if (typeof value !== schema.type) {
		issues.push(`Expected ${schema.type}, received ${describe(value)} ${at}`);
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
	if (schema.format === 'image-uri' && !isHttpUrl(value)) {
		const match = DATA_IMAGE.exec(value);
		if (!match || match[2].length % 4 !== 0 || match[2].length === 0) {
			issues.push(
				`Invalid url ${at}: expected an http(s) URL or a data:image/<type>;base64,<data> URL`,
			);
		}
	}
}

/**
 * Validates a submit body like the real API does for the Wan 2.6 models.
 * @returns {string[]} issues; empty when valid
 */
export function validateGenerationBody(body) {
	if (body === null || typeof body !== 'object' || Array.isArray(body))
		return [`Expected object, received ${describe(body)}`];
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
		checkValue(field, schema, body[field], issues);
	}
	return issues;
}

/**
 * Parses `[sim:...]` tokens (several per bracket allowed, comma separated) or an array of
 * bare tokens into a scenario object.
 */
export function parseScenarios(input) {
	const tokens = [];
	if (Array.isArray(input)) tokens.push(...input.flatMap((t) => String(t).split(',')));
	else if (typeof input === 'string') {
		for (const match of input.matchAll(/\[sim:([^\]]*)\]/gi)) tokens.push(...match[1].split(','));
	}
	const scenario = {};
	for (const raw of tokens) {
		const token = raw.trim().toLowerCase();
		if (!token) continue;
		let m;
		if ((m = /^fail(?:=(.+))?$/.exec(token)))
			scenario.fail = m[1] ? raw.trim().slice(5) : 'ContentModerationError';
		else if ((m = /^status(429|500)(?:x(\d+))?$/.exec(token)))
			scenario[`status${m[1]}`] = m[2] ? Number(m[2]) : 1;
		else if ((m = /^download500(?:x(\d+))?$/.exec(token)))
			scenario.download500 = m[1] ? Number(m[1]) : 1;
		else if ((m = /^submit(429|500)(?:x(\d+))?$/.exec(token)))
			scenario[`submit${m[1]}`] = m[2] ? Number(m[2]) : Infinity;
		else if (token === 'expired') scenario.expired = true;
		else if (token === 'nocredits') scenario.nocredits = true;
		else if ((m = /^latency=(\d+)$/.exec(token))) scenario.latencyMs = Number(m[1]);
		else if ((m = /^bytes=(\d+)$/.exec(token))) scenario.bytes = Number(m[1]);
		else (scenario.unknown ??= []).push(token);
	}
	return scenario;
}

function newState() {
	return {
		/** every request: { seq, at, method, path, query, route, headers } */
		requests: [],
		/** every submit attempt: { at, prompt, model, body, statusCode, id } */
		submits: [],
		/** submit attempts per prompt text */
		submitsByPrompt: {},
		/** status checks per generation id (all answers, including 429/500) */
		statusChecks: {},
		/** every file request: { at, file, id, statusCode, bytes, headers, authorization } */
		downloads: [],
		/** Authorization header of every request: { path, route, authorization } (null when absent) */
		authHeaders: [],
		/** generations by id (public view) */
		jobs: {},
		billingChecks: 0,
		counters: {
			requests: 0,
			submits: 0,
			jobsCreated: 0,
			statusChecks: 0,
			downloads: 0,
			downloadBytes: 0,
			unauthorized: 0,
			validationErrors: 0,
			rateLimited: 0,
		},
	};
}

function creditsFor(model, body) {
	const spec = MODELS[model];
	const resolution = body.resolution ?? spec.defaultResolution;
	const duration = body.duration ?? 10;
	const perSecond = (resolution === '1080p' ? 315_000 : 210_000) / (spec.flash ? 2 : 1);
	return Math.round(perSecond * duration);
}

/**
 * Starts the simulator.
 * @param {object} [options]
 * @param {number} [options.port=0]                 0 = random free port
 * @param {string} [options.host='127.0.0.1']
 * @param {string[]} [options.validKeys=[]]         accepted in addition to 'sim-key'
 * @param {boolean} [options.acceptDefaultKey=true] accept 'sim-key'
 * @param {number} [options.latencyMs=1500]         submit -> completed
 * @param {number} [options.queuedFraction=0.2]     part of latencyMs spent in "queued"
 * @param {number} [options.responseDelayMs=0]      delay before every API answer
 * @param {{limit:number, windowMs:number}} [options.rateLimit]  global API rate limit (429 beyond)
 * @param {string[]} [options.scenarios=[]]         tokens applied to every generation, e.g. ['status429x1']
 * @param {number} [options.largeFileBytes]         serve files of this many streamed bytes
 * @param {string} [options.fixturePath]            MP4 served for completed generations
 * @param {number} [options.balance=100]            USD balance for /v2/billing, reduced by completed jobs
 * @param {number} [options.linkTtlSeconds=3600]    lifetime of the signed file links
 * @param {string} [options.idFormat='aiml']        'aiml' = "<uuid>:<model>" like the real API, 'uuid' = bare uuid
 * @param {string} [options.publicUrl]              base URL put into video links (default: own URL)
 * @param {(line: string) => void} [options.log]    request log
 */
export async function startSimulator(options = {}) {
	const opts = {
		port: 0,
		host: '127.0.0.1',
		validKeys: [],
		acceptDefaultKey: true,
		latencyMs: 1500,
		queuedFraction: 0.2,
		responseDelayMs: 0,
		rateLimit: undefined,
		scenarios: [],
		largeFileBytes: undefined,
		fixturePath: DEFAULT_FIXTURE,
		balance: 100,
		linkTtlSeconds: 3600,
		idFormat: 'aiml',
		publicUrl: undefined,
		log: undefined,
		...options,
	};
	const fixture = fs.readFileSync(opts.fixturePath);
	const secret = randomBytes(16);
	const globalScenario = parseScenarios(opts.scenarios);
	const validKeys = new Set([
		...(opts.acceptDefaultKey ? [DEFAULT_API_KEY] : []),
		...opts.validKeys,
	]);
	const state = newState();
	/** @type {Map<string, any>} */
	const jobs = new Map();
	/** @type {Map<string, any>} */
	const jobsByFile = new Map();
	let balance = opts.balance;
	let seq = 0;
	let rateWindow = { start: Date.now(), count: 0 };
	let baseUrl = '';

	const errorBody = (req, statusCode, message) => ({
		message,
		path: new URL(req.url, 'http://x').pathname,
		requestId: randomUUID(),
		statusCode,
		timestamp: new Date().toISOString(),
	});

	const sendJson = async (res, statusCode, body, headers = {}) => {
		if (opts.responseDelayMs > 0) await new Promise((r) => setTimeout(r, opts.responseDelayMs));
		const payload = JSON.stringify(body);
		res.writeHead(statusCode, {
			'content-type': 'application/json; charset=utf-8',
			'content-length': Buffer.byteLength(payload),
			...headers,
		});
		res.end(payload);
	};
	const sendError = (req, res, statusCode, message, headers) =>
		sendJson(res, statusCode, errorBody(req, statusCode, message), headers);

	const checkAuth = (req) => {
		const header = req.headers.authorization;
		const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
		return Boolean(match && validKeys.has(match[1].trim()));
	};

	const rateLimited = () => {
		if (!opts.rateLimit) return false;
		const now = Date.now();
		if (now - rateWindow.start >= opts.rateLimit.windowMs) rateWindow = { start: now, count: 0 };
		rateWindow.count += 1;
		return rateWindow.count > opts.rateLimit.limit;
	};

	const readBody = (req, limit = 64 * 1024 * 1024) =>
		new Promise((resolve, reject) => {
			const chunks = [];
			let size = 0;
			req.on('data', (chunk) => {
				size += chunk.length;
				if (size > limit) {
					reject(Object.assign(new Error('Payload too large'), { statusCode: 413 }));
					req.destroy();
					return;
				}
				chunks.push(chunk);
			});
			req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
			req.on('error', reject);
		});

	const jobStatus = (job, now = Date.now()) => {
		const elapsed = now - job.createdAt;
		if (elapsed < job.latencyMs * opts.queuedFraction) return 'queued';
		if (elapsed < job.latencyMs) return 'generating';
		return job.scenario.fail ? 'error' : 'completed';
	};

	const publicJob = (job) => ({
		id: job.id,
		file: job.file,
		model: job.model,
		prompt: job.prompt,
		body: job.body,
		scenario: job.scenario,
		createdAt: job.createdAt,
		latencyMs: job.latencyMs,
		status: jobStatus(job),
		statusChecks: job.statusChecks,
		linksIssued: job.signatures.size,
		downloads: job.downloads,
		createdDespiteError: job.createdDespiteError,
		creditsUsed: job.creditsUsed,
	});

	const syncJob = (job) => {
		state.jobs[job.id] = publicJob(job);
	};

	const issueLink = (job) => {
		const expires = Math.floor(Date.now() / 1000) + opts.linkTtlSeconds;
		const nonce = job.signatures.size + 1;
		const signature = createHmac('sha256', secret)
			.update(`${job.file}:${expires}:${nonce}`)
			.digest('base64url');
		const expiredByScenario = Boolean(job.scenario.expired) && job.signatures.size === 0;
		job.signatures.set(signature, { expires, expiredByScenario });
		return `${opts.publicUrl ?? baseUrl}/files/${job.file}.mp4?Expires=${expires}&OSSAccessKeyId=SIMULATOR&Signature=${encodeURIComponent(signature)}`;
	};

	const generationView = (job) => {
		const status = jobStatus(job);
		if (status === 'completed' && !job.charged) {
			job.charged = true;
			balance -= job.creditsUsed / CREDITS_PER_USD;
		}
		const view = { id: job.id, status, video: null, error: null, meta: null };
		if (status === 'completed') {
			view.video = { url: issueLink(job) };
			view.meta = { usage: { credits_used: job.creditsUsed } };
		} else if (status === 'error') {
			view.error = {
				name: job.scenario.fail,
				message:
					job.scenario.fail === 'ContentModerationError'
						? MESSAGES.moderation
						: `Generation failed: ${job.scenario.fail}`,
			};
			view.meta = { usage: { credits_used: 0 } };
		}
		return view;
	};

	// --- handlers -------------------------------------------------------------

	const handleSubmit = async (req, res, route) => {
		state.counters.submits += 1;
		let raw;
		try {
			raw = await readBody(req);
		} catch (error) {
			return sendError(req, res, error.statusCode ?? 400, error.message);
		}
		let body;
		try {
			body = JSON.parse(raw);
		} catch {
			state.submits.push({
				at: Date.now(),
				route,
				prompt: undefined,
				model: undefined,
				body: raw,
				statusCode: 400,
				id: null,
			});
			state.counters.validationErrors += 1;
			return sendError(
				req,
				res,
				400,
				'Body validation error! Unexpected token: the body is not valid JSON',
			);
		}
		const prompt = body && typeof body.prompt === 'string' ? body.prompt : undefined;
		const record = {
			at: Date.now(),
			route,
			prompt,
			model: body?.model,
			body,
			statusCode: 0,
			id: null,
		};
		state.submits.push(record);
		if (prompt !== undefined)
			state.submitsByPrompt[prompt] = (state.submitsByPrompt[prompt] ?? 0) + 1;
		const attempt = prompt !== undefined ? state.submitsByPrompt[prompt] : 1;

		const issues = validateGenerationBody(body);
		if (issues.length) {
			state.counters.validationErrors += 1;
			record.statusCode = 400;
			record.issues = issues;
			return sendError(req, res, 400, `Body validation error! ${issues.join('; ')}`);
		}
		const scenario = { ...globalScenario, ...parseScenarios(prompt) };
		if (scenario.nocredits) {
			record.statusCode = 403;
			return sendError(req, res, 403, MESSAGES.noCredits);
		}
		if (scenario.submit429 && attempt <= scenario.submit429) {
			record.statusCode = 429;
			return sendError(req, res, 429, MESSAGES.tooManyRequests);
		}
		const uuid = randomUUID();
		const id = opts.idFormat === 'uuid' ? uuid : `${uuid}:${body.model}`;
		const job = {
			id,
			file: uuid,
			model: body.model,
			prompt,
			body,
			scenario,
			createdAt: Date.now(),
			latencyMs: scenario.latencyMs ?? opts.latencyMs,
			statusChecks: 0,
			downloads: 0,
			signatures: new Map(),
			creditsUsed: creditsFor(body.model, body),
			charged: false,
			createdDespiteError: false,
		};
		jobs.set(id, job);
		jobsByFile.set(job.file, job);
		state.counters.jobsCreated += 1;
		record.id = id;
		if (scenario.submit500 && attempt <= scenario.submit500) {
			job.createdDespiteError = true;
			syncJob(job);
			record.statusCode = 500;
			return sendError(req, res, 500, MESSAGES.internal);
		}
		syncJob(job);
		record.statusCode = 200;
		return sendJson(
			res,
			200,
			{ id, status: 'queued', meta: { usage: { credits_used: job.creditsUsed } } },
			{ 'x-inference-id': id, 'x-aimlapi-credits-used': String(job.creditsUsed) },
		);
	};

	const handlePoll = async (req, res, url) => {
		state.counters.statusChecks += 1;
		const id = url.searchParams.get('generation_id');
		if (id !== null) state.statusChecks[id] = (state.statusChecks[id] ?? 0) + 1;
		const job = id ? jobs.get(id) : undefined;
		if (!job)
			return sendError(
				req,
				res,
				404,
				id ? `${MESSAGES.notFound}: ${id}` : 'generation_id is required',
			);
		job.statusChecks += 1;
		syncJob(job);
		// 429s first, then 500s: [sim:status429x2][sim:status500x1] fails checks 1-2 with 429 and check 3 with 500.
		const n429 = job.scenario.status429 ?? 0;
		const n500 = job.scenario.status500 ?? 0;
		if (job.statusChecks <= n429) return sendError(req, res, 429, MESSAGES.tooManyRequests);
		if (job.statusChecks <= n429 + n500) return sendError(req, res, 500, MESSAGES.internal);
		const view = generationView(job);
		syncJob(job);
		return sendJson(res, 200, view, {
			'x-inference-id': job.id,
			...(view.meta ? { 'x-aimlapi-credits-used': String(view.meta.usage.credits_used) } : {}),
		});
	};

	const handleBilling = (req, res) => {
		state.billingChecks += 1;
		return sendJson(res, 200, {
			current_balance: Math.round(balance * 1e6) / 1e6,
			currency: 'USD',
		});
	};

	const denyFile = (res, statusCode, code, message) => {
		const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>\n`;
		res.writeHead(statusCode, {
			'content-type': 'application/xml',
			'content-length': Buffer.byteLength(body),
		});
		res.end(body);
	};

	const handleFile = (req, res, url, file) => {
		state.counters.downloads += 1;
		const job = jobsByFile.get(file);
		const record = {
			at: Date.now(),
			method: req.method,
			file,
			id: job?.id ?? null,
			statusCode: 0,
			bytes: 0,
			headers: { ...req.headers },
			authorization: req.headers.authorization ?? null,
		};
		state.downloads.push(record);
		const deny = (statusCode, code, message) => {
			record.statusCode = statusCode;
			denyFile(res, statusCode, code, message);
		};
		if (!job) return deny(404, 'NoSuchKey', 'The specified key does not exist.');
		job.downloads += 1;
		syncJob(job);
		const signature = url.searchParams.get('Signature');
		const link = signature ? job.signatures.get(signature) : undefined;
		const expires = Number(url.searchParams.get('Expires'));
		if (!link || link.expires !== expires)
			return deny(
				403,
				'SignatureDoesNotMatch',
				'The request signature we calculated does not match the signature you provided.',
			);
		if (link.expiredByScenario || Date.now() / 1000 > link.expires)
			return deny(403, 'AccessDenied', MESSAGES.expiredLink);
		if (job.scenario.download500 && job.downloads <= job.scenario.download500)
			return deny(500, 'InternalError', 'We encountered an internal error. Please try again.');

		const size = job.scenario.bytes ?? opts.largeFileBytes;
		const headers = {
			'content-type': 'video/mp4',
			'accept-ranges': 'none',
			'cache-control': 'private, max-age=3600',
		};
		record.statusCode = 200;
		if (size === undefined) {
			res.writeHead(200, { ...headers, 'content-length': fixture.length });
			if (req.method === 'HEAD') return res.end();
			record.bytes = fixture.length;
			state.counters.downloadBytes += fixture.length;
			return res.end(fixture);
		}
		res.writeHead(200, { ...headers, 'content-length': size });
		if (req.method === 'HEAD') return res.end();
		// Stream `size` bytes: the fixture first, then a repeating filler block. Never buffered whole.
		const filler = Buffer.alloc(256 * 1024, 0x5a);
		let sent = 0;
		const pump = () => {
			while (sent < size) {
				let chunk;
				if (sent < fixture.length)
					chunk = fixture.subarray(sent, Math.min(fixture.length, sent + (size - sent)));
				else chunk = size - sent >= filler.length ? filler : filler.subarray(0, size - sent);
				sent += chunk.length;
				record.bytes = sent;
				state.counters.downloadBytes += chunk.length;
				if (!res.write(chunk)) {
					res.once('drain', pump);
					return;
				}
			}
			res.end();
		};
		res.on('close', () => res.removeListener('drain', pump));
		pump();
	};

	const handle = async (req, res) => {
		const url = new URL(req.url, 'http://127.0.0.1');
		const pathname = url.pathname.replace(/\/+$/, '') || '/';
		let route = 'unknown';
		if (
			req.method === 'POST' &&
			[
				'/v2/video/generations',
				'/v1/video/generations',
				'/video/generations',
				'/v2/generate/video/alibaba/generation',
			].includes(pathname)
		)
			route = 'submit';
		else if (
			req.method === 'GET' &&
			['/v2/video/generations', '/v2/generate/video/alibaba/generation'].includes(pathname)
		)
			route = 'poll';
		else if (req.method === 'GET' && pathname === '/v2/billing') route = 'billing';
		else if (
			(req.method === 'GET' || req.method === 'HEAD') &&
			/^\/files\/[^/]+\.mp4$/.test(pathname)
		)
			route = 'file';
		else if (pathname.startsWith('/__sim/')) route = 'control';

		seq += 1;
		state.counters.requests += 1;
		state.requests.push({
			seq,
			at: Date.now(),
			method: req.method,
			path: pathname,
			query: url.search,
			route,
			headers: { ...req.headers },
		});
		state.authHeaders.push({
			path: pathname,
			route,
			authorization: req.headers.authorization ?? null,
		});
		opts.log?.(`${req.method} ${url.pathname}${url.search} -> ${route}`);

		if (route === 'file')
			return handleFile(req, res, url, pathname.slice('/files/'.length, -'.mp4'.length));
		if (route === 'control') {
			if (pathname === '/__sim/state') return sendJson(res, 200, state);
			if (pathname === '/__sim/reset' && req.method === 'POST') {
				handleReset();
				return sendJson(res, 200, { ok: true });
			}
			return sendError(req, res, 404, 'Not Found');
		}
		if (route === 'unknown') return sendError(req, res, 404, `Cannot ${req.method} ${pathname}`);
		if (!checkAuth(req)) {
			state.counters.unauthorized += 1;
			if (route === 'submit') req.resume();
			return sendError(req, res, 401, MESSAGES.unauthorized);
		}
		if (rateLimited()) {
			state.counters.rateLimited += 1;
			if (route === 'submit') req.resume();
			return sendError(req, res, 429, MESSAGES.tooManyRequests);
		}
		if (route === 'submit') return handleSubmit(req, res, pathname);
		if (route === 'poll') return handlePoll(req, res, url);
		return handleBilling(req, res);
	};

	const handleReset = () => {
		// keep the same object so callers holding `sim.state` see the reset
		Object.assign(state, newState());
		jobs.clear();
		jobsByFile.clear();
		balance = opts.balance;
		rateWindow = { start: Date.now(), count: 0 };
	};

	const server = http.createServer((req, res) => {
		handle(req, res).catch((error) => {
			if (!res.headersSent) sendError(req, res, 500, `Simulator error: ${error.message}`);
			else res.destroy(error);
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port, opts.host, resolve);
	});
	const { port } = server.address();
	baseUrl = `http://${opts.host}:${port}`;

	const api = {
		url: baseUrl,
		port,
		state,
		/** internal generation record (with scenario and timing) */
		getJob: (id) => jobs.get(id),
		/** current USD balance */
		getBalance: () => balance,
		/** forget every request, job and counter */
		reset: handleReset,
		/** make a generation complete now */
		completeNow: (id) => {
			const job = jobs.get(id);
			if (job) job.createdAt = Date.now() - job.latencyMs;
		},
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections?.();
			}),
		server,
	};
	return api;
}

function parseArgs(argv) {
	const options = { validKeys: [], scenarios: [] };
	let verbose = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [flag, inline] = arg.includes('=')
			? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
			: [arg, undefined];
		const value = () => (inline !== undefined ? inline : argv[++i]);
		switch (flag) {
			case '--port':
				options.port = Number(value());
				break;
			case '--latency-ms':
				options.latencyMs = Number(value());
				break;
			case '--response-delay-ms':
				options.responseDelayMs = Number(value());
				break;
			case '--key':
				options.validKeys.push(value());
				break;
			case '--scenario':
				options.scenarios.push(...value().split(','));
				break;
			case '--large-file-bytes':
				options.largeFileBytes = Number(value());
				break;
			case '--balance':
				options.balance = Number(value());
				break;
			case '--link-ttl-s':
				options.linkTtlSeconds = Number(value());
				break;
			case '--fixture':
				options.fixturePath = path.resolve(value());
				break;
			case '--id-format':
				options.idFormat = value();
				break;
			case '--rate-limit': {
				const [limit, windowMs] = value().split('/').map(Number);
				options.rateLimit = { limit, windowMs: windowMs || 1000 };
				break;
			}
			case '--verbose':
			case '-v':
				verbose = true;
				break;
			case '--help':
			case '-h':
				process.stdout.write(
					'Usage: node test/simulator/aimlApiSimulator.mjs [--port 0] [--latency-ms 1500] [--response-delay-ms 0]\n' +
						'  [--key extra-key]... [--scenario token]... [--large-file-bytes N] [--balance USD]\n' +
						'  [--link-ttl-s 3600] [--rate-limit N/windowMs] [--fixture file.mp4] [--id-format aiml|uuid] [--verbose]\n' +
						'Valid key by default: sim-key. Prompt tokens: ' +
						Object.keys(SCENARIO_TOKENS)
							.map((t) => `[sim:${t}]`)
							.join(' ') +
						'\n',
				);
				process.exit(0);
			default:
				throw new Error(`unknown option ${arg}`);
		}
	}
	if (verbose) options.log = (line) => process.stderr.write(`[sim] ${line}\n`);
	return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const sim = await startSimulator(parseArgs(process.argv.slice(2)));
	process.stdout.write(`${sim.url}\n`);
	const stop = () => sim.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}
