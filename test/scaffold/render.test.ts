import { describe, expect, it } from "vitest";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { FailureError, UsageError } from "../../src/shared/errors.js";
import { renderPath, renderTemplate, type RenderContext } from "../../src/scaffold/render.js";
import type { TemplateSpec } from "../../src/scaffold/template-spec.js";
import { makeTemplate, writeTemplate, type FixtureFile } from "./template-fixture.js";
import { loadTemplateSpec } from "../../src/scaffold/template-spec.js";

const context: RenderContext = { name: "orders-service", description: "The orders service", template: { name: "small", version: "1.2.3" } };

const render = (files: Record<string, FixtureFile>, ctx: RenderContext = context) => renderTemplate(makeTemplate(files), ctx);

/** The FailureError renderTemplate throws. */
function failure(run: () => unknown): FailureError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FailureError);
    expect((error as Error).message).not.toContain("\n");
    return error as FailureError;
  }
  throw new Error("expected a FailureError");
}

describe("renderTemplate: contents", () => {
  it("renders .hbs files and drops the suffix", () => {
    const tree = render({ "README.md.hbs": "# {{name}}\n\n{{description}}\n", "src/index.ts.hbs": "export const name = {{json name}};\n" });
    expect(tree.paths()).toEqual(["README.md", "src/index.ts"]);
    expect(tree.readText("README.md")).toBe("# orders-service\n\nThe orders service\n");
    expect(tree.readText("src/index.ts")).toBe('export const name = "orders-service";\n');
  });

  it("copies other files byte for byte, {{ included", () => {
    const bytes = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from("{{name}} {{#if x}}\r\n")]);
    const tree = render({ "assets/blob.bin": bytes, "notes.md": "{{name}} stays as is\n" });
    expect(tree.read("assets/blob.bin")).toEqual(bytes);
    expect(tree.readText("notes.md")).toBe("{{name}} stays as is\n");
  });

  it("keeps the executable bit: any x bit becomes 0o755, none 0o644", () => {
    const tree = render({
      "bin/run.sh.hbs": { content: "#!/bin/sh\necho {{name}}\n", mode: 0o755 },
      "bin/owner-only": { content: "x", mode: 0o700 },
      "plain.txt": { content: "x", mode: 0o644 },
      "private.txt": { content: "x", mode: 0o600 },
    });
    expect(Object.fromEntries(tree.entries().map(([path, file]) => [path, file.mode]))).toEqual({
      "bin/owner-only": 0o755,
      "bin/run.sh": 0o755,
      "plain.txt": 0o644,
      "private.txt": 0o644,
    });
    expect(tree.readText("bin/run.sh")).toBe("#!/bin/sh\necho orders-service\n");
  });

  it("does not HTML-escape", () => {
    const tree = render({ "a.txt.hbs": "{{description}}" }, { ...context, description: `Tom & Jerry's <"service">` });
    expect(tree.readText("a.txt")).toBe(`Tom & Jerry's <"service">`);
  });

  it("offers the case helpers", () => {
    const tree = render({ "a.txt.hbs": "{{kebab name}} {{camel name}} {{pascal name}} {{snake name}} {{constant name}} {{kebab \"HTTPServer\"}}" });
    expect(tree.readText("a.txt")).toBe("orders-service ordersService OrdersService orders_service ORDERS_SERVICE http-server");
  });

  it("json emits a JSON literal, so quotes and backslashes cannot break out", () => {
    const tree = render(
      { "a.ts.hbs": "const d = {{json description}};\nconst n = {{json port}};\nconst l = {{json topics}};\n" },
      { ...context, description: 'say "hi" \\ </script>', port: 3000, topics: ["a", "b"] },
    );
    expect(tree.readText("a.ts")).toBe('const d = "say \\"hi\\" \\\\ </script>";\nconst n = 3000;\nconst l = ["a","b"];\n');
    const line = tree.readText("a.ts")!.split("\n")[0]!;
    expect(JSON.parse(line.slice("const d = ".length, -1))).toBe('say "hi" \\ </script>');
  });

  it("offers eq and includes", () => {
    const tree = render(
      { "a.txt.hbs": "{{#if (eq database \"postgres\")}}pg{{else}}other{{/if}} {{#if (includes topics \"b\")}}has-b{{/if}}{{#if (includes topics \"z\")}}has-z{{/if}}" },
      { ...context, database: "postgres", topics: ["a", "b"] },
    );
    expect(tree.readText("a.txt")).toBe("pg has-b");
    expect(render({ "a.txt.hbs": "{{#if (eq database \"postgres\")}}pg{{else}}other{{/if}}" }, { ...context, database: "mysql" }).readText("a.txt")).toBe("other");
  });

  it("offers portFor: the port a service of that name takes by default", () => {
    const tree = render({ ".env.hbs": "PORT={{port}}\n{{#each calls}}{{constant this}}_URL=http://localhost:{{portFor this}}\n{{/each}}" }, { ...context, port: 25387, calls: ["inventory", "payment-gateway"] });
    expect(tree.readText(".env")).toBe("PORT=25387\nINVENTORY_URL=http://localhost:23394\nPAYMENT_GATEWAY_URL=http://localhost:21398\n");
  });

  it("sees template.name and template.version", () => {
    expect(render({ "a.txt.hbs": "{{template.name}}@{{template.version}}" }).readText("a.txt")).toBe("small@1.2.3");
  });
});

