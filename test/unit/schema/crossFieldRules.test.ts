import { describe, expect, it } from 'vitest';

import { findModel } from '../../../nodes/WanVideo/models/catalog';
import type { GenerateOperation, ModelSpec } from '../../../nodes/WanVideo/models/types';
import { validateRequest } from '../../../nodes/WanVideo/schema/validateRequest';

function model(id: string, operation: GenerateOperation): ModelSpec {
	const found = findModel(id, operation);
	if (!found) throw new Error(`no model ${id} for ${operation}`);
	return found;
}

const WAN_30 = 'alibaba/wan-3-0-video';
const URL = (name: string) => `https://media.example.com/${name}`;

/** A Wan 3.0 body of all its fields, as if one operation offered every one of them. */
function wan30Everything(): ModelSpec {
	const entries = (['textToVideo', 'imageToVideo', 'referenceToVideo'] as const).map((operation) =>
		model(WAN_30, operation),
	);
	const fields = [...new Set(entries.flatMap((entry) => entry.fields))];
	const rules = entries[1].rules ?? [];
	return {
		...entries[1],
		fields,
		rules,
		overrides: Object.assign({}, ...entries.map((entry) => entry.overrides)),
	};
}

function problems(spec: ModelSpec, body: Record<string, unknown>) {
	const result = validateRequest(spec, { model: spec.id, prompt: 'x', ...body });
	return result.valid
		? []
		: result.problems.map((problem) => `"${problem.field}" ${problem.problem}`);
}

describe('Wan 3.0 rules between fields (spec: wan-3-0-video.json)', () => {
	const all = wan30Everything();

	it.each([
		['reference images', { reference_image_urls: [URL('a.png')] }, '"Reference Images"'],
		['reference videos', { video_urls: [URL('a.mp4')] }, '"Reference Videos"'],
		['reference audio', { audio_urls: [URL('a.mp3')] }, '"Reference Audio"'],
		['a document', { file_url: URL('brief.pdf') }, '"Document URL"'],
		['a web page', { link_url: URL('page') }, '"Web Page URL"'],
	])('refuses a first frame together with %s', (_case, extra, label) => {
		expect(problems(all, { image_url: URL('first.jpg'), ...extra })).toEqual([
			`"First Frame Image URL" cannot be combined with ${label}; remove one of them`,
		]);
	});

	it('refuses a last frame without a first frame', () => {
		// The field itself is required in Image to Video; the rule still says how the two relate.
		expect(problems(all, { last_image_url: URL('last.jpg') })).toContain(
			'"Last Frame Image URL" needs "First Frame Image URL"; add it, or remove "Last Frame Image URL"',
		);
	});

	it('accepts a first and a last frame, and references with a document', () => {
		expect(problems(all, { image_url: URL('first.jpg'), last_image_url: URL('last.jpg') })).toEqual(
			[],
		);
		expect(problems(model(WAN_30, 'textToVideo'), { file_url: URL('brief.pdf') })).toEqual([]);
	});
});

describe('Wan 2.7 reference to video', () => {
	const r2v = model('alibaba/wan-2-7-r2v', 'referenceToVideo');

	it('needs at least one reference image or video', () => {
		expect(problems(r2v, { first_frame_image: URL('first.jpg') })).toEqual([
			'"Reference Images" is empty, and so is "Reference Videos": add at least one URL to one of them',
		]);
		expect(problems(r2v, { video_urls: [URL('a.mp4')] })).toEqual([]);
	});
});
