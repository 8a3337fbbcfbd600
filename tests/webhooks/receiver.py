"""A webhook receiver written independently of the product: it checks each delivery's
X-AIO-Signature (sha256=<hex HMAC-SHA256 of the raw body with the shared secret>) and keeps
the verified ones; GET /log returns them as JSON. A bad or missing signature gets 401.

Usage: /usr/bin/python3 tests/webhooks/receiver.py SECRET   (prints "listening on PORT")
"""
import hashlib
import hmac
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = sys.argv[1].encode()
RECEIVED = []


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        expected = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        given = self.headers.get("X-AIO-Signature", "")
        if not hmac.compare_digest(expected, given):
            self.send_response(401)
            self.end_headers()
            return
        RECEIVED.append({
            "verified": True,
            "path": self.path,
            "delivery": self.headers.get("X-AIO-Delivery"),
            "body": json.loads(body),
        })
        self.send_response(204)
        self.end_headers()

    def do_GET(self):
        data = json.dumps(RECEIVED).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", 0), Handler)
print(f"listening on {server.server_address[1]}", flush=True)
server.serve_forever()
