import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { runArchLint } from "../../helpers/arch-lint-in-process.js";
import { requireChromium } from "../../helpers/chromium.js";
import type { SkippableContext } from "../../helpers/servers.js";
import { tempDir } from "../../helpers/temp.js";
import { writeTree } from "../helpers.js";

/**
 * `arch-lint --format html` in a real browser: Chromium (Debian's package) driven by playwright-core.
 * The page is opened from a file:// URL as a user would; every request it makes is recorded and any
 * that is not file: or data: is refused and fails the test, as does any console error. Screenshots go
 * to reports/html-report/ (gitignored), kept as the run's artifacts.
 */

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const SHOP = join(ROOT, "test/fixtures/lint/shop");
const ARTIFACTS = join(ROOT, "reports/html-report");

let browser: Browser | undefined;

afterAll(async () => {
  await browser?.close();
});

interface Opened {
  page: Page;
  /** Requests to anything but file: and data: URLs. */
  outside: string[];
  consoleErrors: string[];
}

async function open(ctx: SkippableContext, report: string, colorScheme: "light" | "dark" = "light"): Promise<Opened> {
  const executablePath = requireChromium(ctx);
  browser ??= await chromium.launch({ executablePath, chromiumSandbox: false, args: ["--disable-gpu", "--no-first-run"] });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, colorScheme });
  const outside: string[] = [];
  const consoleErrors: string[] = [];
  const local = (url: string) => url.startsWith("file:") || url.startsWith("data:");
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (local(url)) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("request", (request) => {
    if (!local(request.url())) outside.push(request.url());
  });
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") consoleErrors.push(`${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => consoleErrors.push(`pageerror: ${error.message}`));
  await page.goto(pathToFileURL(report).href);
  return { page, outside, consoleErrors };
}

async function report(cwd: string, args: string[] = []): Promise<string> {
  const file = join(tempDir("arch-lint-html-"), "arch-lint.html");
  const run = await runArchLint([".", ...args, "--format", "html", "--output", file], cwd);
  expect(run.stderr).toContain("wrote the html report");
  return file;
}

/** The Graphviz name (its <title>) of each highlighted node and edge. */
async function highlighted(page: Page): Promise<string[]> {
  return (await page.locator("#graph svg .hl > title").allTextContents()).sort();
}

