import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * A repository whose deployment files run nothing it builds (its compose file, if any, starts only datastores): each
 * service is built from its own folder's Dockerfile. The folders beside the services found that build an image of their
 * own are services too: a worker package arch-lint knows no server of, a Java or .NET service, an nginx gateway.
 */

const express = (path: string) => `const express = require("express");\nconst app = express();\napp.get("${path}", (req, res) => res.json([]));\napp.listen(3000);\n`;

const shop: Tree = {
  "billing/package.json": { name: "billing", scripts: { start: "node src/index.js" }, dependencies: { express: "*" } },
  "billing/src/index.js": express("/v1/invoices"),
  "billing/Dockerfile": "FROM node:24-alpine\nCOPY . .\nCMD [\"node\", \"src/index.js\"]\n",
  "stock/package.json": { name: "stock", scripts: { start: "node src/index.js" }, dependencies: { express: "*" } },
  "stock/src/index.js": express("/v1/items"),
  "stock/Dockerfile": "FROM node:24-alpine\nCOPY . .\nCMD [\"node\", \"src/index.js\"]\n",
  // A worker that reads a queue with a client arch-lint has no consumer hook for.
  "mailer/package.json": { name: "mailer", scripts: { start: "node src/index.js" }, dependencies: { "some-queue-client": "*" } },
  "mailer/src/index.js": `const queue = require("some-queue-client");\nqueue.poll("mail", (job) => console.log(job));\n`,
  "mailer/Dockerfile": "FROM node:24-alpine\nCOPY . .\nCMD [\"npm\", \"start\"]\n",
  "accounts/pom.xml": "<project><artifactId>accounts</artifactId></project>\n",
  "accounts/src/main/java/App.java": "class App {}\n",
  "accounts/Dockerfile": "FROM eclipse-temurin:21\nCOPY target/app.jar /app.jar\nCMD [\"java\", \"-jar\", \"/app.jar\"]\n",
  "basket/Basket.csproj": "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n",
  "basket/Dockerfile": "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY out/ .\nENTRYPOINT [\"dotnet\", \"Basket.dll\"]\n",
  "edge/Dockerfile": "FROM nginx:1.27-alpine\nCOPY routes.conf /etc/nginx/conf.d/default.conf\n",
  "edge/routes.conf": "server {\n  listen 80;\n  location /v1/invoices/ { proxy_pass http://billing:3000; }\n}\n",
  "docker-compose.yml": "services:\n  db:\n    image: postgres:17\n",
};

const names = (tree: Tree) => lintTree(tree).model.services.map((s) => `${s.name}${s.language ? ` (${s.language})` : ""}`).sort();

describe("[U] services that only their own Dockerfile deploys (lead22)", () => {
  it("a worker package, a Java and a .NET folder and an nginx gateway beside the services are services", () => {
    expect(names(shop)).toEqual(["accounts (java)", "basket (dotnet)", "billing", "edge (nginx)", "mailer", "stock"]);
  });

  it("none without a Dockerfile of its own; an nginx that serves files without proxying is no gateway; a front end is none", () => {
    const { "mailer/Dockerfile": _mailer, "accounts/Dockerfile": _accounts, ...rest } = shop;
    expect(names({
      ...rest,
      "edge/routes.conf": "server {\n  listen 80;\n  root /usr/share/nginx/html;\n}\n",
      "web/package.json": { name: "web", scripts: { start: "vite", build: "vite build" }, dependencies: { react: "*", "react-dom": "*" }, devDependencies: { vite: "*" } },
      "web/src/main.jsx": "import React from 'react';\n",
      "web/Dockerfile": "FROM node:24-alpine\nRUN npm run build\nCMD [\"npm\", \"start\"]\n",
    })).toEqual(["basket (dotnet)", "billing", "stock"]);
  });

  it("with no Dockerfile either, a folder whose build file declares another language's web server is a service; one that declares none is not", () => {
    const { "mailer/Dockerfile": _mailer, "accounts/Dockerfile": _accounts, "basket/Dockerfile": _basket, "billing/Dockerfile": _billing, "stock/Dockerfile": _stock, ...rest } = shop;
    expect(names({
      ...rest,
      "rates/go.mod": "module example.com/rates\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n",
      "rates/main.go": "package main\n",
      "accounts/pom.xml": "<project><dependencies><dependency><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>\n",
      "reports/requirements.txt": "pandas==2.2\nmatplotlib\n",
      "reports/make_report.py": "import pandas\n",
      "cli/go.mod": "module example.com/cli\n\ngo 1.22\n\nrequire github.com/spf13/cobra v1.8.0\n",
    })).toEqual(["accounts (java)", "basket (dotnet)", "billing", "edge (nginx)", "rates (go)", "stock"]);
  });

  it("with no deployment file, a Go or Spring folder that works off a message broker is a service; a Go module another requires is a library", () => {
    const { "mailer/Dockerfile": _mailer, "accounts/Dockerfile": _accounts, "basket/Dockerfile": _basket, "billing/Dockerfile": _billing, "stock/Dockerfile": _stock, "edge/Dockerfile": _edge, ...rest } = shop;
    expect(names({
      ...rest,
      // Answers NATS requests only: no HTTP server in its go.mod.
      "ledger/go.mod": "module example.com/ledger\n\ngo 1.23\n\nrequire (\n\tgithub.com/nats-io/nats.go v1.37.0\n\tgithub.com/lib/pq v1.10.9\n)\n\nreplace example.com/events => ../events\n",
      "ledger/main.go": "package main\n",
      // Reads a Kafka topic with Spring.
      "accounts/pom.xml": "<project><dependencies><dependency><artifactId>spring-kafka</artifactId></dependency></dependencies></project>\n",
      // The ledger's shared message types: a library on the same client.
      "events/go.mod": "module example.com/events\n\ngo 1.23\n\nrequire github.com/nats-io/nats.go v1.37.0\n",
      "events/subjects.go": "package events\n",
    })).toEqual(["accounts (java)", "basket (dotnet)", "billing", "ledger (go)", "stock"]);
  });

  it("a compose file that builds the services is the deployment's word: folders it does not run stay out", () => {
    expect(names({ ...shop, "docker-compose.yml": "services:\n  billing:\n    build: ./billing\n  stock:\n    build: ./stock\n  db:\n    image: postgres:17\n" })).toEqual(["billing", "stock"]);
  });
});