describe("renderTemplate: strict mode", () => {
  it("a missing variable names the template file and the variable", () => {
    const error = failure(() => render({ "src/a.ts.hbs": "ok\nconst x = {{nmae}};\n" }));
    expect(error.message).toBe('template file src/a.ts.hbs: "nmae" not defined - 2:12');
  });

  it("a missing nested variable names the missing key", () => {
    const error = failure(() => render({ "a.txt.hbs": "{{template.nme}}" }));
    expect(error.message).toBe('template file a.txt.hbs: "nme" not defined - 1:2');
  });

  it.each(["kebab", "camel", "pascal", "snake", "constant", "json", "portFor"])("a missing variable given to %s is an error, not \"undefined\"", (helper) => {
    const error = failure(() => render({ "a.txt.hbs": `x {{${helper} nmae}}` }));
    expect(error.message).toBe(`template file a.txt.hbs: "nmae" not defined (passed to ${helper}) - 1:2`);
  });

  it("a missing variable given to eq or includes is an error, not false", () => {
    expect(failure(() => render({ "a.txt.hbs": '{{#if (eq databse "pg")}}x{{/if}}' })).message).toBe(
      'template file a.txt.hbs: "databse" not defined (passed to eq) - 1:6',
    );
    expect(failure(() => render({ "a.txt.hbs": '{{#if (includes topcs "a")}}x{{/if}}' })).message).toBe(
      'template file a.txt.hbs: "topcs" not defined (passed to includes) - 1:6',
    );
  });

  it("a Handlebars syntax error is one line naming the file", () => {
    const error = failure(() => render({ "a.txt.hbs": "{{#if name}}\nopen" }));
    expect(error.message).toMatch(/^template file a\.txt\.hbs: Parse error on line 2: .*Expecting .*got 'EOF'$/);
  });

  it("falsy values are defined: false, 0 and \"\" render", () => {
    const tree = render({ "a.txt.hbs": "[{{flag}}|{{count}}|{{empty}}|{{pascal empty}}]" }, { ...context, flag: false, count: 0, empty: "" });
    expect(tree.readText("a.txt")).toBe("[false|0||]");
  });
});

