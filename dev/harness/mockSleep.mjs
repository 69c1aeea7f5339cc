// Setup file of the unit and dev test runs: n8n-workflow's `sleep` never really waits. It
// replaces `sleep` for every module importing it from n8n-workflow, the node's code included;
// everything else stays real. The fake clock (fakeClock.mjs) makes it advance a fake `Date`.
import { vi } from 'vitest';

vi.mock('n8n-workflow', async (importOriginal) => ({
	...(await importOriginal()),
	sleep: vi.fn(async () => {}),
}));
