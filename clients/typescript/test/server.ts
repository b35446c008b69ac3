// Starts the real `gongwen serve` (plaintext HTTP/2) on a free port with a
// fresh data directory, and mints bearer tokens with its development key.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { Code, ConnectError, createGongwenClients } from "../src/index.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
/** The server binary: GONGWEN_BIN, or the workspace's debug build. */
export const BINARY = process.env.GONGWEN_BIN ?? join(ROOT, "target", "debug", "gongwen");

export interface Server {
  baseUrl: string;
  dataDir: string;
  /** A bearer token for department:<id>, leader:<id>, office, ... */
  token(subject: string): string;
  /** SIGTERM, then its exit code (a signal's name if it was killed). */
  stop(): Promise<number | string>;
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

export async function startServer(rulebook = "jining", devClock = "2026-11-02T09:00:00+08:00"): Promise<Server> {
  if (!existsSync(BINARY)) {
    throw new Error(`${BINARY} is missing: build it with \`cargo build --workspace --bins\` (or set GONGWEN_BIN)`);
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "gongwen-ts-"));
  const baseUrl = `http://127.0.0.1:${port}`;
  // Only our flags configure it: no GONGWEN_* from the caller's environment.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("GONGWEN_")));
  const proc: ChildProcess = spawn(
    BINARY,
    ["serve", "--listen", `127.0.0.1:${port}`, "--data-dir", dataDir, "--rulebook", rulebook, "--dev-clock", devClock],
    { env: { ...env, RUST_LOG: "error" }, stdio: ["ignore", "inherit", "inherit"] },
  );
  let exited: string | undefined;
  const exit = new Promise<number | string>((ok) =>
    proc.on("exit", (code, signal) => {
      exited = `exited with ${code ?? signal}`;
      ok(code ?? signal ?? "unknown");
    }),
  );

  // Up when it answers a gRPC call: without credentials, UNAUTHENTICATED.
  const { intake } = createGongwenClients({ baseUrl });
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (exited) throw new Error(`gongwen serve ${exited} before answering`);
      try {
        await intake.list({}, { timeoutMs: 1000 });
        break;
      } catch (err) {
        const code = ConnectError.from(err).code;
        if (code !== Code.Unavailable && code !== Code.DeadlineExceeded && code !== Code.Unknown) break;
        if (Date.now() > deadline) throw new Error(`gongwen serve did not answer on ${baseUrl} within 60 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } catch (err) {
    proc.kill("SIGKILL");
    await exit;
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }

  const tokens = new Map<string, string>();
  return {
    baseUrl,
    dataDir,
    token(subject) {
      let t = tokens.get(subject);
      if (t === undefined) {
        t = execFileSync(BINARY, ["token", "issue", "--data-dir", dataDir, "--subject", subject], { encoding: "utf8" }).trim();
        tokens.set(subject, t);
      }
      return t;
    },
    async stop() {
      if (!exited) proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), 15_000);
      const status = await exit;
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
      return status;
    },
  };
}
