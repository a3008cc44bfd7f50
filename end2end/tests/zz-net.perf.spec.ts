import { test } from "../fixtures";
import { network, setProgram } from "../programs";
test("net", async ({ app, page }) => {
  await app.open();
  const a = network(), b = network().replace("x0 = 0.5", "x0 = 0.55"), c = network().replace("f = v0*h0", "f = x0*x1 + v0*h0");
  for (const [name, other] of [["number", b], ["newterm", c]] as const) {
    await page.evaluate(`(${setProgram})(${JSON.stringify(a)})`);
    await page.waitForTimeout(1000);
    for (let i = 0; i < 6; i++) {
      const r = await page.evaluate((next) => new Promise((res) => {
        const ta = document.querySelector("textarea[data-testid=program]") as HTMLTextAreaElement;
        const t0 = performance.now();
        ta.value = next;
        ta.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText" }));
        const t1 = performance.now();
        let tasks: number[] = [];
        const mark = () => { tasks.push(performance.now() - t0); };
        setTimeout(mark, 0);
        queueMicrotask(() => queueMicrotask(() => queueMicrotask(() => {
          const t2 = performance.now();
          requestAnimationFrame((fs) => {
            const c = new MessageChannel();
            c.port1.onmessage = () => res({ sync: t1 - t0, micro: t2 - t0, frameStart: fs - t0, painted: performance.now() - t0, timer: tasks });
            c.port2.postMessage(0);
          });
        })));
      }), i % 2 ? a : other);
      console.log(name, JSON.stringify(r));
      await page.waitForTimeout(400);
    }
  }
});
