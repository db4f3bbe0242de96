import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * AdonisJS 5 code: controllers import Lucid models through the `App` alias (`App/Models/Parcel`, tsconfig paths), write
 * rows with the model's static methods (`Parcel.create`, `Parcel.updateOrCreate`), through its query builder
 * (`Parcel.query().where(…).update(…)`) or on a row they found (`const parcel = await Parcel.findOrFail(id); await
 * parcel.delete()`), then announce through a class of their own that publishes to the exchange an environment variable
 * names, with the routing key the caller passes in an object (`announce({ channel, key: "parcel.dropped", body })`).
 */

const ROUTES = "import Route from '@ioc:Adonis/Core/Route'\n\nRoute.post('/v1/parcels', 'ParcelsController.store')\nRoute.delete('/v1/parcels/:id', 'ParcelsController.destroy')\nRoute.patch('/v1/parcels/:id', 'ParcelsController.reroute')\n";
const MODEL = "import { BaseModel, column } from '@ioc:Adonis/Lucid/Orm'\n\nexport default class Parcel extends BaseModel {\n  @column({ isPrimary: true })\n  public id: number\n\n  @column()\n  public depot: string\n}\n";
const COURIER = [
  "const amqplib = require('amqplib')",
  "",
  "export default class Courier {",
  "  public async channel() {",
  "    const connection = await amqplib.connect(process.env.AMQP_URL)",
  "    return connection.createChannel()",
  "  }",
  "",
  "  public async announce({ channel, key, body }) {",
  "    await channel.publish(process.env.PARCEL_EXCHANGE, key, Buffer.from(body))",
  "  }",
  "}",
  "",
].join("\n");

/** The controller with `body` as the methods of its class. */
const controller = (body: string) =>
  `import type { HttpContextContract } from '@ioc:Adonis/Core/HttpContext'\nimport Parcel from 'App/Models/Parcel'\nimport Courier from 'App/Services/Courier'\n\nexport default class ParcelsController {\n${body}\n}\n`;

const announce = (key: string) => `    const courier = new Courier()\n    const channel = await courier.channel()\n    await courier.announce({ channel, key: '${key}', body: JSON.stringify({ id: params.id }) })`;

const store = `  public async store({ request, params }: HttpContextContract) {\n    await Parcel.create({ depot: request.input('depot') })\n${announce("parcel.stored")}\n  }`;
const destroy = `  public async destroy({ params }: HttpContextContract) {\n    const parcel = await Parcel.findOrFail(params.id)\n    await parcel.delete()\n${announce("parcel.dropped")}\n  }`;
const reroute = `  public async reroute({ request, params }: HttpContextContract) {\n    await Parcel.query().where('id', params.id).update({ depot: request.input('depot') })\n${announce("parcel.rerouted")}\n  }`;
const readOnly = `  public async reroute({ params }: HttpContextContract) {\n    await Parcel.query().where('id', params.id).first()\n${announce("parcel.viewed")}\n  }`;

function depot(methods: string): Tree {
  return {
    "docker-compose.yml": "services:\n  depot:\n    build: ./depot\n    environment:\n      PARCEL_EXCHANGE: parcels\n",
    ...service("depot", ["@adonisjs/core", "@adonisjs/lucid", "amqplib"], {
      "tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "App/*": ["./app/*"] } } }),
      "server.ts": "import 'reflect-metadata'\nimport { Ignitor } from '@adonisjs/core/build/standalone'\nnew Ignitor(__dirname).httpServer().start()\n",
      "start/routes.ts": ROUTES,
      "app/Models/Parcel.ts": MODEL,
      "app/Services/Courier.ts": COURIER,
      "app/Controllers/Http/ParcelsController.ts": controller(methods),
    }),
  };
}

const at = (topic: string) => ({ messageId: "dualWrite", file: "depot/app/Controllers/Http/ParcelsController.ts", data: { service: "depot", system: "amqp", topic } });

ruleTester("dual-write", {
  valid: [
    {
      name: "a query that only reads before the announcement, the row deleted by another route that announces nothing",
      files: depot(`${readOnly}\n  public async destroy({ params }: HttpContextContract) {\n    const parcel = await Parcel.findOrFail(params.id)\n    await parcel.delete()\n  }`),
    },
  ],
  invalid: [
    { name: "a row the model found deletes itself, then the courier announces", files: depot(destroy), errors: [at("parcels/parcel.dropped")] },
    { name: "the model's static create, then the announcement", files: depot(store), errors: [at("parcels/parcel.stored")] },
    { name: "the model's query builder updates, then the announcement", files: depot(reroute), errors: [at("parcels/parcel.rerouted")] },
  ],
});
