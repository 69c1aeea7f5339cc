import { afterEach, describe, expect, it, vi } from 'vitest';

import {
	MockAimlApi,
	useWaitingApi,
	completed,
	failed,
	generationId,
	signedUrl,
	videoBytes,
} from '../../../dev/harness/mockAimlApi';
import { items, runWanVideo, textToVideo } from '../../../dev/harness/wanVideo';

let api: MockAimlApi;

useWaitingApi((fresh) => ({ api } = fresh));

afterEach(() => {
	vi.restoreAllMocks();
});

const MODERATION = 'The request was rejected by content moderation.';

describe('On Error: Continue (using error output)', () => {
	it('sends a failed generation to the error output with its ID, and the finished one to the success output', async () => {
		const good = generationId(1);
		const bad = generationId(2);
		api
			.accept(good)
			.accept(bad)
			.statuses(good, completed())
			.statuses(bad, failed('ModerationError', MODERATION))
			.serve(signedUrl(good), videoBytes(good));

		const result = await runWanVideo({
			parameters: textToVideo(),
			inputItems: items('a fox', 'a forbidden fox'),
			onError: 'continueErrorOutput',
		});

		expect(result.error).toBeUndefined();
		const [success, errors] = result.outputs;
		expect(success.map((item) => item.json.generationId)).toEqual([good]);
		expect(success[0].pairedItem).toEqual({ item: 0 });
		expect(errors).toHaveLength(1);
		// n8n keeps only the error's message (merged with the input row): it names the generation.
		expect(errors[0].json).toEqual(
			expect.objectContaining({ error: expect.stringContaining(bad) }),
		);
		expect(String(errors[0].json.error)).toContain(MODERATION);
		expect(errors[0].pairedItem).toEqual({ item: 1 });
	});

	it('keeps failures on the regular output under Continue (using regular output)', async () => {
		const bad = generationId(3);
		api.accept(bad).statuses(bad, failed('ModerationError', MODERATION));

		const result = await runWanVideo({
			parameters: textToVideo(),
			inputItems: items('a forbidden fox'),
			onError: 'continueRegularOutput',
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(1);
		expect(result.outputs[0][0].json).toEqual(
			expect.objectContaining({ generationId: bad, error: expect.stringContaining(MODERATION) }),
		);
	});
});
