import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { OUTPUTS_EXPRESSION, SUBTITLE_EXPRESSION } from './actions/operations';
import { route } from './actions/router';
import { wanVideoProperties } from './description';

export class WanVideo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Wan Video',
		name: 'wanVideo',
		icon: { light: 'file:wanVideo.svg', dark: 'file:wanVideo.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: SUBTITLE_EXPRESSION,
		description: 'Generate videos with Alibaba Wan 2.5 to 3.0 through the AIML API',
		defaults: { name: 'Wan Video' },
		// As a tool, each call returns compact JSON (generation ID, status, video URL, credits, error), no file.
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUTS_EXPRESSION,
		credentials: [{ name: 'aimlApiWanVideoApi', required: true }],
		properties: wanVideoProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this);
	}
}
