import { connect } from "node:net";

/**
 * One command to a real Redis over its wire protocol (RESP), for tests that look at what a service
 * stored there without a client library: `await redisCommand(url, "DBSIZE")` gives 3. The answer of
 * a simple reply, an integer or a bulk string; an error reply rejects.
 */
export async function redisCommand(url: string, ...args: string[]): Promise<string | number | null> {
  const { hostname, port } = new URL(url);
  const request = `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join("")}`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let buffer = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`Redis at ${url} did not answer ${args[0]} within 5 s`));
    }, 5_000);
    const done = (outcome: () => void): void => {
      clearTimeout(timer);
      socket.end();
      outcome();
    };
    socket.on("error", (error) => done(() => reject(error)));
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      const end = buffer.indexOf("\r\n");
      if (end < 0) return;
      const [kind, head] = [buffer[0], buffer.slice(1, end)];
      if (kind === "+") return done(() => resolve(head));
      if (kind === "-") return done(() => reject(new Error(`Redis ${args[0]}: ${head}`)));
      if (kind === ":") return done(() => resolve(Number(head)));
      if (kind === "$") {
        const length = Number(head);
        if (length < 0) return done(() => resolve(null));
        if (Buffer.byteLength(buffer) < end + 2 + length + 2) return; // the rest is on its way
        return done(() => resolve(buffer.slice(end + 2, end + 2 + length)));
      }
      done(() => reject(new Error(`Redis ${args[0]}: a reply of kind '${kind}' this helper does not read`)));
    });
    socket.write(request);
  });
}
