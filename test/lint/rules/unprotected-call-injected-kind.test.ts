import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * Plain JavaScript dependency injection through constructors: a controller module that imports nothing, handed its
 * service (`constructor(service) { this.service = service }`) by the entry (`new ParcelController(new ParcelService())`),
 * calls `this.service.track()`. The member says only what kind of object it is; the service's one class of that kind
 * (`…Service`) with a `track` method is what runs, and the request it makes is made while handling the route.
 */

const compose: Tree = { "docker-compose.yml": "services:\n  depot:\n    build: ./depot\n  counter:\n    build: ./counter\n    environment:\n      DEPOT_URL: http://depot:5100\n" };

const depot = service("depot", ["express"], {
  "src/index.js": `const app = require("express")();\napp.get("/v1/parcels/:id", (req, res) => res.json({}));\napp.listen(5100);\n`,
});

const counter = (serviceFiles: Tree): Tree =>
  service("counter", ["express", "axios"], {
    ...serviceFiles,
    "src/parcel-controller.js": `class ParcelController {\n  constructor(service) {\n    this.service = service;\n  }\n  async show(req, res) {\n    res.json(await this.service.track(req.params.id));\n  }\n}\nmodule.exports = ParcelController;\n`,
    "src/index.js": `const express = require("express");\nconst ParcelService = require("./parcel-service");\nconst ParcelController = require("./parcel-controller");\nconst parcels = new ParcelController(new ParcelService());\nconst app = express();\napp.get("/v1/parcels/:id", parcels.show.bind(parcels));\napp.listen(5000);\n`,
  });

const parcelService = (options = ""): Tree => ({
  "src/parcel-service.js": `const axios = require("axios");\nclass ParcelService {\n  async track(id) {\n    const { data } = await axios.get(\`\${process.env.DEPOT_URL}/v1/parcels/\${id}\`${options});\n    return data;\n  }\n}\nmodule.exports = ParcelService;\n`,
});

ruleTester("unprotected-call", {
  valid: [
    { name: "the injected service's call has a timeout", files: { ...compose, ...depot, ...counter(parcelService(", { timeout: 1500 }")) } },
    {
      name: "two classes of that kind with the method: which one runs is not known",
      files: {
        ...compose,
        ...depot,
        ...counter({ ...parcelService(), "src/audit-service.js": `const log = require("./log");\nclass AuditService {\n  async track(id) {\n    return log(id);\n  }\n}\nmodule.exports = AuditService;\n`, "src/log.js": "module.exports = (x) => x;\n" }),
      },
    },
  ],
  invalid: [
    {
      name: "a controller that imports nothing calls the service it is handed",
      files: { ...compose, ...depot, ...counter(parcelService()) },
      errors: [{ messageId: "noGuard", file: "counter/src/parcel-service.js", line: 4, data: { targetService: "depot" } }],
    },
  ],
});
