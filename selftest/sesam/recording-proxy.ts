// A pass-through HTTP proxy that records every request (method and URL) it forwards: lets a test see exactly what
// the reference sync asked a tenant, e.g. whether a listing was filtered by last change.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordingProxy {
  url: string;
  requests: { method: string; url: URL }[];
  close(): Promise<void>;
}

export async function recordingProxy(target: string): Promise<RecordingProxy> {
  const requests: RecordingProxy["requests"] = [];
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? "GET", url: new URL(req.url ?? "/", target) });
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