describe("renderTemplate: paths", () => {
  it("fills __key__ and __key@case__ in folder and file names", () => {
    const tree = render({
      "src/__name__/__name@pascal__.ts.hbs": "export class {{pascal name}} {}\n",
      "__name@snake__/__name@constant__.txt": "x",
      "__name@camel__.__name@kebab__.md": "y",
    });
    expect(tree.paths()).toEqual(["ordersService.orders-service.md", "orders_service/ORDERS_SERVICE.txt", "src/orders-service/OrdersService.ts"]);
    expect(tree.readText("src/orders-service/OrdersService.ts")).toBe("export class OrdersService {}\n");
  });

  it("renames _gitignore and _npmrc, in any folder", () => {
    const tree = render({ "_gitignore": "node_modules/\n", "_npmrc": "engine-strict=true\n", "sub/_gitignore": "dist/\n" });
    expect(tree.paths()).toEqual([".gitignore", ".npmrc", "sub/.gitignore"]);
    expect(tree.readText(".gitignore")).toBe("node_modules/\n");
  });

  it("renames after dropping .hbs, and applies renames from template.yaml", () => {
    const spec = makeTemplate(
      { "_gitignore.hbs": "{{name}}\n", "_dockerignore": "x" },
      "name: t\nversion: 1.0.0\nrename:\n  _dockerignore: .dockerignore\n",
    );
    const tree = renderTemplate(spec, context);
    expect(tree.paths()).toEqual([".dockerignore", ".gitignore"]);
    expect(tree.readText(".gitignore")).toBe("orders-service\n");
  });

  it("refuses two template files that render to the same path", () => {
    expect(failure(() => render({ "README.md": "static", "README.md.hbs": "{{name}}" })).message).toBe(
      "template file README.md.hbs: renders to README.md, as README.md does; remove one of them",
    );
    expect(failure(() => render({ ".gitignore": "a", "_gitignore": "b" })).message).toBe(
      "template file _gitignore: renders to .gitignore, as .gitignore does; remove one of them",
    );
    expect(failure(() => render({ "orders-service.txt": "a", "__name__.txt": "b" })).message).toBe(
      "template file orders-service.txt: renders to orders-service.txt, as __name__.txt does; remove one of them",
    );
  });

  it("refuses a path placeholder that is not a text option", () => {
    expect(failure(() => render({ "__nope__/a.txt": "x" })).message).toBe('template path __nope__/a.txt: "nope" is not a text option of this template');
    expect(failure(() => render({ "__flag__.txt": "x" }, { ...context, flag: true })).message).toBe(
      'template path __flag__.txt: "flag" is not a text option of this template',
    );
  });

  it("refuses an unknown case in a path", () => {
    expect(failure(() => render({ "__name@upper__.txt": "x" })).message).toBe(
      'template path __name@upper__.txt: unknown case "upper" (use kebab, camel, pascal, snake, constant)',
    );
  });

  it("refuses a value that would make a bad path segment", () => {
    expect(failure(() => render({ "__description__.txt": "x" }, { ...context, description: "a/b" })).message).toBe(
      'template path __description__.txt: renders to the invalid name "a/b.txt"',
    );
    expect(failure(() => render({ "__description__/x.txt": "x" }, { ...context, description: ".." })).message).toBe(
      'template path __description__/x.txt: renders to the invalid name ".."',
    );
    expect(failure(() => render({ "__description__/x.txt": "x" }, { ...context, description: "." })).message).toBe(
      'template path __description__/x.txt: renders to the invalid name "."',
    );
    expect(failure(() => render({ "__description__.hbs": "x" }, { ...context, description: "" })).message).toBe(
      'template path __description__.hbs: renders to the invalid name ""',
    );
  });

  it("renderPath fills numbers too", () => {
    expect(renderPath("port-__port__.txt.hbs", {}, { port: 8080 })).toBe("port-8080.txt");
    expect(renderPath("a.hbs/b.hbs", {}, {})).toBe("a.hbs/b");
  });
});

