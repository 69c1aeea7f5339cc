import type { INodeProperties } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { wanVideoProperties } from '../../../nodes/WanVideo/description';

function visibleFor(operation: string, model?: string): INodeProperties[] {
	return wanVideoProperties.filter((property) => {
		const show = property.displayOptions?.show ?? {};
		if (show.operation && !show.operation.includes(operation)) return false;
		if (show.model && (!model || !show.model.includes(model))) return false;
		return true;
	});
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
