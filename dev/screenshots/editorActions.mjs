/** Tallest viewport used to fit a long parameter panel in one picture. */
const MAX_VIEWPORT_HEIGHT = 2200;

/** The parameter panel of the open node; screenshots of it grow the viewport to fit it. */
export const PARAMETER_PANEL = '[data-test-id="node-parameters"]';

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches an element text that is exactly `text`, surrounding whitespace aside. */
export const exactText = (text) => new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);

export async function openWorkflow(page, editorUrl, workflowId) {
	await page.goto(`${editorUrl}/workflow/${workflowId}`);
	await page
		.locator('[data-test-id="canvas-node"]')
		.first()
		.waitFor({ state: 'visible', timeout: 60_000 });
	await page.waitForTimeout(500);
}

export function canvasNode(page, nodeName) {
	return page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).first();
}

/** The text of the open node's parameter panel. */
export async function parametersText(page) {
	return page.locator(PARAMETER_PANEL).first().innerText();
}

/** Picks `optionName` in the options dropdown of parameter `parameterName`. */
export async function selectParameterOption(page, parameterName, optionName) {
	await page.locator(`[data-test-id="parameter-input-${parameterName}"]`).first().click();
	const items = page.locator('.el-select-dropdown__item:visible');
	await items.first().waitFor({ state: 'visible', timeout: 10_000 });
	// Match the option's first line (its name), not its description.
	const index = (await items.allInnerTexts()).findIndex(
		(text) => text.split('\n')[0].trim() === optionName,
	);
	if (index < 0) {
		const listed = (await items.allInnerTexts()).map((text) => text.split('\n')[0].trim());
		throw new Error(`option "${optionName}" not in ${parameterName}: ${listed.join(', ')}`);
	}
	await items.nth(index).click();
	await page.waitForTimeout(300);
}

/** The label an options parameter currently shows. */
export async function selectedOption(page, parameterName) {
	return page
		.locator(`[data-test-id="parameter-input-${parameterName}"]`)
		.first()
		.evaluate((element) => {
			const input = element.querySelector('input');
			const shown = element.querySelector('.el-select__selected-item, .el-select__placeholder');
			return (shown?.textContent || input?.value || '').trim();
		});
}

/** Opens an options parameter's dropdown and returns its option names (first lines). */
export async function openOptionList(page, parameterName) {
	await page.locator(`[data-test-id="parameter-input-${parameterName}"]`).first().click();
	const items = page.locator('.el-select-dropdown__item:visible');
	await items.first().waitFor({ state: 'visible', timeout: 10_000 });
	return (await items.allInnerTexts()).map((text) => text.split('\n')[0].trim());
}

export async function closeDropdowns(page) {
	await page.keyboard.press('Escape');
	await page.waitForTimeout(200);
}

/** Types into a string parameter (input or textarea). */
export async function fillParameter(page, parameterName, value) {
	const field = page
		.locator(`[data-test-id="parameter-input-${parameterName}"]`)
		.first()
		.locator('input, textarea')
		.first();
	await field.click();
	await field.fill(value);
	await field.evaluate((element) => element.blur());
	await page.waitForTimeout(200);
}

/** Opens the "Add Option" dropdown of the Options collection; returns the listed option labels. */
export async function openAddOption(page) {
	const add = page.locator(`${PARAMETER_PANEL} [data-test-id="collection-parameter-add"]`).last();
	await add.scrollIntoViewIfNeeded();
	await add.click();
	const options = page.locator('[data-test-id="collection-parameter-option"]:visible');
	await options.first().waitFor({ state: 'visible', timeout: 10_000 });
	return (await options.allInnerTexts()).map((text) => text.trim());
}

/** Adds the option labelled `label` to the Options collection. */
export async function addOption(page, label) {
	await openAddOption(page);
	await page
		.locator('[data-test-id="collection-parameter-option"]:visible')
		.filter({ hasText: exactText(label) })
		.first()
		.click();
	await page.waitForTimeout(300);
}

/** Closes n8n's toast notifications so they do not cover the panels. */
export async function dismissToasts(page) {
	const buttons = page.locator('.el-notification .el-notification__closeBtn:visible');
	for (let i = await buttons.count(); i > 0; i--)
		await buttons
			.first()
			.click()
			.catch(() => {});
	if (await page.locator('.el-notification:visible').count()) await page.waitForTimeout(400);
}

/**
 * Makes the viewport tall enough that the scrollable ancestor of `selector` shows all of
 * its content; returns a function that restores the viewport.
 */
export async function growViewportToFit(page, selector) {
	const hidden = await page
		.locator(selector)
		.first()
		.evaluate((element) => {
			for (let node = element; node; node = node.parentElement) {
				const style = getComputedStyle(node);
				if (/(auto|scroll)/.test(style.overflowY) && node.scrollHeight > node.clientHeight + 2) {
					return node.scrollHeight - node.clientHeight;
				}
			}
			return 0;
		})
		.catch(() => 0);
	if (hidden <= 0) return undefined;
	const before = page.viewportSize();
	await page.setViewportSize({
		width: before.width,
		height: Math.min(MAX_VIEWPORT_HEIGHT, before.height + hidden + 24),
	});
	await page.waitForTimeout(400);
	return async () => {
		await page.setViewportSize(before);
		await page.waitForTimeout(200);
	};
}
