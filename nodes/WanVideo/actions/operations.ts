import type { INodePropertyOptions } from 'n8n-workflow';

import type { GenerateOperation } from '../models/types';

export type WanVideoOperation = GenerateOperation | 'getGeneration' | 'listGenerations';

/** The operation picker; the only place the operations are listed. */
export const OPERATIONS: Array<INodePropertyOptions & { value: WanVideoOperation }> = [
	{
		name: 'Get Generation',
		value: 'getGeneration',
		action: 'Get a video generation',
		description: 'Check a generation by ID, optionally wait for it and download the video',
	},
	{
		name: 'Image to Video',
		value: 'imageToVideo',
		action: 'Generate a video from an image',
		description: 'Animate an image used as the first frame; Wan 3.0 can also end on a last frame',
	},
	{
		name: 'List Generations',
		value: 'listGenerations',
		action: 'List video generations from the usage logs',
		description:
			'List the generations the AIML API recorded, also those of executions n8n lost, and recover their videos',
	},
	{
		name: 'Reference to Video',
		value: 'referenceToVideo',
		action: 'Generate a video from references',
		description:
			'Put the people, products or places of reference videos, images or audio into a new scene',
	},
	{
		name: 'Text to Video',
		value: 'textToVideo',
		action: 'Generate a video from text',
		description: 'Create a video from a prompt',
	},
];

export const GENERATE_OPERATIONS: GenerateOperation[] = [
	'textToVideo',
	'imageToVideo',
	'referenceToVideo',
];
