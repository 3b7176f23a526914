"""`agentbench view RUN [RUN2 ...] [--port 0]`: serve the HTML report on 127.0.0.1 only (port 0 = pick a
free one), print the URL, and serve until interrupted. The page is the same self-contained report;
the server exists so a remote shell user can open it through an SSH tunnel."""

from __future__ import annotations

import argparse
import http.server
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("runs", nargs="+", type=Path, help="run directories (the first is the reference)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default 0: any free port)")


def make_server(page: bytes, port: int = 0) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            if self.path.split("?")[0] not in ("/", "/report.html"):
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args: object) -> None:  # quiet: the URL is all we print
            return

    return http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)


def run(args: argparse.Namespace) -> int:
    from agentbench.report.command import render

    server = make_server(render(args.runs, "html").encode("utf-8"), args.port)
    host, port = server.server_address[:2]
    print(f"http://{host}:{port}/   (serving {', '.join(map(str, args.runs))} on loopback; Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        server.server_close()
    return 0
