import { afterEach, describe, expect, it, vi } from "vitest";
import { hostEnv } from "./host-env.js";

describe("[U] hostEnv: what an npm install of a generated service gets from the host", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("keeps npm's network settings that the npm running the tests read from the machine's npmrc (a CA file), and no other npm_*", () => {
    vi.stubEnv("npm_config_cafile", "/etc/ssl/certs/corporate.pem");
    vi.stubEnv("npm_config_https_proxy", "http://proxy.internal:3128");
    vi.stubEnv("npm_config_prefix", "/usr");
    vi.stubEnv("npm_lifecycle_event", "test");
    const env = hostEnv();
    expect(env.npm_config_cafile).toBe("/etc/ssl/certs/corporate.pem");
    expect(env.npm_config_https_proxy).toBe("http://proxy.internal:3128");
    expect(env.npm_config_prefix).toBeUndefined();
    expect(env.npm_lifecycle_event).toBeUndefined();
  });

  it("leaves out a setting npm handed on empty, which would override the user's own npmrc", () => {
    vi.stubEnv("npm_config_noproxy", "");
    vi.stubEnv("npm_config_cafile", "");
    const env = hostEnv();
    expect("npm_config_noproxy" in env).toBe(false);
    expect("npm_config_cafile" in env).toBe(false);
  });
});