describe("[E] the HTML report in Chromium", { timeout: 120_000 }, () => {
  it("shop fixture: the picture, a finding's highlight, a node's findings, filters, keyboard, dark scheme; nothing fetched, no console error", async (ctx) => {
    const file = await report(SHOP);
    const { page, outside, consoleErrors } = await open(ctx, file);

    // The picture: 3 services, 2 datastores, 1 topic; 2 calls, 3 connections, 1 publish (legend aside).
    expect(await page.locator("#graph svg g.node:not(.legend)").count()).toBe(6);
    expect(await page.locator("#graph svg g.edge:not(.legend)").count()).toBe(6);
    expect(await page.locator("#graph svg g.node.service:not(.legend) > title").allTextContents()).toEqual(expect.arrayContaining(["service:orders", "service:users", "service:billing"]));
    expect(await page.locator("#finding-list > li").count()).toBe(4);
    expect(await page.locator("#finding-count").textContent()).toBe("4 of 4 findings shown");

    // The first Tab stop skips the picture's nodes: Enter on it, then Tab, reaches the first filter.
    await page.keyboard.press("Tab");
    expect(await page.evaluate<string>("document.activeElement.textContent")).toBe("Skip the picture's nodes: to the findings");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    expect(await page.evaluate<string>("document.activeElement.id")).toBe("filter-rule");

    // A finding: its nodes and edges are highlighted, the rest dimmed; its evidence shows code.
    await page.getByRole("button", { name: /connect to the same datastore/ }).click();
    expect(await highlighted(page)).toEqual([
      "datastore:postgres://db:5432/shop",
      "service:orders",
      "service:orders->datastore:postgres://db:5432/shop",
      "service:users",
      "service:users->datastore:postgres://db:5432/shop",
    ]);
    expect(await page.locator("#graph svg").getAttribute("class")).toContain("focus");
    const body = page.locator(".finding.selected .finding-body");
    await expect.poll(() => body.isVisible()).toBe(true);
    expect(await body.locator("pre.code span.at").allTextContents()).toEqual([
      expect.stringMatching(/^3export const pool = new Pool\(\{ connectionString: process\.env\.DATABASE_URL \}\);$/),
      expect.stringMatching(/^5const sql = postgres\(process\.env\.DATABASE_URL!\);$/),
    ]);
    await page.screenshot({ path: join(ARTIFACTS, "shop-light.png"), fullPage: true });

    // Another finding moves the highlight.
    await page.getByRole("button", { name: /waits on a chain/ }).click();
    expect(await highlighted(page)).toEqual(["service:billing", "service:orders", "service:orders->service:users", "service:users", "service:users->service:billing"]);

    // A node lists its findings; one of them, clicked, is selected in the list.
    await page.locator("#graph svg g.node", { has: page.locator("title", { hasText: /^service:billing$/ }) }).click();
    const listed = page.locator("#node-panel .node-findings button");
    expect(await page.locator("#node-panel h3").textContent()).toBe("billing");
    expect(await listed.allTextContents()).toEqual([expect.stringMatching(/^sync-call-chain: GET \/v1\/orders\/:id in orders waits on a chain of 2/)]);
    await listed.first().click();
    expect(await page.locator(".finding.selected .rule").textContent()).toBe("sync-call-chain");

    // Keyboard: Tab reaches the picture's nodes, Enter lists a node's findings, Escape clears the highlight.
    await page.keyboard.press("Escape");
    expect(await highlighted(page)).toEqual([]);
    await page.locator("#zoom-reset").focus();
    let focused = "";
    for (let i = 0; i < 12 && !focused.startsWith("service"); i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate<string>('document.activeElement?.getAttribute("aria-label") ?? ""');
    }
    expect(focused).toMatch(/^service \w+, \d findings?$/);
    await page.keyboard.press("Enter");
    expect(await page.locator("#node-panel h3").textContent()).toBe(focused.split(" ")[1]!.replace(",", ""));

    // Filters: severity, rule and service.
    await page.selectOption("#filter-severity", "error");
    expect(await page.locator("#finding-count").textContent()).toBe("3 of 4 findings shown");
    await page.selectOption("#filter-rule", "shared-database");
    expect(await page.locator("#finding-count").textContent()).toBe("2 of 4 findings shown");
    await page.selectOption("#filter-severity", "");
    await page.selectOption("#filter-rule", "");
    await page.selectOption("#filter-service", "billing");
    expect(await page.locator("#finding-list > li:not([hidden]) .rule").allTextContents()).toEqual(["sync-call-chain"]);

    expect(outside).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.context().close();

    // The dark scheme: dark background, light text, the picture's text too.
    const dark = await open(ctx, file, "dark");
    // Run in the page (a string: this project's TypeScript has no DOM types).
    const colours = await dark.page.evaluate<{ body: string; text: string; node: string }>(`({
      body: getComputedStyle(document.body).backgroundColor,
      text: getComputedStyle(document.body).color,
      node: getComputedStyle(document.querySelector("#graph svg g.node.service text")).fill,
    })`);
    expect(colours.body).toBe("rgb(13, 17, 23)");
    expect(colours.text).toBe("rgb(230, 237, 243)");
    expect(colours.node).not.toBe("rgb(0, 0, 0)");
    await dark.page.getByRole("button", { name: /waits on a chain/ }).click();
    await dark.page.screenshot({ path: join(ARTIFACTS, "shop-dark.png"), fullPage: true });
    expect(dark.outside).toEqual([]);
    expect(dark.consoleErrors).toEqual([]);
    await dark.page.context().close();
  });

  it("text from the scanned code (a folder, a route, a URL, a topic, a comment) stays text: nothing runs, nothing is fetched", async (ctx) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const repo = tempDir("arch-lint-html-evil-");
    const folder = "services/<img src=x onerror=window.__pwned=1>";
    writeTree(repo, {
      "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n    environment:\n      EVIL_URL: http://evil:3000\n  evil:\n    build: "./${folder}"\n`,
      "services/orders/package.json": { name: "orders", main: "src/server.ts", dependencies: { express: "*", kafkajs: "*" } },
      "services/orders/src/server.ts": [
        'import express from "express";',
        'import { Kafka } from "kafkajs";',
        "const app = express();",
        'const producer = new Kafka({ brokers: ["kafka:9092"] }).producer();',
        "// </script><script>window.__pwned = 2</script>",
        'app.get("/<img src=x onerror=window.__pwned=3>", async (_req, res) => {',
        "  const r = await fetch(`${process.env.EVIL_URL}/v1/</script><svg onload=window.__pwned=4>`);",
        '  await producer.send({ topic: "</title></svg><img src=x onerror=window.__pwned=5>", messages: [] });',
        "  res.json(await r.json());",
        "});",
        "app.listen(3000);",
        "",
      ].join("\n"),
      [`${folder}/package.json`]: { name: "evil", main: "src/server.ts", dependencies: { express: "*" } },
      [`${folder}/src/server.ts`]: 'import express from "express";\nconst app = express();\napp.get("/v1/</script><svg onload=window.__pwned=6>", (_req, res) => res.json({}));\napp.listen(3000);\n',
    });
    const file = await report(repo);
    const { page, outside, consoleErrors } = await open(ctx, file);
    for (const finding of await page.locator(".finding-head").all()) await finding.click();
    await page.locator("#graph svg g.node", { has: page.locator("title", { hasText: /^service:orders$/ }) }).click();
    expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("#graph svg svg, body > svg").count()).toBe(0);
    // The hostile text is shown as text.
    expect(await page.locator(".finding-head .message").allTextContents()).toContain("GET /<img src=x onerror=window.__pwned=3> in orders has no version segment; serve it under a version such as /v1/<img src=x onerror=window.__pwned=3>");
    expect(await page.locator("#graph svg g.node.topic text").first().textContent()).toContain("</title></svg><img src=x onerror=window.__pwned=5>");
    expect(await page.locator("pre.code").allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining("// </script><script>window.__pwned = 2</script>")]));
    await page.screenshot({ path: join(ARTIFACTS, "hostile.png"), fullPage: true });
    expect(outside).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });
});
