import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const bin = (name: string) => fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url));

/**
 * Runs a tool from node_modules/.bin with this terminal, and resolves its exit code. SIGINT reaches the child
 * from the terminal itself; SIGTERM sent to us is passed on, so the child can clean up before it ends.
 */
export function runTool(name: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin(name), args, { stdio: "inherit", env });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = () => undefined; // the child got it too; wait for it to finish its teardown
    const onTerm = forward("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve(code ?? (signal ? 128 + (signal === "SIGINT" ? 2 : 15) : 1));
    });
  });
}
