import { test, expect } from "../fixtures";
import { SUBPATH_URL } from "../playwright.config";

test("opens with the seed example and its value f = 10", async ({ app, page }) => {
  await app.open();
  await expect(page).toHaveTitle(/chainrule/);
  await expect(app.program).toHaveValue("f(x1, x2) = x1^2 + 2*x2; x1 = 2; x2 = 3");
  await expect(app.outputValue).toHaveText("10");
  expect(await app.exactOutput()).toBe(10);
  await expect(app.parseError).toHaveCount(0);
});

test("editing the program updates the result", async ({ app }) => {
  await app.open();
  await app.typeProgram("f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5");
  await expect(app.outputValue).toHaveText("11.65");
  expect(await app.exactOutput()).toBeCloseTo(11.6520714552231, 12);
});

test("a bad program shows a caret and keeps the last good value", async ({ app }) => {
  await app.open();
  await app.program.press("End");
  await app.program.pressSequentially(" + (");
  await expect(app.parseError).toContainText("expected");
  await expect(app.parseError).toContainText("^");
  await expect(app.outputValue).toHaveText("10");
  await expect(app.program).toHaveValue("f(x1, x2) = x1^2 + 2*x2; x1 = 2; x2 = 3 + (");
  await app.program.pressSequentially("1)");
  await expect(app.parseError).toHaveCount(0);
  await expect(app.outputValue).toHaveText("12");
});

test("works from a sub-path of a static host", async ({ app }) => {
  await app.open(SUBPATH_URL);
  await expect(app.outputValue).toHaveText("10");
});

test("screenshots at desktop and projector sizes", async ({ app }) => {
  await app.open();
  await app.screenshot("skeleton", 1280, 800);
  await app.screenshot("skeleton", 1024, 768);
  await app.program.press("End");
  await app.program.pressSequentially(" + (x1");
  await expect(app.parseError).toBeVisible();
  await app.screenshot("skeleton-error", 1024, 768);
});

test("shows the gradient from the core, with full precision in data-value", async ({ app }) => {
  await app.open();
  await app.press("last");
  await expect(app.gradientEntry("x1")).toHaveText("4");
  await expect(app.gradientEntry("x2")).toHaveText("2");
  await app.typeProgram("f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5");
  await app.press("last");
  await expect(app.gradientEntry("x1")).toHaveText("5.5");
  await expect(app.gradientEntry("x2")).toHaveText("1.716");
  expect(Number(await app.gradientEntry("x2").getAttribute("data-value"))).toBeCloseTo(1.71633781453677, 12);
});

test("program-level errors point at the name, and domain errors show NaN", async ({ app }) => {
  await app.open();
  await app.typeProgram("f(x) = sn(x); x = 1");
  await expect(app.parseError).toContainText("did you mean sin?");
  await app.typeProgram("x = -1; f = ln(x)");
  await expect(app.parseError).toHaveCount(0);
  await expect(app.outputValue).toHaveText("NaN");
  await expect(app.page.getByTestId("domain-issue")).toHaveText("ln of a negative number at f");
  await app.typeProgram("f(x, y) = 2x; x = 1; y = 2");
  await expect(app.page.getByTestId("warnings")).toContainText("input 'y' is listed but never used");
});
