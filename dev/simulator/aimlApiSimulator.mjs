#!/usr/bin/env node
// Local simulator of the AIML API endpoints used by the Wan Video node.
// Node built-ins only; listens on 127.0.0.1. The parts live next to this file.
//
//   POST /v2/video/generations                       submit (validated per model)
//   GET  /v2/video/generations?generation_id=<id>    poll: queued -> generating -> completed | error
//   GET  /v2/billing                                 { current_balance, currency }
//   GET  /v2/logs?period=1h                          usage logs: client_request_id -> inference_id
//   GET  /files/<file>.mp4?Expires=..&Signature=..   signed "CDN" link, no auth
//   POST /v1/chat/completions, GET /v1/models        an OpenAI-compatible chat stand-in that
//                                                    calls the video tool, then quotes its video URL
//   GET  /__sim/state, POST /__sim/reset             inspection helpers for out-of-process callers
//
// Scenarios are chosen for the whole simulator (options.scenarios) or per generation by
// tokens in the prompt, e.g. "a cat [sim:status429x2] [sim:expired]". See SCENARIO_TOKENS.
//
// The API routes can share a rate limit (options.requestsPerSecond or options.rateLimit): beyond
// it they answer 429, with a Retry-After header unless options.retryAfterHeader is false.
//
// CLI: node dev/simulator/aimlApiSimulator.mjs --port 8787 --latency-ms 5000 --requests-per-second 5

import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { runCli } from './cli.mjs';

export { DEFAULT_API_KEY, DEFAULT_FIXTURE } from './options.mjs';
export { CREDITS_PER_USD } from './pricing.mjs';
export { MESSAGES } from './messages.mjs';
export { SCENARIO_TOKENS, parseScenarios } from './scenarios.mjs';
export { MODELS, validateGenerationBody } from './contract.mjs';
export { startSimulator } from './startSimulator.mjs';

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	await runCli(process.argv.slice(2));
}
