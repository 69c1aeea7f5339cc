import { describe, expect, it } from 'vitest';

import { findModel } from '../../../nodes/WanVideo/models/catalog';
import type { ModelSpec } from '../../../nodes/WanVideo/models/types';
import { validateRequest } from '../../../nodes/WanVideo/schema/validateRequest';

function model(id: string): ModelSpec {
	const found = findModel(id);
	if (!found) throw new Error(`no model ${id}`);
	return found;
}

const t2v = model('alibaba/wan-2-6-t2v');
const i2v = model('alibaba/wan-2-6-i2v');
const r2v = model('alibaba/wan-2-6-r2v');

function problemsOf(spec: ModelSpec, body: Record<string, unknown>) {
	const result = validateRequest(spec, { model: spec.id, ...body });
	return result.valid ? [] : result.problems;
}

describe('validateRequest', () => {
	it('accepts a full text-to-video body and keeps every value', () => {
		const body = {
			model: t2v.id,
			prompt: 'A fox in the snow',
			aspect_ratio: '9:16',
			resolution: '720p',
			duration: 15,
			audio_url: 'https://cdn.example.com/voice.mp3',
			generate_audio: false,
			negative_prompt: 'blur',
			shot_type: 'multi',
			enhance_prompt: true,
			seed: 42,
		};
		expect(validateRequest(t2v, body)).toEqual({ valid: true, body });
	});

	it.each([
		['an empty prompt', t2v, { prompt: '   ' }, 'Prompt', 'cannot be empty'],
		[
			'a duration the API lacks',
			t2v,
			{ prompt: 'x', duration: 7 },
			'Duration',
			'must be one of 5, 10, 15',
		],
		[
			'an unknown aspect ratio',
			t2v,
			{ prompt: 'x', aspect_ratio: '21:9' },
			'Aspect Ratio',
			'must be one of 16:9',
		],
		[
			'a lower-case resolution typo',
			t2v,
			{ prompt: 'x', resolution: '1080P' },
			'Resolution',
			'must be one of 720p, 1080p',
		],
		['a fractional seed', t2v, { prompt: 'x', seed: 1.5 }, 'Seed', 'whole number'],
		['a negative seed', t2v, { prompt: 'x', seed: -1 }, 'Seed', '0 or more'],
		[
			'an audio URL that is not a URL',
			t2v,
			{ prompt: 'x', audio_url: 'voice.mp3' },
			'Audio URL',
			'http(s) URL',
		],
		[
			'multi-shot without prompt enhancement',
			t2v,
			{ prompt: 'x', shot_type: 'multi', enhance_prompt: false },
			'Shot Type',
			'Enhance Prompt',
		],
		['a missing image', i2v, { prompt: 'x' }, 'First Frame Image', ''],
		[
			'an image path instead of a URL',
			i2v,
			{ prompt: 'x', image_url: 'C:/pictures/cat.jpg' },
			'First Frame Image',
			'http(s) URL or a base64 data URL',
		],
		[
			'a GIF data URL',
			i2v,
			{ prompt: 'x', image_url: 'data:image/gif;base64,R0lGOD==' },
			'First Frame Image',
			'JPEG, PNG, BMP or WebP',
		],
		['no reference video', r2v, { prompt: 'x', video_urls: [] }, 'Reference Videos', 'at least 1'],
		[
			'four reference videos',
			r2v,
			{
				prompt: 'x',
				video_urls: ['a', 'b', 'c', 'd'].map((n) => `https://v.example.com/${n}.mp4`),
			},
			'Reference Videos',
			'at most 3',
		],
		[
			'a reference video that is not a URL',
			r2v,
			{ prompt: 'x', video_urls: ['clip.mp4'] },
			'Reference Videos',
			'http(s) URL',
		],
	])('refuses %s, naming the field', (_case, spec, body, field, text) => {
		const problems = problemsOf(spec, body);
		expect(problems.length).toBeGreaterThan(0);
		expect(problems[0].field).toBe(field);
		expect(problems[0].problem).toContain(text);
	});

	it('refuses fields the model does not take, such as an aspect ratio for image to video', () => {
		const problems = problemsOf(i2v, {
			prompt: 'x',
			image_url: 'https://i.example.com/a.png',
			aspect_ratio: '16:9',
		});
		expect(problems).toEqual([
			{ field: 'aspect_ratio', problem: `is not accepted by ${i2v.label}; remove it` },
		]);
	});

	it('refuses audio fields for reference to video', () => {
		const problems = problemsOf(r2v, {
			prompt: 'x',
			video_urls: ['https://v.example.com/a.mp4'],
			generate_audio: true,
		});
		expect(problems[0].problem).toContain('not accepted');
	});
});
