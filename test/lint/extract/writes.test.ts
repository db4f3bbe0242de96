import { describe, expect, it } from "vitest";
import { facts, lintTree, service } from "../helpers.js";

/** The writes the model lists for one file of a service with these dependencies, as `target library operation line`. */
function writesOf(code: string, deps: string[], extra: Record<string, string> = {}): string[] {
  const result = lintTree(service("services/orders", ["express", ...deps], { "src/server.ts": `import express from "express";\nconst app = express();\napp.listen(3000);\n`, "src/repo.ts": code, ...extra }));
  return (result.model.writes ?? []).filter((w) => w.location.file.endsWith("src/repo.ts")).map((w) => `${w.target ?? "?"} ${w.library} ${w.operation} ${w.location.line}`);
}

describe("writes (dual-write's half): what changes stored data, inside a function", () => {
  it("SQL texts that change rows, not reads, DDL or statements outside a function", () => {
    const code = `import { Pool } from "pg";\nconst pool = new Pool();\nvoid pool.query("CREATE TABLE IF NOT EXISTS orders (id text)");\nexport async function f(id: string) {\n  await pool.query("SELECT id FROM orders WHERE id = $1", [id]);\n  await pool.query("UPDATE orders SET paid = true WHERE id = $1", [id]);\n  await pool.query(\`DELETE FROM public.orders WHERE id = $1\`, [id]);\n  await pool.query("INSERT INTO order_lines (id) VALUES ($1)", [id]);\n}\n`;
    expect(writesOf(code, ["pg"])).toEqual(["orders sql UPDATE 6", "orders sql DELETE 7", "order_lines sql INSERT 8"]);
  });

  it("knex writes on a chain that names its table", () => {
    const code = `import knex from "knex";\nconst db = knex({ client: "pg" });\nexport async function f(row: { id: string }) {\n  await db("orders").insert(row);\n  await db("orders").where({ id: row.id }).update({ paid: true });\n  await db.insert(row).into("order_lines");\n  await db("orders").where({ id: row.id }).del();\n  await db("orders").select("id");\n}\n`;
    expect(writesOf(code, ["knex"])).toEqual(["orders knex insert 4", "orders knex update 5", "order_lines knex insert 6", "orders knex del 7"]);
  });

  it("Prisma model writes, also on a transaction's client", () => {
    const code = `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\nexport async function f(id: string) {\n  await prisma.order.create({ data: { id } });\n  await prisma.$transaction(async (tx) => {\n    await tx.orderLine.deleteMany({ where: { id } });\n  });\n  await prisma.order.findMany();\n}\n`;
    expect(writesOf(code, ["@prisma/client"])).toEqual(["order prisma create 4", "orderLine prisma deleteMany 6"]);
  });

  it("Prisma writes through a NestJS PrismaService member, and a client generated to a custom output", () => {
    // A Nest service keeps the client as `prismaService` or `prismaClient`; a schema with `output = ".prisma/client/billing"`
    // is imported from there instead of @prisma/client. A member named otherwise in a file with no Prisma import stays unread.
    const code = `import { Prisma } from ".prisma/client/billing";\nexport class Invoices {\n  constructor(private readonly prismaService: any, private readonly prismaClient: any, private readonly db: any) {}\n  async issue(data: Prisma.InvoiceCreateInput) {\n    await this.prismaService.invoice.create({ data });\n    await this.prismaClient.invoiceLine.createMany({ data: [] });\n    await this.db.ledger.update({ where: {}, data: {} });\n    await this.prismaService.invoice.findMany();\n  }\n}\n`;
    expect(writesOf(code, ["@prisma/client"])).toEqual(["invoice prisma create 5", "invoiceLine prisma createMany 6", "ledger prisma update 7"]);
    const elsewhere = `export class Invoices {\n  constructor(private readonly store: any) {}\n  async issue() {\n    await this.store.invoice.create({ data: {} });\n  }\n}\n`;
    expect(writesOf(elsewhere, ["@prisma/client"])).toEqual([]);
  });

  it("TypeORM repository and manager writes in a file that uses TypeORM", () => {
    const code = `import { Repository, DataSource } from "typeorm";\nexport class Orders {\n  constructor(private readonly orderRepository: Repository<unknown>, private readonly dataSource: DataSource) {}\n  async place(order: object) {\n    await this.orderRepository.save(order);\n    await this.dataSource.manager.insert("order_lines", order);\n    await this.orderRepository.find();\n  }\n}\n`;
    expect(writesOf(code, ["typeorm"])).toEqual(["orderRepository typeorm save 5", "manager typeorm insert 6"]);
  });

  it("TypeORM repositories a class declares by type or injection, whatever the member is called", () => {
    const code = `import { Repository } from "typeorm";\nimport { InjectRepository } from "@nestjs/typeorm";\nexport class Shelves {\n  constructor(\n    @InjectRepository(Shelf) private shelfStore: Repository<Shelf>,\n    @InjectRepository(Book)\n    private readonly books,\n  ) {}\n  private labels: typeorm.Repository<Label>;\n  async stock(shelf: Shelf) {\n    await this.shelfStore.save(shelf);\n    await this.books.insert(shelf.books);\n    await this.labels.delete({ shelf: shelf.id });\n    await this.shelfStore.find();\n    await this.cache.save(shelf);\n  }\n}\n`;
    expect(writesOf(code, ["typeorm", "@nestjs/typeorm"])).toEqual(["shelfStore typeorm save 11", "books typeorm insert 12", "labels typeorm delete 13"]);
  });

  it("mongoose and MongoDB driver writes, a model imported from a models module", () => {
    const code = `import { Order } from "./models/order";\nexport async function f(body: object, db: { collection(name: string): any }) {\n  await Order.create(body);\n  await new Order(body).save();\n  await Order.findByIdAndUpdate("1", body);\n  await db.collection("audit").insertOne(body);\n}\n`;
    expect(writesOf(code, [], { "src/models/order.ts": `export const Order: any = {};\n` })).toEqual(["Order model create 3", "Order model save 4", "Order mongodb findByIdAndUpdate 5", "? mongodb insertOne 6"]);
  });

  it("a model imported from a module named model (`./model.js`, one file holding a small service's models)", () => {
    const code = `import { Post } from "./model.js";\nexport async function f(body: object) {\n  await Post.create(body);\n}\n`;
    expect(writesOf(code, [], { "src/model.js": `export const Post = {};\n` })).toEqual(["Post model create 3"]);
  });

  it("a model named in lower case, imported from a models module (`const { orderModel } = require(\"../model/order\")`)", () => {
    const code = `const { orderModel } = require("../model/order");\nexports.place = async (row) => {\n  await orderModel.create(row);\n};\n`;
    expect(writesOf(code, [], { "model/order.js": `exports.orderModel = {};\n` })).toEqual(["orderModel model create 3"]);
  });

  it("a lower-case model that is a model file's whole export (`import ticketModel from \"../models/ticket.model\"`)", () => {
    // The file is named as one model's, and the code calls what it exports a model: its create() makes a document.
    const code = `import ticketModel from "../models/ticket.model";\nexport async function open(row: object) {\n  await ticketModel.create(row);\n}\n`;
    expect(writesOf(code, [], { "models/ticket.model.ts": `export default {};\n` })).toEqual(["ticketModel model create 3"]);
    // The same name from a file not named as a model's stays unread.
    const helpers = `import ticketModel from "../lib/tickets";\nexport async function open(row: object) {\n  await ticketModel.create(row);\n}\n`;
    expect(writesOf(helpers, [], { "lib/tickets.ts": `export default {};\n` })).toEqual([]);
  });

  it("a lower-case `…Model` default import in a file that uses mongoose itself (`import parcelModel from \"@/models/parcel\"`) (acc27a)", () => {
    // Written for this test: the file imports mongoose for its ObjectId and error types; the name says model.
    const tsconfig = JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@/*": ["src/*"] } } });
    const model = { "src/models/parcel.ts": `import mongoose from "mongoose";\nexport default mongoose.model("parcels", new mongoose.Schema({}));\n`, "tsconfig.json": tsconfig };
    const code = `import parcelModel from "@/models/parcel";\nimport mongoose from "mongoose";\nexport async function ship(row: object) {\n  const made = await parcelModel.create(row);\n  if (!mongoose.isValidObjectId(made.id)) throw new Error("bad id");\n}\n`;
    expect(writesOf(code, ["mongoose"], model)).toEqual(["parcelModel mongoose create 4"]);
    // Without mongoose in the file, the lower-case default export may still be a module of functions: unread.
    const plain = `import parcelModel from "@/models/parcel";\nexport async function ship(row: object) {\n  await parcelModel.create(row);\n}\n`;
    expect(writesOf(plain, ["mongoose"], model)).toEqual([]);
  });

  it("a model imported through a path alias (`@/models/invoice` with tsconfig paths): a found row's save() writes", () => {
    // The alias names the project's own models folder as surely as `../models/invoice` does; an npm package's
    // `models` subpath (no alias prefix) is still no model of this project.
    const code = `import { Invoice } from "@/models/invoice";\nexport async function settle(id: string) {\n  const invoice = await Invoice.findById(id);\n  invoice.set({ paid: true });\n  await invoice.save();\n  await Invoice.create({ id });\n}\n`;
    const tsconfig = JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@/*": ["src/*"] } } });
    expect(writesOf(code, [], { "src/models/invoice.ts": `export const Invoice: any = {};\n`, "tsconfig.json": tsconfig })).toEqual(["Invoice model save 5", "Invoice model create 6"]);
    const vendor = `import { Invoice } from "billing-sdk/models";\nexport async function settle(id: string) {\n  await Invoice.create({ id });\n}\n`;
    expect(writesOf(vendor, [])).toEqual([]);
  });

  it("a model behind an alias of its own folder (`@model/ticket.model`, `@models/seat`): a document's save() in a repository that imports no ORM (acc31b)", () => {
    // tsconfig `"@model/*": ["src/models/*"]`: a repository class built on a base class of a package saves what that base
    // makes (`super.create(row).save()`), and imports only the model. An npm scope with a plain module name is no model.
    const tsconfig = JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@model/*": ["src/models/*"], "@models/*": ["src/models/*"] } } });
    const models = { "src/models/ticket.model.ts": `export const Ticket: any = {};\n`, "src/models/seat.ts": `export const Seat: any = {};\n`, "tsconfig.json": tsconfig };
    const code = `import { BaseStore } from "@venue/kit";\nimport { Ticket } from "@model/ticket.model";\nexport class Tickets extends BaseStore {\n  open(row: object) {\n    return super.make(row).save();\n  }\n}\n`;
    expect(writesOf(code, [], models)).toEqual(["? model save 5"]);
    const seats = `import { Seat } from "@models/seat";\nexport async function hold(id: string) {\n  const seat = await Seat.findById(id);\n  await seat.save();\n}\n`;
    expect(writesOf(seats, [], models)).toEqual(["Seat model save 4"]);
    // A repository of the project handed the row (`this.seatRepo.save(seat)`) is followed to what it writes, not a write here.
    const handed = `import { Seat } from "@models/seat";\nexport class Holds {\n  constructor(private readonly seatRepo: { save(s: object): Promise<void> }) {}\n  async hold(seat: object) {\n    await this.seatRepo.save(seat);\n  }\n}\n`;
    expect(writesOf(handed, [], models)).toEqual([]);
    const vendor = `import { Receipt } from "@vendor/receipts";\nexport async function keep(r: { save(): Promise<void> }) {\n  await r.save();\n}\n`;
    expect(writesOf(vendor, [])).toEqual([]);
  });

  it("a model of a models folder under an alias of the source root (`@app/models/Message`): a new document's save() (twenty-seventh session)", () => {
    // tsconfig `"@app/*": ["app/*"]`: the service imports its models as `@app/models/<Name>`; the file imports no ORM.
    const tsconfig = JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@app/*": ["app/*"] } } });
    const models = { "app/models/Note.ts": `export default {} as any;\n`, "tsconfig.json": tsconfig };
    const code = `import Note from "@app/models/Note";\nexport async function keep(data: object) {\n  const note = new Note(data);\n  return (await note.save()).toJSON();\n}\n`;
    expect(writesOf(code, [], models)).toEqual(["Note model save 4"]);
    // A scoped package's module that is no models folder is not one.
    const vendor = `import Note from "@acme/notes/Note";\nexport async function keep(data: object) {\n  const note = new Note(data);\n  await note.save();\n}\n`;
    expect(writesOf(vendor, [])).toEqual([]);
  });

  it("a document a repository of the project hands back saves itself (`const seat = await this.seatRepository.getById(id); await seat.save()`) (acc31b)", () => {
    // The repository hides the ORM: the file imports neither mongoose nor a model. What other objects fetch, and a
    // repository's own save(row) (an argument: a TypeORM-like call, read elsewhere), are not this.
    const code = `import { SeatRepository } from "./seat.repository";\nexport class Seats {\n  private readonly seatRepository = SeatRepository.instance;\n  private readonly cache: any;\n  async hold(id: string) {\n    const seat = await this.seatRepository.getById(id);\n    seat.held = true;\n    await seat.save();\n  }\n  async release(id: string, seatRepo: any) {\n    const seat = await seatRepo.findOne({ id });\n    await seat.save();\n    const cached = await this.cache.getById(id);\n    await cached.save();\n  }\n}\n`;
    expect(writesOf(code, [], { "src/seat.repository.ts": `export class SeatRepository {\n  static instance = new SeatRepository();\n}\n` })).toEqual(["? model save 8", "? model save 12"]);
  });

  it("not a write: the whole models module in lower case, which may be a module of functions (its create writes a file)", () => {
    const code = `const orderModel = require("./models/orderModel");\nexports.place = async (row) => {\n  await orderModel.create(row);\n};\n`;
    expect(writesOf(code, [], { "src/models/orderModel.js": `exports.create = async () => {};\n` })).toEqual([]);
  });

  it("sequelize-cli's models index (db.orders.create) and save() of a document whose model the file imports", () => {
    const code = `const db = require("../models");\nimport { User } from "../models/user";\nexport async function f(row: object) {\n  await db.orders.create(row);\n  await db.orders.update(row, { where: {} });\n  const user = User.build(row);\n  await user.save();\n}\n`;
    expect(writesOf(code, [], { "models/index.js": `module.exports = {};\n`, "models/user.ts": `export const User: any = {};\n` })).toEqual(["orders model create 4", "orders model update 5", "? model save 7"]);
  });

  it("a repository-named binding imported from the project's data-source module writes; one from a repositories module is the project's own code, followed by the call graph (acc26b)", () => {
    const code = `import { shelfRepo } from "../db/source";\nimport { loanRepository } from "./repositories/loan.repository";\nexport async function f(row: object) {\n  await shelfRepo.save(row);\n  await loanRepository.update(row);\n}\n`;
    expect(writesOf(code, [], { "db/source.ts": `export const shelfRepo: any = {};\n`, "src/repositories/loan.repository.ts": `export const loanRepository = { update: async (_row: object) => undefined };\n` })).toEqual(["shelfRepo typeorm save 4"]);
  });

  it("a row found through sequelize-cli's models index saves itself (`const row = await db.users.findByPk(id); row.save()`), in a file that imports no ORM (acc26b)", () => {
    const code = `const db = require("../models");\nconst tidy = require("./tidy");\nexports.rename = async (id, name) => {\n  const member = await db.members.findByPk(id);\n  member.name = name;\n  await member.save();\n  const note = tidy.findOne(id);\n  note.save();\n};\n`;
    expect(writesOf(code, [], { "models/index.js": `module.exports = {};\n`, "src/tidy.js": `exports.findOne = () => ({ save() {} });\n` })).toEqual(["members model save 6"]);
  });

  it("a Sequelize model instance's own writes, where the code declares the instance's class: a parameter's or a local's type", () => {
    const code = `import { Booking } from "./models/booking.model";\nexport const change = (row: Booking, patch: Partial<Booking>) => row.update(patch);\nexport async function cancel(id: string) {\n  const row: Booking = await Booking.findByPk(id);\n  await row.destroy();\n}\nexport async function touch(row: { update(x: object): void }, map: Map<string, number>, other: Receipt) {\n  row.update({});\n  map.delete("x");\n  other.update({});\n}\nclass Receipt {\n  update(_: object) {}\n}\n`;
    expect(writesOf(code, ["sequelize"], { "src/models/booking.model.ts": `import { Model } from "sequelize";\nexport class Booking extends Model {}\n` })).toEqual(["Booking model update 2", "Booking model destroy 5"]);
  });

  it("a mongoose document that deletes itself, found or made by its model (remove() before mongoose 7, deleteOne() since)", () => {
    const code = `import Coupon from "../models/Coupon";\nexport async function retire(id: string, other: { remove(): void }) {\n  const coupon = await Coupon.findById(id);\n  await coupon.remove();\n  const draft = new Coupon({});\n  await draft.deleteOne();\n  other.remove();\n  const list = [1];\n  list.remove?.();\n}\n`;
    expect(writesOf(code, [], { "src/models/Coupon.ts": `import mongoose from "mongoose";\nexport default mongoose.model("Coupon", new mongoose.Schema({}));\n` })).toEqual(["Coupon model remove 4", "Coupon model deleteOne 6"]);
  });

  it("not writes: a domain factory, a hash update, a save of a file that uses no ORM", () => {
    const code = `import { createHash } from "node:crypto";\nimport { Order } from "./domain/order";\nexport function f(body: { id: string }, draft: { save(): void }) {\n  const order = Order.create(body);\n  createHash("sha256").update(body.id).digest("hex");\n  draft.save();\n  return order;\n}\n`;
    expect(writesOf(code, [], { "src/domain/order.ts": `export class Order { static create(x: unknown) { return new Order(); } }\n` })).toEqual([]);
  });
});

describe("writes: the forms the library gives away by names, imports and types", () => {
  it("knex chains that name their table with table() or from(): the root's name says knex, else the file's import must", () => {
    const writesIn = (code: string) => (facts(code).writes ?? []).map((w) => `${w.target} ${w.library} ${w.operation} ${w.location.line}`);
    const code = `export async function f(trx: any, database: any, store: any, id: string) {\n  await trx.table("orders").where({ id }).update({ paid: true });\n  await database.from("order_lines").where({ id }).del();\n  await store.table("carts").where({ id }).update({ paid: true });\n}\n`;
    expect(writesIn(code)).toEqual(["orders knex update 2", "order_lines knex del 3"]);
    expect(writesIn(`import knex from "knex";\n${code}`)).toEqual(["orders knex update 3", "order_lines knex del 4", "carts knex update 5"]);
  });

  it("knex called with the table (db(\"audit\"), this.knex(\"orders\")) by a name that says knex, in a file that does not import it", () => {
    const writesIn = (code: string) => (facts(code).writes ?? []).map((w) => `${w.target} ${w.library} ${w.operation} ${w.location.line}`);
    const code = `export class Orders {\n  constructor(private knex: any) {}\n  async place(db: any, store: any, row: object) {\n    await this.knex("orders").insert(row);\n    await db("audit").insert(row);\n    await store("carts").insert(row);\n    await this.store("carts").insert(row);\n  }\n}\n`;
    expect(writesIn(code)).toEqual(["orders knex insert 4", "audit knex insert 5"]);
  });

  it("knex's insert(row).into(table): the chain's root says knex, else the file's import must", () => {
    const writesIn = (code: string) => (facts(code).writes ?? []).map((w) => `${w.target} ${w.library} ${w.operation} ${w.location.line}`);
    const code = `export async function f(db: any, store: any, row: object) {\n  await db.insert(row).into("orders");\n  await store.insert(row).into("carts");\n}\n`;
    expect(writesIn(code)).toEqual(["orders knex insert 2"]);
    expect(writesIn(`import knex from "knex";\n${code}`)).toEqual(["orders knex insert 3", "carts knex insert 4"]);
  });

  it("a model's write in a file that uses Sequelize is Sequelize's", () => {
    const code = `import { Model } from "sequelize";\nimport { Order } from "./order";\nexport async function f(row: object) {\n  await Order.create(row);\n}\n`;
    expect(writesOf(code, ["sequelize"], { "src/order.ts": `export class Order {}\n` })).toEqual(["Order sequelize create 4"]);
  });

  it("save() with at most one argument is a document's write in a Sequelize file; another method or more arguments is not", () => {
    const writesIn = (code: string) => (facts(code).writes ?? []).map((w) => `${w.target ?? "?"} ${w.library} ${w.operation} ${w.location.line}`);
    const code = `import { Model } from "sequelize";\nexport async function f(settings: any, order: any, values: object, t: unknown) {\n  await settings.update(values);\n  await order.save();\n  await order.save({ validate: false });\n  await order.save(values, { transaction: t });\n}\n`;
    expect(writesIn(code)).toEqual(["? sequelize save 4", "? sequelize save 5"]);
    expect(writesIn(`import mongoose from "mongoose";\nexport async function f(doc: any) {\n  await doc.save();\n}\n`)).toEqual(["? mongoose save 3"]);
  });

  it("a member typed Repository<...> alone, or injected alone, is a TypeORM repository; a Repository<...> type of the project's own in a file without TypeORM is not", () => {
    const typed = `import { Repository } from "typeorm";\nexport class Shelves {\n  constructor(private shelfStore: Repository<Shelf>) {}\n  async stock(shelf: Shelf) {\n    await this.shelfStore.save(shelf);\n  }\n}\n`;
    expect(writesOf(typed, ["typeorm"])).toEqual(["shelfStore typeorm save 5"]);
    const injected = `import { InjectRepository } from "@nestjs/typeorm";\nexport class Shelves {\n  constructor(@InjectRepository(Shelf) private readonly books) {}\n  async stock(shelf: Shelf) {\n    await this.books.insert(shelf);\n  }\n}\n`;
    expect(writesOf(injected, ["@nestjs/typeorm"])).toEqual(["books typeorm insert 5"]);
    const own = `import type { Repository } from "./repository";\nexport class Shelves {\n  constructor(private shelfStore: Repository<Shelf>) {}\n  async stock(shelf: Shelf) {\n    await this.shelfStore.save(shelf);\n  }\n}\n`;
    expect(writesOf(own, [], { "src/repository.ts": `export interface Repository<T> { save(x: T): Promise<void> }\n` })).toEqual([]);
  });

  it("query builders' chains say a write by their shape, with no import in the file: Drizzle's insert/update/delete and Kysely's", () => {
    const writesIn = (code: string) => (facts(code).writes ?? []).map((w) => `${w.target} ${w.library} ${w.operation} ${w.location.line}`);
    // A handler that imports `db` and the tables from modules of its own, as Drizzle's guides lay them out.
    const drizzle = `import { db } from "./db";\nimport { tables } from "./schema";\nexport async function place(id: string) {\n  await db.insert(tables.parcels).values({ id });\n  await db.update(tables.parcels).set({ sent: true }).where(byId(id));\n  await db.delete(couriers).where(byId(id));\n  await db.select().from(couriers).where(byId(id));\n}\n`;
    expect(writesIn(drizzle)).toEqual(["parcels drizzle insert 4", "parcels drizzle update 5", "couriers drizzle delete 6"]);
    const kysely = `export async function keep(db: any, id: string) {\n  await db.insertInto("parcels").values({ id }).execute();\n  await db.updateTable("parcels as p").set({ sent: true }).where("id", "=", id).execute();\n  await db.deleteFrom("couriers").where("id", "=", id).execute();\n}\n`;
    expect(writesIn(kysely)).toEqual(["parcels kysely insert 2", "parcels kysely update 3", "couriers kysely delete 4"]);
    // Look-alikes: a Map's set after a call, a hash's update, values() of an iterable, a string table for Drizzle's shape.
    const others = `export function f(cache: any, hash: any, rows: any, db: any) {\n  cache.get("a").set("k", 1);\n  hash.update(buf).digest("hex");\n  rows.filter(ok).values();\n  db.insert("parcels").values({ id: 1 });\n  make().update(cfg).set();\n}\n`;
    expect(writesIn(others)).toEqual([]);
  });
});
