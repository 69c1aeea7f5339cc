import { usageOf, validateGenerationBody } from '../contract.mjs';
import { createJob, syncJobState } from '../jobs.mjs';
import { MESSAGES } from '../messages.mjs';
import { CREDITS_PER_USD } from '../pricing.mjs';
import { readRequestBody } from '../requestBody.mjs';
import { sendError, sendJson } from '../responses.mjs';
import { recordUsageOrigin } from './logs.mjs';
import { parseScenarios } from '../scenarios.mjs';

/** The X-Client-Request-Id header as sent, or null. */
function clientRequestIdOf(req) {
	const header = req.headers['x-client-request-id'];
	return typeof header === 'string' ? header : null;
}

/** POST /v2/video/generations: validates the body and creates a generation. */
export async function handleSubmit(simulator, req, res, pathname) {
	const { state } = simulator;
	state.counters.submits += 1;
	const clientRequestId = clientRequestIdOf(req);
	let raw;
	try {
		raw = await readRequestBody(req);
	} catch (error) {
		return sendError(simulator, req, res, error.statusCode ?? 400, error.message);
	}
	let body;
	try {
		body = JSON.parse(raw);
	} catch {
		state.submits.push({
			at: Date.now(),
			route: pathname,
			prompt: undefined,
			model: undefined,
			body: raw,
			clientRequestId,
			statusCode: 400,
			id: null,
		});
		state.counters.validationErrors += 1;
		return sendError(
			simulator,
			req,
			res,
			400,
			'Body validation error! Unexpected token: the body is not valid JSON',
		);
	}
	const prompt = body && typeof body.prompt === 'string' ? body.prompt : undefined;
	const record = {
		at: Date.now(),
		route: pathname,
		prompt,
		model: body?.model,
		body,
		clientRequestId,
		statusCode: 0,
		id: null,
	};
	state.submits.push(record);
	if (prompt !== undefined)
		state.submitsByPrompt[prompt] = (state.submitsByPrompt[prompt] ?? 0) + 1;
	// submit429xN / submit500xN count the submits of the same prompt.
	const attempt = prompt !== undefined ? state.submitsByPrompt[prompt] : 1;

	// Wan 3.0 under one of its two spellings (option wan30ModelId); the other is an unknown model.
	const issues = validateGenerationBody(body, { wan30ModelId: simulator.options.wan30ModelId });
	if (issues.length) {
		state.counters.validationErrors += 1;
		record.statusCode = 400;
		record.issues = issues;
		return sendError(simulator, req, res, 400, `Body validation error! ${issues.join('; ')}`);
	}
	const scenario = { ...simulator.globalScenario, ...parseScenarios(prompt) };
	if (scenario.nocredits) {
		record.statusCode = 403;
		return sendError(simulator, req, res, 403, MESSAGES.noCredits);
	}
	if (scenario.submit429 && attempt <= scenario.submit429) {
		record.statusCode = 429;
		return sendError(simulator, req, res, 429, MESSAGES.tooManyRequests);
	}
	const job = createJob(simulator, { body, prompt, scenario });
	recordUsageOrigin(job, req);
	record.id = job.id;
	if (scenario.submit500 && attempt <= scenario.submit500) {
		job.createdDespiteError = true;
		syncJobState(simulator, job);
		record.statusCode = 500;
		return sendError(simulator, req, res, 500, MESSAGES.internal);
	}
	syncJobState(simulator, job);
	record.statusCode = 200;
	return sendJson(
		simulator,
		res,
		200,
		{
			id: job.id,
			status: 'queued',
			meta: { usage: usageOf(job.model, job.creditsUsed, CREDITS_PER_USD) },
		},
		{ 'x-inference-id': job.id, 'x-aimlapi-credits-used': String(job.creditsUsed) },
	);
}
