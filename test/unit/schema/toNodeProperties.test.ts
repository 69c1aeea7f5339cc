import type { INodeProperties } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { wanVideoProperties } from '../../../nodes/WanVideo/description';

/** The Model picker of an operation. */
function picker(operation: string): INodeProperties | undefined {
	return wanVideoProperties.find(
		(property) =>
			property.name === 'model' && property.displayOptions?.show?.operation?.includes(operation),
	);
}

/** What n8n shows for an operation and model; without a model, the picker's default (as n8n reads it). */
function visibleFor(operation: string, model?: string): INodeProperties[] {
	const chosen = model ?? (picker(operation)?.default as string | undefined);
	const shownFor = (models: unknown) =>
		!models || (chosen !== undefined && (models as string[]).includes(chosen));
	return wanVideoProperties
		.filter((property) => {
			const show = property.displayOptions?.show ?? {};
			if (show.operation && !show.operation.includes(operation)) return false;
			return shownFor(show.model);
		})
		.map((property) =>
			property.name === 'options'
				? {
						...property,
						options: (property.options as INodeProperties[]).filter((option) =>
							shownFor(option.displayOptions?.show?.['/model']),
						),
					}
				: property,
		);
}

function names(properties: INodeProperties[]): string[] {
	return properties
		.filter((property) => property.type !== 'notice')
		.map((property) => property.name);
}

function optionNames(properties: INodeProperties[]): string[] {
	const options = properties.find((property) => property.name === 'options');
	return (options?.options as INodeProperties[]).map((option) => option.name);
}

describe('node properties derived from the model catalogue', () => {
	it('shows text to video its fields, prompt first, rarely used ones under Options', () => {
		const properties = visibleFor('textToVideo');
		expect(names(properties)).toEqual([
			'operation',
			'model',
			'prompt',
			'aspectRatio',
			'resolution',
			'duration',
			'waitForCompletion',
			'options',
		]);
		expect(optionNames(properties)).toEqual(
			expect.arrayContaining([
				'audioUrl',
				'generateAudio',
				'negativePrompt',
				'shotType',
				'enhancePrompt',
				'seed',
			]),
		);
	});

	it('gives Flash a 720p default and the standard image model 1080p', () => {
		const flash = visibleFor('imageToVideo', 'alibaba/wan-2-6-image-to-video-flash');
		const standard = visibleFor('imageToVideo', 'alibaba/wan-2-6-i2v');
		expect(flash.filter((p) => p.name === 'resolution').map((p) => p.default)).toEqual(['720p']);
		expect(standard.filter((p) => p.name === 'resolution').map((p) => p.default)).toEqual([
			'1080p',
		]);
		// The Flash variant of Resolution stands where Resolution stands for the other model.
		expect(names(flash)).toEqual(names(standard));
		expect(names(flash).indexOf('resolution')).toBeLessThan(names(flash).indexOf('duration'));
		// Per-model defaults need a model n8n can read, so the picker takes no expression.
		expect(flash.find((p) => p.name === 'model')?.noDataExpression).toBe(true);
	});

	it('offers image to video no aspect ratio, and an image from a URL or a binary field', () => {
		const properties = names(visibleFor('imageToVideo', 'alibaba/wan-2-6-i2v'));
		expect(properties).not.toContain('aspectRatio');
		expect(properties).toEqual(
			expect.arrayContaining(['model', 'imageSource', 'imageUrl', 'imageBinaryPropertyName']),
		);
	});

	it('offers reference to video up to three video URLs and no audio options', () => {
		const properties = visibleFor('referenceToVideo');
		// n8n shows no hint under a list of URLs: the prompt tells how to name the characters.
		expect(properties.find((property) => property.name === 'prompt')?.hint).toContain('character1');
		const videos = properties.find((property) => property.name === 'referenceVideos');
		expect(videos?.typeOptions?.maxAllowed).toBe(3);
		expect(optionNames(properties)).not.toContain('audioUrl');
		expect(optionNames(properties)).not.toContain('generateAudio');
	});

	it('warns on every generate operation that Retry On Fail bills twice', () => {
		for (const operation of ['textToVideo', 'imageToVideo', 'referenceToVideo']) {
			const notice = visibleFor(operation).find((property) => property.type === 'notice');
			expect(notice?.displayName).toContain('Retry On Fail');
		}
	});

	it('keeps each Options collection in alphabetical order, as n8n lists options', () => {
		for (const operation of ['textToVideo', 'imageToVideo', 'referenceToVideo', 'getGeneration']) {
			const options = visibleFor(operation).find((property) => property.name === 'options');
			const labels = (options?.options as INodeProperties[]).map((option) => option.displayName);
			expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
		}
	});

	it('hints where fields interact: shot type and audio', () => {
		const options = visibleFor('textToVideo').find((property) => property.name === 'options')
			?.options as INodeProperties[];
		expect(options.find((option) => option.name === 'shotType')?.hint).toContain('Enhance Prompt');
		expect(options.find((option) => option.name === 'audioUrl')?.hint).toContain(
			'Generate Audio is ignored',
		);
	});
});

