// n8n's AI Agent calls the packed node as a tool: a chat model node pointed at the simulator's
// OpenAI-compatible stand-in, which first calls the Wan Video tool and, once it has the tool's
// result, answers with the video URL in it. On the chosen n8n line, with its newest agent (the
// engine runs the tool) and with agent 2.2 (the agent runs the tool as a sub-node).
import { beforeAll, describe, expect, it } from 'vitest';

import { importCredentials, N8N_LINE } from '../../dev/n8nRuntime.mjs';
import {
	e2eContext,
	explain,
	importAndExecute,
	loadWorkflow,
	openHome,
	simState,
} from './support.mjs';

const TOOL_RESULT_FIELDS = ['creditsUsed', 'error', 'generationId', 'status', 'videoUrl'];
const NEWEST_AGENT_VERSION = { 1: 3, 2: 3.1 }[N8N_LINE];
const CHAT_CREDENTIAL = { id: 'wanE2eChatModel1', name: 'OpenAI (simulator)' };

let credentialsImported = false;

async function importChatCredential(home) {
	if (credentialsImported) return;
	await importCredentials(home, [
		{
			...CHAT_CREDENTIAL,
			type: 'openAiApi',
			data: { apiKey: 'sim-key', url: `${e2eContext().simUrl}/v1` },
		},
	]);
	credentialsImported = true;
}

/** The tool's result as the agent got it: the JSON of each item the tool returned. */
const returnedItems = (toolResult) => [JSON.parse(toolResult.content)].flat();

describe.each([NEWEST_AGENT_VERSION, 2.2])('AI Agent %s with Wan Video as a tool', (version) => {
	const request = `A red fox running through fresh snow at sunrise, slow motion (agent ${version})`;
	let result;
	let state;
	let toolResults;
	let submits;

	beforeAll(async () => {
		const home = await openHome();
		await importChatCredential(home);
		const before = await simState();
		const workflow = await loadWorkflow('agent.json');
		const agent = workflow.nodes.find((node) => node.name === 'AI Agent');
		agent.typeVersion = version;
		agent.parameters.text = request;
		result = await importAndExecute(home, workflow);
		state = await simState();
		toolResults = state.chat.toolResults.slice(before.chat.toolResults.length);
		submits = state.submits.filter((submit) => submit.prompt === request);
	});

	it('runs the workflow to the end', () => {
		expect(result.ok, explain(result)).toBe(true);
		expect(result.status).toBe('success');
	});

	it("the chat model called the tool, whose argument became one submission of the user's request", () => {
		const toolCalls = state.chat.requests.filter((entry) => entry.answered === 'tool_call');
		expect(toolCalls.at(-1)?.toolCall.arguments, explain(result)).toEqual({ prompt: request });
		expect(submits).toHaveLength(1);
		expect(submits[0].statusCode).toBe(200);
	});

	it('the tool returned compact JSON for the generation, without binary and without a download', () => {
		expect(toolResults, explain(result)).toHaveLength(1);
		const [generation, ...others] = returnedItems(toolResults[0]);
		expect(others).toEqual([]);
		expect(Object.keys(generation).sort()).toEqual(TOOL_RESULT_FIELDS);
		expect(generation).toMatchObject({
			generationId: submits[0].id,
			status: 'completed',
			error: null,
		});
		expect(generation.videoUrl).toContain(`${e2eContext().simUrl}/files/`);
		expect(toolResults[0].content).not.toMatch(/binary|base64|"data"/i);
		expect(state.downloads.filter((download) => download.id === generation.generationId)).toEqual(
			[],
		);
	});

	it("the agent's final answer carries the generation's video URL", () => {
		const [answer] = result.output('AI Agent') ?? [];
		const [generation] = returnedItems(toolResults[0]);
		expect(answer?.json.output, explain(result)).toBe(
			`Your video is ready: ${generation.videoUrl}`,
		);
		expect(state.jobs[generation.generationId]?.status).toBe('completed');
	});
});
