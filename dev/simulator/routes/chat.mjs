// A stand-in for an OpenAI-compatible chat API, enough for n8n's AI Agent with the OpenAI Chat
// Model: the first answer calls the video tool the agent offers, with the user's message as
// its prompt; once the conversation carries the tool's result, the final answer quotes the
// video URL in it. What the tool returned is recorded in state.chat.toolResults.
import { randomUUID } from 'node:crypto';

import { readRequestBody } from '../requestBody.mjs';
import { sendError, sendJson } from '../responses.mjs';

export const CHAT_MODEL = 'sim-chat-model';

export const CHAT_PATHS = { completions: '/v1/chat/completions', models: '/v1/models' };

/** GET /v1/models: the one model this stand-in offers. */
export function handleModels(simulator, req, res) {
	return sendJson(simulator, res, 200, {
		object: 'list',
		data: [{ id: CHAT_MODEL, object: 'model', created: 1_767_225_600, owned_by: 'simulator' }],
	});
}

/** A message's text, whether sent as a string or as a list of content parts. */
function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content))
		return content.map((part) => (typeof part === 'string' ? part : (part?.text ?? ''))).join('');
	return '';
}

/** The first `videoUrl` in a tool result, which may be JSON text, possibly nested. */
export function findVideoUrl(value, depth = 0) {
	if (depth > 5 || value === null || value === undefined) return undefined;
	if (typeof value === 'string') {
		try {
			return findVideoUrl(JSON.parse(value), depth + 1);
		} catch {
			return undefined;
		}
	}
	if (Array.isArray(value)) {
		for (const entry of value) {
			const found = findVideoUrl(entry, depth + 1);
			if (found) return found;
		}
		return undefined;
	}
	if (typeof value === 'object') {
		if (typeof value.videoUrl === 'string' && value.videoUrl) return value.videoUrl;
		for (const entry of Object.values(value)) {
			const found = findVideoUrl(entry, depth + 1);
			if (found) return found;
		}
	}
	return undefined;
}

/** The tool to call: the first whose name speaks of video, else the first offered. */
function pickTool(tools) {
	const functions = (tools ?? []).filter((tool) => tool?.type === 'function' && tool.function);
	return (functions.find((tool) => /video|wan/i.test(tool.function.name)) ?? functions[0])
		?.function;
}

/** Arguments for every property of the tool's schema: strings get the user's request. */
function toolArguments(parameters, request) {
	const properties = parameters?.properties ?? {};
	return Object.fromEntries(
		Object.entries(properties).map(([name, schema]) => {
			if (schema?.type === 'number' || schema?.type === 'integer') return [name, 5];
			if (schema?.type === 'boolean') return [name, false];
			return [name, request];
		}),
	);
}

function completion(model, message, finishReason) {
	return {
		id: `chatcmpl-${randomUUID()}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
		usage: { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 },
	};
}

/** The same answer as server-sent events, for a client that asked for a stream. */
function sendStream(res, answer) {
	const [{ message, finish_reason: finishReason }] = answer.choices;
	const chunk = (delta, finish) => ({
		id: answer.id,
		object: 'chat.completion.chunk',
		created: answer.created,
		model: answer.model,
		choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
	});
	const delta = message.tool_calls
		? {
				role: 'assistant',
				content: null,
				tool_calls: message.tool_calls.map((call, index) => ({ index, ...call })),
			}
		: { role: 'assistant', content: message.content };
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	for (const event of [
		chunk(delta, null),
		chunk({}, finishReason),
		{ ...chunk({}, null), choices: [], usage: answer.usage },
	])
		res.write(`data: ${JSON.stringify(event)}\n\n`);
	res.end('data: [DONE]\n\n');
}

/** POST /v1/chat/completions. */
export async function handleChatCompletion(simulator, req, res) {
	let body;
	try {
		body = JSON.parse(await readRequestBody(req));
	} catch {
		return sendError(simulator, req, res, 400, 'The request body is not JSON');
	}
	const messages = Array.isArray(body.messages) ? body.messages : [];
	const model = String(body.model ?? CHAT_MODEL);
	const chat = simulator.state.chat;
	const last = messages.at(-1);
	const request = textOf(
		[...messages].reverse().find((message) => message.role === 'user')?.content,
	);

	let answer;
	if (last?.role === 'tool') {
		const content = textOf(last.content);
		chat.toolResults.push({ toolCallId: last.tool_call_id ?? null, content });
		const videoUrl = findVideoUrl(content);
		const text = videoUrl
			? `Your video is ready: ${videoUrl}`
			: `The video tool gave no video URL. It answered: ${content}`;
		answer = completion(model, { role: 'assistant', content: text, refusal: null }, 'stop');
		chat.requests.push({ at: Date.now(), model, answered: 'final', text });
	} else {
		const tool = pickTool(body.tools);
		if (!tool) {
			const text = 'No tool was offered, so no video can be made.';
			answer = completion(model, { role: 'assistant', content: text, refusal: null }, 'stop');
			chat.requests.push({ at: Date.now(), model, answered: 'final', text });
		} else {
			const call = {
				id: `call_${chat.requests.length + 1}`,
				type: 'function',
				function: {
					name: tool.name,
					arguments: JSON.stringify(toolArguments(tool.parameters, request)),
				},
			};
			answer = completion(
				model,
				{ role: 'assistant', content: null, tool_calls: [call], refusal: null },
				'tool_calls',
			);
			chat.requests.push({
				at: Date.now(),
				model,
				answered: 'tool_call',
				tools: (body.tools ?? []).map((offered) => offered?.function?.name),
				toolCall: { name: call.function.name, arguments: JSON.parse(call.function.arguments) },
			});
		}
	}
	if (body.stream) return sendStream(res, answer);
	return sendJson(simulator, res, 200, answer);
}