describe("renderTemplate: when and per-item files", () => {
  const spec = `name: t
version: 1.0.0
options:
  withDocker:
    type: boolean
    description: docker
  topics:
    type: list
    description: topics
when:
  "Dockerfile*": withDocker
  "docs/no-docker.md": "!withDocker"
  "src/topics/**": topics
  "src/messaging/**": withDocker|topics
  "docs/offline.md": "!withDocker|topics"
`;

  it("drops files whose option is not set, and keeps the !option ones", () => {
    const files = { "Dockerfile.hbs": "FROM node", "docs/no-docker.md": "none", "src/topics/__topics[]__.ts.hbs": "{{item}}", "a.txt": "a" };
    const off = renderTemplate(makeTemplate(files, spec), { ...context, withDocker: false, topics: [] });
    expect(off.paths()).toEqual(["a.txt", "docs/no-docker.md"]);
    const on = renderTemplate(makeTemplate(files, spec), { ...context, withDocker: true, topics: ["orders"] });
    expect(on.paths()).toEqual(["Dockerfile", "a.txt", "src/topics/orders.ts"]);
  });

  it("keeps an a|b file when any of its options is set, and a !a|b file only when none is", () => {
    const files = { "src/messaging/bus.ts": "bus", "docs/offline.md": "offline" };
    const paths = (withDocker: boolean, topics: string[]) => renderTemplate(makeTemplate(files, spec), { ...context, withDocker, topics }).paths();
    expect(paths(false, [])).toEqual(["docs/offline.md"]);
    expect(paths(true, [])).toEqual(["src/messaging/bus.ts"]);
    expect(paths(false, ["orders"])).toEqual(["src/messaging/bus.ts"]);
    expect(paths(true, ["orders"])).toEqual(["src/messaging/bus.ts"]);
  });

  it("offers {{#if (or a b)}} for a block that any of several options turns on", () => {
    const files = { "a.txt.hbs": "{{#if (or withDocker topics)}}on{{else}}off{{/if}}" };
    const text = (withDocker: boolean, topics: string[]) => renderTemplate(makeTemplate(files, spec), { ...context, withDocker, topics }).readText("a.txt");
    expect([text(false, []), text(true, []), text(false, ["x"])]).toEqual(["off", "on", "on"]);
  });

  it("writes a __list[]__ file once per item, with {{item}}", () => {
    const tree = renderTemplate(
      makeTemplate({ "handlers/__topics[]@pascal__Handler.ts.hbs": "export const topic = {{json item}}; // {{name}}\n" }, spec),
      { ...context, withDocker: false, topics: ["order-created", "order-paid"] },
    );
    expect(tree.paths()).toEqual(["handlers/OrderCreatedHandler.ts", "handlers/OrderPaidHandler.ts"]);
    expect(tree.readText("handlers/OrderPaidHandler.ts")).toBe('export const topic = "order-paid"; // orders-service\n');
  });

  it("a list item whose file the template writes itself is the user's clash, said with its flag (exit 2)", () => {
    const files = { "src/__topics[]__.ts.hbs": "{{item}}", "src/index.ts": "index" };
    const run = (topics: string[]) => () => renderTemplate(makeTemplate(files, spec), { ...context, withDocker: false, topics });
    for (const topics of [["index"], ["a", "index"]]) {
      let error: unknown;
      try {
        run(topics)();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toBe("--topics index: its file would be src/index.ts, but the template writes that file itself; choose another name for index");
    }
    // The same when the template's own file comes first ("I" sorts before "_").
    expect(() => renderTemplate(makeTemplate({ "src/Index.ts": "i", "src/__topics[]__.ts.hbs": "{{item}}" }, spec), { ...context, withDocker: false, topics: ["Index"] })).toThrow(
      new UsageError("--topics Index: its file would be src/Index.ts, but the template writes that file itself; choose another name for Index"),
    );
  });

  it("two list items that give one file name both, with their flags", () => {
    const specText = `name: t\nversion: 1.0.0\noptions:\n  topics:\n    type: list\n    description: topics\n  workQueues:\n    type: list\n    description: queues\n`;
    const files = { "src/__topics[]__.ts.hbs": "{{item}}", "src/__workQueues[]__.ts.hbs": "{{item}}" };
    let error: unknown;
    try {
      renderTemplate(makeTemplate(files, specText), { ...context, topics: ["billing"], workQueues: ["billing"] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe("--work-queues billing: its file would be src/billing.ts, but --topics billing gives it too; choose another name for billing");
  });

  it("a when glob covers dot files too", () => {
    const dotSpec = `name: t\nversion: 1.0.0\noptions:\n  withDocker:\n    type: boolean\n    description: docker\nwhen:\n  "docker/**": withDocker\n`;
    const paths = (withDocker: boolean) => renderTemplate(makeTemplate({ "docker/.dockerignore": "x", "a.txt": "a" }, dotSpec), { ...context, withDocker }).paths();
    expect(paths(false)).toEqual(["a.txt"]);
    expect(paths(true)).toEqual(["a.txt", "docker/.dockerignore"]);
  });

  it("a text option is set when it is not empty", () => {
    const textSpec = `name: t\nversion: 1.0.0\noptions:\n  owner:\n    type: string\n    description: owner\nwhen:\n  "OWNERS": owner\n`;
    const paths = (owner: string) => renderTemplate(makeTemplate({ OWNERS: "x", "a.txt": "a" }, textSpec), { ...context, owner }).paths();
    expect(paths("")).toEqual(["a.txt"]);
    expect(paths("team-a")).toEqual(["OWNERS", "a.txt"]);
  });

  it("refuses __key[]__ on an option that is not a list", () => {
    expect(failure(() => render({ "__name[]__.txt": "x" })).message).toBe('template path __name[]__.txt: "name" is not a list option of this template');
  });
});

describe("renderTemplate: what a template may hold", () => {
  it("refuses a symlink", () => {
    const dir = writeTemplate({ "a.txt": "a" });
    symlinkSync("a.txt", join(dir, "files", "link.txt"));
    expect(failure(() => renderTemplate(loadTemplateSpec(dir), context)).message).toBe(
      "template file link.txt: only regular files and folders are allowed in a template (found a link or device)",
    );
  });

  it("refuses a symlinked folder", () => {
    const dir = writeTemplate({ "real/a.txt": "a" });
    symlinkSync("real", join(dir, "files", "alias"));
    expect(failure(() => renderTemplate(loadTemplateSpec(dir), context)).message).toBe(
      "template file alias: only regular files and folders are allowed in a template (found a link or device)",
    );
  });

  it("refuses an empty template, also one with only empty folders", () => {
    const empty: TemplateSpec = makeTemplate({});
    expect(failure(() => renderTemplate(empty, context)).message).toBe(
      `template small has no files under ${join(empty.dir, "files")}; is this the right template folder?`,
    );
    mkdirSync(join(empty.dir, "files", "src", "deep"), { recursive: true });
    expect(() => renderTemplate(empty, context)).toThrow(FailureError);
  });

  it("lists files in a stable order and renders the same bytes twice", () => {
    const spec = makeTemplate({ "b.txt.hbs": "{{name}}", "a/c.txt": "c", "a.txt": "a" });
    const first = renderTemplate(spec, context);
    const second = renderTemplate(spec, context);
    expect(first.entries()).toEqual(second.entries());
    expect(first.paths()).toEqual(["a.txt", "a/c.txt", "b.txt"]);
  });
});
