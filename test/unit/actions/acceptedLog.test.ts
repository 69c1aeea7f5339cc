import { afterEach, describe, expect, it, vi } from 'vitest';

import { captureInfoLogs } from '../../../dev/harness/executeNode.mjs';
import {
	MockAimlApi,
	useWaitingApi,
	generationId,
	httpError,
	running,
} from '../../../dev/harness/mockAimlApi';
import { API_KEY, items, runWanVideo, textToVideo } from '../../../dev/harness/wanVideo';

let api: MockAimlApi;

useWaitingApi((fresh) => ({ api } = fresh));

afterEach(() => {
	vi.restoreAllMocks();
});

describe("n8n's log keeps every accepted generation", () => {
	it('logs each generation ID at info level the moment it is accepted, before waiting, without the key', async () => {
		const first = generationId(1);
		const second = generationId(2);
		api
			.accept(first)
			.accept(second)
			.statuses(first, running(), httpError(401, 'This request requires a valid API key'))
			.statuses(second, running(), running());
		const logs = captureInfoLogs();
		try {
			const result = await runWanVideo({
				parameters: textToVideo(),
				inputItems: items('a fox', 'a hare'),
			});
			// The run fails while waiting: the log is what is left of the accepted generations.
			expect(result.error).toBeDefined();
		} finally {
			logs.stop();
		}
		const accepted = logs.lines.filter((line) => line.message.startsWith('Wan Video: generation '));
		expect(accepted.map((line) => line.message)).toEqual([
			expect.stringMatching(
				new RegExp(
					`^Wan Video: generation ${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} accepted \\(client request .+, item 0, model alibaba/wan-2-6-t2v, workflow .+, execution .+\\)$`,
				),
			),
			expect.stringContaining(`generation ${second} accepted`),
		]);
		expect(accepted[1].metadata).toEqual(
			expect.objectContaining({ generationId: second, itemIndex: 1, model: 'alibaba/wan-2-6-t2v' }),
		);
		expect(JSON.stringify(logs.lines)).not.toContain(API_KEY);
	});
});