describe('the Model picker', () => {
	it.each([
		[
			'textToVideo',
			'alibaba/wan-2-6-t2v',
			[
				'alibaba/wan-3-0-video',
				'alibaba/wan-2-7-t2v',
				'alibaba/wan-2-6-t2v',
				'alibaba/wan2.5-t2v-preview',
			],
		],
		[
			'imageToVideo',
			'alibaba/wan-2-6-i2v',
			[
				'alibaba/wan-3-0-video',
				'alibaba/wan-2-7-i2v',
				'alibaba/wan-2-6-i2v',
				'alibaba/wan-2-6-image-to-video-flash',
				'alibaba/wan2.5-i2v-preview',
			],
		],
		[
			'referenceToVideo',
			'alibaba/wan-2-6-r2v',
			['alibaba/wan-3-0-video', 'alibaba/wan-2-7-r2v', 'alibaba/wan-2-6-r2v'],
		],
	])(
		'lists the models of %s newest first, each with what it is best at, and defaults to Wan 2.6',
		(operation, defaultModel, models) => {
			const property = picker(operation);
			expect(property?.default).toBe(defaultModel);
			const options = property?.options as Array<{
				name: string;
				value: string;
				description: string;
			}>;
			expect(options.map((option) => option.value)).toEqual(models);
			for (const option of options) {
				expect(option.name).toMatch(/^Wan (3\.0|2\.7|2\.6|2\.5 Preview) /);
				expect(option.description.length).toBeGreaterThan(10);
			}
			expect(property?.noDataExpression).toBe(true);
		},
	);

	it('shows Wan 3.0 image to video a first and a last frame as URLs only, with no binary source', () => {
		const properties = visibleFor('imageToVideo', 'alibaba/wan-3-0-video');
		expect(names(properties)).toEqual([
			'operation',
			'model',
			'prompt',
			'imageUrl',
			'lastFrameImageUrl',
			'aspectRatio',
			'resolution',
			'duration',
			'waitForCompletion',
			'options',
		]);
		for (const name of ['imageUrl', 'lastFrameImageUrl']) {
			expect(properties.find((property) => property.name === name)?.hint).toContain('URLs only');
		}
		const duration = properties.find((property) => property.name === 'duration');
		expect(duration).toMatchObject({
			type: 'number',
			default: 5,
			typeOptions: { minValue: 2, maxValue: 30 },
		});
		const aspect = properties.find((property) => property.name === 'aspectRatio');
		expect(aspect?.default).toBe('adaptive');
	});

	it('keeps the binary image source for the models whose spec takes Base64', () => {
		for (const model of [
			'alibaba/wan-2-7-i2v',
			'alibaba/wan2.5-i2v-preview',
			'alibaba/wan-2-6-i2v',
		]) {
			expect(names(visibleFor('imageToVideo', model))).toEqual(
				expect.arrayContaining(['imageSource', 'imageUrl', 'imageBinaryPropertyName']),
			);
		}
	});

	it('offers Wan 3.0 reference to video lists of images, videos and audio, and Wan 3.0 text to video a document or web page', () => {
		const reference = visibleFor('referenceToVideo', 'alibaba/wan-3-0-video');
		const lists = reference.filter((property) => property.type === 'fixedCollection');
		expect(lists.map((list) => [list.name, list.typeOptions?.maxAllowed])).toEqual([
			['referenceImages', 10],
			['referenceVideos', 5],
			['referenceAudio', 5],
		]);
		for (const list of lists) expect(list.description).toContain('URLs only');
		expect(optionNames(visibleFor('textToVideo', 'alibaba/wan-3-0-video'))).toEqual(
			expect.arrayContaining(['documentUrl', 'webPageUrl', 'watermark', 'generateAudio', 'seed']),
		);
		expect(optionNames(visibleFor('textToVideo', 'alibaba/wan-3-0-video'))).not.toContain(
			'negativePrompt',
		);
	});

	it('offers the 2.5 preview 480p and only 5 or 10 seconds', () => {
		const properties = visibleFor('textToVideo', 'alibaba/wan2.5-t2v-preview');
		const values = (name: string) =>
			(
				properties.find((property) => property.name === name)?.options as Array<{ value: unknown }>
			).map((option) => option.value);
		expect(values('resolution')).toEqual(['480p', '720p', '1080p']);
		expect(values('duration')).toEqual([5, 10]);
		expect(values('aspectRatio')).toEqual(['16:9', '9:16', '1:1']);
	});
});
