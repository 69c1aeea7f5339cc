'use strict';

// Package entry for code that imports the node or the credential directly (tests, custom loaders).
// n8n itself loads the files listed in the "n8n" section of package.json.
module.exports = {
	get WanVideo() {
		return require('./dist/nodes/WanVideo/WanVideo.node.js').WanVideo;
	},
	get AimlApiWanVideoApi() {
		return require('./dist/credentials/AimlApiWanVideoApi.credentials.js').AimlApiWanVideoApi;
	},
};
