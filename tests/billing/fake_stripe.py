"""A fake Stripe API on 127.0.0.1 answering the endpoints billing.gateway calls with Stripe-shaped JSON.

localstripe (PyPI) implements customers and subscriptions but neither Checkout Sessions nor the
Billing Portal, which are what the gateway is for, so this small server answers the four endpoints
with objects shaped like Stripe's recorded responses. Every request is kept (method, path, form fields,
headers) so tests assert what the real client code sent. It also serves the "hosted" checkout and
portal pages, so a browser redirected there lands on a page.
"""

import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


@dataclass
class Recorded:
    method: str
    path: str
    form: dict[str, str]
    headers: dict[str, str]


@dataclass
class FakeStripe:
    server: ThreadingHTTPServer
    requests: list[Recorded] = field(default_factory=list)
    subscriptions: dict[str, dict] = field(default_factory=dict)
    returned_urls: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def calls(self, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.path == path]

    def add_subscription(self, customer: str, status: str = "active") -> str:
        sub_id = "sub_" + secrets.token_hex(12)
        self.subscriptions[sub_id] = {"id": sub_id, "object": "subscription", "customer": customer, "status": status}
        return sub_id

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def _error(status: int, message: str, code: str, param: str = "") -> tuple[int, dict]:
    return status, {"error": {"type": "invalid_request_error", "code": code, "message": message, "param": param,
                              "doc_url": f"https://stripe.com/docs/error-codes/{code.replace('_', '-')}"}}


def _customer(fake: FakeStripe, form: dict) -> tuple[int, dict]:
    return 200, {
        "id": _id("cus"), "object": "customer", "address": None, "balance": 0, "created": int(time.time()),
        "currency": None, "default_source": None, "delinquent": False, "description": None, "discount": None,
        "email": form.get("email"), "invoice_prefix": secrets.token_hex(4).upper(),
        "invoice_settings": {"custom_fields": None, "default_payment_method": None, "footer": None,
                             "rendering_options": None},
        "livemode": False, "metadata": _metadata(form), "name": None, "phone": None, "preferred_locales": [],
        "shipping": None, "tax_exempt": "none", "test_clock": None,
    }


def _checkout_session(fake: FakeStripe, form: dict) -> tuple[int, dict]:
    price = form.get("line_items[0][price]", "")
    if not price.startswith("price_") or price.endswith("_archived"):
        return _error(400, f"No such price: '{price}'", "resource_missing", "line_items[0][price]")
    session_id = _id("cs_test")
    url = f"{fake.base}/c/pay/{session_id}"
    fake.returned_urls.append(url)
    return 200, {
        "id": session_id, "object": "checkout.session", "after_expiration": None, "allow_promotion_codes": True,
        "amount_subtotal": None, "amount_total": None, "billing_address_collection": None,
        "cancel_url": form.get("cancel_url"), "client_reference_id": form.get("client_reference_id"),
        "created": int(time.time()), "currency": None, "customer": form.get("customer"), "customer_email": None,
        "expires_at": int(time.time()) + 86400, "invoice": None, "livemode": False, "locale": None,
        "metadata": _metadata(form), "mode": form.get("mode"), "payment_intent": None, "payment_status": "unpaid",
        "status": "open", "submit_type": None, "subscription": None, "success_url": form.get("success_url"),
        "ui_mode": "hosted", "url": url,
    }


def _portal_session(fake: FakeStripe, form: dict) -> tuple[int, dict]:
    if not form.get("customer", "").startswith("cus_"):
        return _error(400, f"No such customer: '{form.get('customer')}'", "resource_missing", "customer")
    url = f"{fake.base}/p/session/{_id('test')}"
    fake.returned_urls.append(url)
    return 200, {
        "id": _id("bps"), "object": "billing_portal.session", "configuration": _id("bpc"),
        "created": int(time.time()), "customer": form["customer"], "flow": None, "livemode": False, "locale": None,
        "on_behalf_of": None, "return_url": form.get("return_url"), "url": url,
    }


def _cancel(fake: FakeStripe, sub_id: str) -> tuple[int, dict]:
    subscription = fake.subscriptions.get(sub_id)
    if subscription is None:
        return _error(404, f"No such subscription: '{sub_id}'", "resource_missing", "id")
    subscription.update(status="canceled", canceled_at=int(time.time()), ended_at=int(time.time()))
    return 200, subscription


def _metadata(form: dict) -> dict:
    return {key[len("metadata["):-1]: value for key, value in form.items() if key.startswith("metadata[")}


def start() -> FakeStripe:
    fake: FakeStripe

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def _record(self) -> dict:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            form = dict(parse_qsl(body, keep_blank_values=True))
            fake.requests.append(Recorded(self.command, self.path, form, dict(self.headers)))
            return form

        def _json(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Request-Id", _id("req"))
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            form = self._record()
            if not self.headers.get("Authorization", "").startswith("Bearer sk_test_"):
                self._json(401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}})
                return
            routes = {"/v1/customers": _customer, "/v1/checkout/sessions": _checkout_session,
                      "/v1/billing_portal/sessions": _portal_session}
            route = routes.get(self.path)
            self._json(*(route(fake, form) if route else _error(404, "Unrecognized request URL", "url_invalid")))

        def do_DELETE(self) -> None:
            self._record()
            if self.path.startswith("/v1/subscriptions/"):
                self._json(*_cancel(fake, self.path.rsplit("/", 1)[1]))
            else:
                self._json(*_error(404, "Unrecognized request URL", "url_invalid"))

        def do_GET(self) -> None:
            title = "Stripe Checkout (test)" if self.path.startswith("/c/pay/") else "Stripe billing portal (test)"
            page = f"<!doctype html><title>{title}</title><h1>{title}</h1><p id='path'>{self.path}</p>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake = FakeStripe(server=server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake
