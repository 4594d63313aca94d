#!/usr/bin/python3
"""A Lambda Runtime API for bench/lambda-init-bench.sh: answers the function's first invocation/next with one
scheduled event (EventBridge's shape, {"pipeline": PIPELINE}) and then holds every later poll open. It prints,
as one JSON line, the milliseconds since the epoch of the first poll (the end of the function's init) and of the
answer to the event (the end of the first invocation), then exits.

Usage: lambda_runtime_api.py PORT PIPELINE (only the standard library; every answer has a Content-Type, without
which the runtime interface client's native HTTP client crashes)
"""
import json, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = "/2018-06-01/runtime"
marks = {}
done = threading.Event()


class RuntimeApi(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path != PREFIX + "/invocation/next":
            return self.answer(404, {"errorMessage": "no such path"})
        if "init_done_ms" in marks:
            done.wait()
            time.sleep(3600)
        marks["init_done_ms"] = int(time.time() * 1000)
        event = {"version": "0", "id": "bench", "detail-type": "Scheduled Event", "source": "aws.events",
                 "account": "123456789012", "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                 "region": "eu-west-2", "resources": [], "detail": {}, "pipeline": sys.argv[2]}
        self.answer(200, event, [("Lambda-Runtime-Aws-Request-Id", "bench-1"),
                                 ("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 900_000)),
                                 ("Lambda-Runtime-Invoked-Function-Arn",
                                  "arn:aws:lambda:eu-west-2:123456789012:function:greenhouse")])

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode(errors="replace")
        if self.path.endswith("/response") or self.path.endswith("/error"):
            marks["invocation_done_ms"] = int(time.time() * 1000)
            marks["invocation_error"] = self.path.endswith("/error")
            marks["answer"] = body[:300]
        elif self.path.endswith("/init/error"):
            marks["init_error"] = body[:300]
        self.answer(202, {"status": "OK"})
        done.set()


server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), RuntimeApi)
server.daemon_threads = True
threading.Thread(target=server.serve_forever, daemon=True).start()
done.wait()
print(json.dumps(marks), flush=True)
