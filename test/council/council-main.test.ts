/** The council service's configuration: COUNCIL_* variables parsed by src/config.ts. */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { councilServiceConfig } from "../../src/council/council-main.ts";

const BOT = "bot:submitter:7f3a9c2e51d04b86aa";
const THUKY = "thuky:staff:0c1d2e3f4a5b6c7d8e:with-colon";

describe("council service configuration", () => {
  it("applies the defaults and parses the clients (a token may contain ':')", () => {
    expect(councilServiceConfig(loadConfig({ COUNCIL_CLIENTS: `${BOT}, ${THUKY}` }))).toEqual({
      databaseUrl: "file:./data/tdkt.db",
      host: "127.0.0.1",
      port: 3100,
      clients: [
        { id: "bot", role: "submitter", token: "7f3a9c2e51d04b86aa" },
        { id: "thuky", role: "staff", token: "0c1d2e3f4a5b6c7d8e:with-colon" },
      ],
      logLevel: "info",
    });
  });

  it("reads the database, host and port", () => {
    const config = councilServiceConfig(loadConfig({ COUNCIL_CLIENTS: BOT, DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/tdkt", COUNCIL_HOST: "0.0.0.0", COUNCIL_PORT: "8080" }));
    expect(config).toMatchObject({ databaseUrl: "postgresql://postgres@127.0.0.1:5432/tdkt", host: "0.0.0.0", port: 8080 });
  });

  it("fails loudly without clients, with a bad role, a short token, or a duplicate, naming the variable but never the token", () => {
    expect(() => councilServiceConfig(loadConfig({}))).toThrow(/COUNCIL_CLIENTS/);
    expect(() => loadConfig({ COUNCIL_CLIENTS: "bot:admin:7f3a9c2e51d04b86aa" })).toThrow(/COUNCIL_CLIENTS.*role/);
    let message = "";
    try {
      loadConfig({ COUNCIL_CLIENTS: "bot:submitter:short-secret" });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/COUNCIL_CLIENTS.*16/);
    expect(message).not.toContain("short-secret");
    expect(() => loadConfig({ COUNCIL_CLIENTS: `${BOT},bot:staff:0123456789abcdef0` })).toThrow(/ids must be unique/);
    expect(() => loadConfig({ COUNCIL_CLIENTS: BOT, COUNCIL_PORT: "70000" })).toThrow(/COUNCIL_PORT/);
  });

  it("requires the bot's token when it is pointed at another council system", () => {
    expect(() => loadConfig({ COUNCIL_API_URL: "https://hoidong.example.gov.vn/tdkt" })).toThrow(/COUNCIL_API_TOKEN/);
    const c = loadConfig({ COUNCIL_API_URL: "https://hoidong.example.gov.vn/tdkt/", COUNCIL_API_TOKEN: "a-token-of-sixteen+" });
    expect(c.council).toMatchObject({ apiUrl: "https://hoidong.example.gov.vn/tdkt", apiToken: "a-token-of-sixteen+" });
  });
});
