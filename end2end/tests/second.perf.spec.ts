// Beyond the first gradient at size (issue 16): "Show the backward graph" and "Show the
// Hessian" on the 226-node network, the 1,000-node chain and the 10,000-operation chain,
// each timed from the click to the painted frame. Run alone ("perf").
import { test, expect } from "../fixtures";
import { chain, network, setProgram } from "../programs";

/** Clicks the checkbox `testid` and times it to the painted frame once `done` shows. */
async function toggle(page: import("@playwright/test").Page, testid: string, done: string): Promise<number> {
  return page.evaluate(
    async ([testid, done]) => {
      const afterPaint = () =>
        new Promise<number>((res) => {
          const c = new MessageChannel();
          c.port1.onmessage = () => res(performance.now());
          c.port2.postMessage(0);
        });
      await new Promise((res) => requestAnimationFrame(res));
      const t0 = performance.now();
      document.querySelector<HTMLInputElement>(`[data-testid=${testid}]`)!.click();
      while (!document.querySelector(done)) await new Promise((res) => requestAnimationFrame(res));
      await new Promise((res) => requestAnimationFrame(res));
      return (await afterPaint()) - t0;
    },
    [testid, done],
  );
}

for (const [name, src, nodes] of [
  ["the 226-node network", network(), 226],
  ["the 1,000-node chain", chain(333), 1004],
  ["the 10,000-operation chain", chain(3330), 9995],
] as const) {
  test(`beyond the gradient on ${name}: the backward graph and the Hessian to the painted frame`, async ({ app, page }) => {
    test.setTimeout(120_000);
    await app.open();
    await page.evaluate(`(${setProgram})(${JSON.stringify(src)})`);
    await expect(page.locator("[data-testid=graph]")).toHaveAttribute("data-nodes", String(nodes));
    const back = await toggle(page, "backward-graph", "[data-testid=backward-note], [data-testid=backward-error]");
    let shown: string;
    if (nodes > 5000) {
      // Its backward program is past the size the app accepts: said so, the graph stays.
      await expect(page.locator("[data-testid=backward-error]")).toContainText("does not go through");
      await expect(page.locator("[data-testid=graph]")).toHaveAttribute("data-nodes", String(nodes));
      shown = "refused with a note (the forward graph stays)";
      await app.screenshot(`backward-${nodes}`, 1280, 800);
    } else {
      const count = Number(await page.locator("[data-testid=graph]").getAttribute("data-nodes"));
      expect(count).toBeGreaterThan(nodes);
      shown = `${count} nodes`;
      await app.screenshot(`backward-${nodes}`, 1280, 800);
    }
    await page.locator("[data-testid=backward-graph]").uncheck();
    await expect(page.locator("[data-testid=graph]")).toHaveAttribute("data-nodes", String(nodes));
    const hess = await toggle(page, "hessian-toggle", "[data-testid=hessian] table, [data-testid=hessian] .too-big");
    const check = page.locator("[data-testid=hessian-check]");
    await expect(check).toContainText("Symmetric");
    console.log(
      `${name}: backward graph ${shown} in ${back.toFixed(0)} ms to the painted frame; ` +
        `Hessian (${await page.locator("[data-testid=hessian] table").getAttribute("data-rows")} × same, with its check) in ${hess.toFixed(0)} ms`,
    );
    expect(back).toBeLessThan(20_000);
    expect(hess).toBeLessThan(20_000);
  });
}
