import { afterEach, describe, expect, it } from 'vitest';

import { startSimulator } from '../../dev/simulator/aimlApiSimulator.mjs';
import { CHAT_MODEL } from '../../dev/simulator/routes/chat.mjs';

const KEY = 'sim-key';

let sim;
afterEach(async () => {
	await sim?.close();
	sim = undefined;
});

const VIDEO_TOOL = {
	type: 'function',
	function: {
		name: 'Make_Video',
		description: 'Makes a video',
		parameters: {
			type: 'object',
			properties: { prompt: { type: 'string', description: 'What the video shows' } },
			required: ['prompt'],
		},
	},
};

async function chat(body, key = KEY) {
	const res = await fetch(`${sim.url}/v1/chat/completions`, {
		method: 'POST',
		headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: res.status, text: await res.text() };
}

const USER = { role: 'user', content: 'A red fox running through fresh snow' };

describe('chat stand-in (OpenAI-compatible)', () => {
	it('first calls the video tool with the user request as every string argument', async () => {
		sim = await startSimulator({ validKeys: [KEY] });
		const { status, text } = await chat({
			model: CHAT_MODEL,
			messages: [{ role: 'system', content: 'You help.' }, USER],
			tools: [
				{ type: 'function', function: { name: 'calculator', parameters: { type: 'object' } } },
				VIDEO_TOOL,
			],
		});

		expect(status).toBe(200);
		const [choice] = JSON.parse(text).choices;
		expect(choice.finish_reason).toBe('tool_calls');
		expect(choice.message.tool_calls).toEqual([
			{
				id: 'call_1',
				type: 'function',
				function: {
					name: 'Make_Video',
					arguments: JSON.stringify({ prompt: USER.content }),
				},
			},
		]);
	});

	it('then answers with the video URL of the tool result, and records what the tool returned', async () => {
		sim = await startSimulator({ validKeys: [KEY] });
		const toolResult = JSON.stringify([
			{ generationId: 'g1', status: 'completed', videoUrl: 'http://127.0.0.1/files/g1.mp4' },
		]);
		const { status, text } = await chat({
			model: CHAT_MODEL,
			messages: [
				USER,
				{ role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function' }] },
				{ role: 'tool', tool_call_id: 'call_1', content: toolResult },
			],
			tools: [VIDEO_TOOL],
		});

		expect(status).toBe(200);
		const [choice] = JSON.parse(text).choices;
		expect(choice.finish_reason).toBe('stop');
		expect(choice.message.content).toBe('Your video is ready: http://127.0.0.1/files/g1.mp4');
		expect(sim.state.chat.toolResults).toEqual([{ toolCallId: 'call_1', content: toolResult }]);
	});

	it('streams the same answer as server-sent events when asked to', async () => {
		sim = await startSimulator({ validKeys: [KEY] });
		const { status, text } = await chat({
			model: CHAT_MODEL,
			stream: true,
			messages: [USER],
			tools: [VIDEO_TOOL],
		});

		expect(status).toBe(200);
		const events = text
			.split('\n\n')
			.filter(Boolean)
			.map((event) => event.replace(/^data: /, ''));
		expect(events.at(-1)).toBe('[DONE]');
		const [first] = events.map((event) => (event === '[DONE]' ? null : JSON.parse(event)));
		expect(first.choices[0].delta.tool_calls[0]).toMatchObject({
			index: 0,
			function: { name: 'Make_Video' },
		});
	});

	it('lists its model and refuses an unknown key', async () => {
		sim = await startSimulator({ validKeys: [KEY] });
		const models = await fetch(`${sim.url}/v1/models`, {
			headers: { authorization: `Bearer ${KEY}` },
		});
		expect((await models.json()).data.map((model) => model.id)).toEqual([CHAT_MODEL]);

		const refused = await chat({ model: CHAT_MODEL, messages: [USER] }, 'wrong-key');
		expect(refused.status).toBe(401);
	});
});
