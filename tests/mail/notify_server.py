"""A local HTTP server on 127.0.0.1 standing in for GOV.UK Notify's API: it checks each
call's JSON Web Token the way Notify does (HS256 signed with the key's secret, issued by the
service id, fresh ``iat``), records the calls and answers like Notify (201, or the statuses
a test asks for). The official client (notifications-python-client) talks to it over HTTP.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"reportsvc_test-{SERVICE_ID}-{SECRET}"


@dataclass
class Call:
    method: str
    path: str
    body: dict[str, Any]
    token_ok: bool


@dataclass
class NotifyServer:
    statuses: list[int] = field(default_factory=list)  # answered first, in order; then 201
    calls: list[Call] = field(default_factory=list)

    def __post_init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                token_ok = server.token_ok(self.headers.get("Authorization", ""))
                server.calls.append(Call("POST", self.path, body, token_ok))
                if not token_ok:
                    return self.answer(403, {"errors": [{"error": "AuthError"}]})
                if server.statuses:
                    status = server.statuses.pop(0)
                    return self.answer(status, {"errors": [{"error": f"Error {status}"}]})
                self.answer(
                    201,
                    {
                        "id": str(uuid.uuid4()),
                        "reference": body.get("reference"),
                        "content": {"subject": "", "body": "", "from_email": "x@notify"},
                        "template": {"id": body.get("template_id"), "version": 1, "uri": ""},
                    },
                )

            def answer(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def token_ok(self, header: str) -> bool:
        if not header.startswith("Bearer "):
            return False
        try:
            claims = jwt.decode(header[7:], SECRET, algorithms=["HS256"])
        except jwt.PyJWTError:
            return False
        return claims.get("iss") == SERVICE_ID and abs(time.time() - claims["iat"]) < 30

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
