import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * Producer subclasses of a published package's base (`class ReviewPostedProducer extends BaseEventProducer<E> {}`, the
 * topic passed to the inherited `send(Topics.ReviewPosted, data)`), in services whose own code imports no broker client
 * (the package holds it): before, a diagnostic only; now a publish at each call, on a broker the scan cannot name, which
 * dual-write pairs with a write before it. (acc31b, the lead from oguz-yilmaz/twitter-clone-cqrs-microservices)
 */
function reviews(route: string): Tree {
  return {
    "docker-compose.yml": `services:\n  reviews:\n    build: ./reviews\n`,
    ...service("reviews", ["express", "mongoose", "@bookclub/events"], {
      "src/server.ts": `import express from "express";\nimport mongoose from "mongoose";\nimport { Topics } from "@bookclub/events";\nimport { Review } from "./models/review";\nimport { ReviewPostedProducer } from "./events/review-posted-producer";\nimport { reviewEdited } from "./events/review-edited-producer";\nconst app = express();\napp.use(express.json());\napp.post("/v1/reviews", async (req, res) => {\n${route}\n  res.status(201).end();\n});\napp.post("/v1/reviews/:id/flag", async (req, res) => {\n  await reviewEdited.send(Topics.ReviewEdited, { id: req.params.id });\n  res.status(202).end();\n});\nvoid mongoose.connect(process.env.MONGO_URI!);\napp.listen(3000);\n`,
      "src/models/review.ts": `import mongoose from "mongoose";\nexport const Review = mongoose.model("Review", new mongoose.Schema({ text: String }));\n`,
      "src/events/review-posted-producer.ts": `import { BaseEventProducer, ReviewPosted } from "@bookclub/events";\nexport class ReviewPostedProducer extends BaseEventProducer<ReviewPosted> {}\n`,
      "src/events/review-edited-producer.ts": `import { BaseEventProducer, ReviewEdited } from "@bookclub/events";\nclass ReviewEditedProducer extends BaseEventProducer<ReviewEdited> {}\nexport const reviewEdited = new ReviewEditedProducer();\n`,
    }),
  };
}

ruleTester("dual-write", {
  valid: [
    { name: "a route that only saves the review; the other only sends", files: reviews(`  await new Review(req.body).save();`) },
  ],
  invalid: [
    {
      name: "a route that saves, then sends through a fresh producer (the other route sends through an instance another module exports)",
      files: reviews(`  const review = await new Review(req.body).save();\n  await new ReviewPostedProducer().send(Topics.ReviewPosted, { id: review.id });`),
      errors: [{ messageId: "dualWrite", data: { service: "reviews", system: "unknown", topic: "{ReviewPostedProducer}" } }],
    },
  ],
});

describe("[U] publishes through a package's producer base", () => {
  it("are the service's: the diagnostic says the broker is not known, no longer that the dual writes are not checked", () => {
    const result = lintTree(reviews(`  await new ReviewPostedProducer().send(Topics.ReviewPosted, {});`), {});
    expect(result.model.topics.filter((t) => t.role === "produce").map((t) => `${t.system} ${t.topic}`).sort()).toEqual(["unknown {ReviewEditedProducer}", "unknown {ReviewPostedProducer}"]);
    expect(result.diagnostics.filter((d) => /publishes through BaseEventProducer/.test(d.message)).map((d) => d.message.slice(d.message.indexOf("on a broker")))).toEqual([
      "on a broker its own code does not name: its sends are taken as events (the dual writes around them are checked), but which broker carries them, and who receives them, is not known",
    ]);
  });
});
