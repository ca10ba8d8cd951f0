#!/usr/bin/env python3
"""Manual smoke check of the email channel against a running `make dev` (not part of `make test`).

Sends mail to the demo mailbox over SMTP and checks the outcome through the API and GET /local/outbox:
  (a) a new mail from alice becomes a ticket she sees, acknowledged with "[DEMO-n]" and Auto-Submitted: auto-replied;
  (b) a reply threaded only by In-Reply-To (the acknowledgement's Message-ID) adds email_received, quote trimmed;
  (c) an agent's public comment is mailed to alice, threaded (In-Reply-To her last message);
  (d) the same mail sent twice (from bob) makes one ticket and one `duplicate` in the mail log;
  (e) an auto-reply is `rejected`: no ticket, no acknowledgement.
Prints PASS/FAIL per step; exits 1 if any failed. Python standard library only. Every run uses fresh Message-IDs
and subjects, so it can be repeated against the same data (alice gets at most 5 acknowledgements an hour, and each
run uses one).

Usage (tokens as printed by `make dev`):
  python3 scripts/smoke-email.py --api http://127.0.0.1:8080 --smtp-port 2525 \\
      --client-token "$ALICE_TOKEN" --agent-token "$AGENT_TOKEN"
or with the environment: PORTAL_API, SMTP_PORT, CLIENT_TOKEN, AGENT_TOKEN (and MAILBOX, SMTP_HOST).
"""
import argparse
import json
import os
import smtplib
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

WAIT_SECONDS = 60  # generous: the local pollers long-poll moto, on a busy machine this takes a few seconds


class Smoke:
    def __init__(self, api, smtp_host, smtp_port, mailbox, client_token, agent_token):
        self.api = api.rstrip("/")
        self.smtp_host = smtp_host
        self.smtp_port = smtp_port
        self.mailbox = mailbox
        self.client_token = client_token
        self.agent_token = agent_token
        self.run = uuid.uuid4().hex[:8]

    # --- plumbing -------------------------------------------------------------------------------------------------
    def http(self, method, path, token=None, body=None):
        headers = {"Accept": "application/json"}
        data = None
        if token:
            headers["Authorization"] = "Bearer " + token
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.api + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as res:
                return res.status, json.loads(res.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    def get(self, path, token=None):
        status, body = self.http("GET", path, token)
        if status != 200:
            raise AssertionError(f"GET {path}: {status} {body}")
        return body

    def send(self, sender, raw):
        with smtplib.SMTP(self.smtp_host, self.smtp_port, timeout=30) as s:
            s.sendmail(sender, [self.mailbox], raw.replace("\n", "\r\n").encode())

    def message(self, sender, subject, message_id, body, *headers):
        lines = [f"From: {sender}", f"To: {self.mailbox}", f"Subject: {subject}", f"Message-ID: <{message_id}>",
                 "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8", *headers, "", body]
        return "\n".join(lines)

    def mid(self, step):
        return f"smoke-{self.run}-{step}@globex.example"

    @staticmethod
    def wait(what, probe):
        """Calls probe until it returns something truthy; fails after WAIT_SECONDS (no timing is asserted)."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            found = probe()
            if found:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: not seen within {WAIT_SECONDS} s")
            time.sleep(0.5)

    def outbox(self):
        return self.get("/local/outbox")["items"]

    def mail_log(self, outcome=None):
        q = "?limit=100" + ("&outcome=" + outcome if outcome else "")
        return self.get("/v1/inbound-mail" + q, self.agent_token)["items"]

    def log_entry(self, message_id, outcome=None):
        return next((m for m in self.mail_log(outcome) if m["messageId"] == message_id), None)

    def tickets_with_subject(self, subject, token):
        return [t for t in self.get("/v1/tickets?limit=100", token)["items"] if t["subject"] == subject]

    # --- the steps --------------------------------------------------------------------------------------------------
    def step_a(self):
        subject = f"Printer on fire {self.run}"
        self.send("alice@globex.example", self.message("Alice <alice@globex.example>", subject, self.mid("a"),
                                                       "Help, it smokes."))
        ticket = self.wait("alice's ticket", lambda: (self.tickets_with_subject(subject, self.client_token) or [None])[0])
        self.ticket = ticket
        ack = self.wait("the acknowledgement in /local/outbox (alice gets at most 5 an hour: the next clock hour or a restart of make dev resets that)",
                        lambda: next(
            (m for m in self.outbox() if m["subject"] == f"[{ticket['number']}] {subject}"), None))
        self.ack = ack
        check(ack["to"] == ["alice@globex.example"], f"ack to alice: {ack['to']}")
        check(ack["headers"].get("auto-submitted") == "auto-replied", f"Auto-Submitted: {ack['headers']}")
        check(ack["headers"].get("in-reply-to") == f"<{self.mid('a')}>", f"ack In-Reply-To: {ack['headers']}")
        return f"{ticket['number']} ({ticket['id']}) for alice; ack '{ack['subject']}', Auto-Submitted: auto-replied"

    def step_b(self):
        reply = self.message("Alice <alice@globex.example>", "Re: your message", self.mid("b"),
                             "It stopped smoking after a restart.\n\n"
                             "On Tue, 24 Nov 2026 at 21:03, support@demo.example wrote:\n"
                             "> Thank you for your message.\n> We have opened the ticket.",
                             f"In-Reply-To: <{self.ack['messageId']}>")
        self.send("alice@globex.example", reply)
        entry = self.wait("the reply in the mail log", lambda: self.log_entry(self.mid("b")))
        check(entry["outcome"] == "comment" and entry["ticketId"] == self.ticket["id"], f"mail log: {entry}")
        events = self.get(f"/v1/tickets/{self.ticket['id']}/events", self.client_token)["items"]
        ev = next((e for e in events if e["type"] == "email_received" and e["data"].get("messageId") == self.mid("b")), None)
        check(ev is not None, f"email_received on {self.ticket['number']}: {events}")
        check(ev["data"]["body"].strip() == "It stopped smoking after a restart.", f"trimmed body: {ev['data']}")
        check("> Thank you" in ev["data"].get("fullText", ""), f"full text kept: {ev['data']}")
        return f"email_received on {self.ticket['number']}, body {ev['data']['body']!r}, quote only in fullText"

    def step_c(self):
        text = f"Please keep the printer off until the technician arrives ({self.run})."
        status, body = self.http("POST", f"/v1/tickets/{self.ticket['id']}/comments", self.agent_token, {"body": text})
        check(status == 201, f"comment: {status} {body}")
        sent = self.wait("the agent's reply in /local/outbox", lambda: next(
            (m for m in self.outbox() if text in (m["text"] or "")), None))
        check(sent["to"] == ["alice@globex.example"], f"to alice: {sent['to']}")
        check(sent["subject"].startswith(f"[{self.ticket['number']}]"), f"subject: {sent['subject']}")
        check(sent["headers"].get("in-reply-to") == f"<{self.mid('b')}>", f"In-Reply-To: {sent['headers']}")
        check(f"<{self.mid('a')}>" in sent["headers"].get("references", ""), f"References: {sent['headers']}")
        check("auto-submitted" not in sent["headers"], f"no Auto-Submitted on a person's reply: {sent['headers']}")
        return f"'{sent['subject']}' to alice, In-Reply-To {sent['headers']['in-reply-to']}"

    def step_d(self):
        subject = f"Scanner offline {self.run}"
        # From bob (a contact of the same client), so that a run takes only one of alice's acknowledgements.
        raw = self.message("Bob <bob@globex.example>", subject, self.mid("d"), "The scanner left the network.")
        self.send("bob@globex.example", raw)
        self.send("bob@globex.example", raw)
        dup = self.wait("the duplicate in the mail log", lambda: self.log_entry(self.mid("d"), "duplicate"))
        first = self.wait("the ticket entry in the mail log", lambda: self.log_entry(self.mid("d"), "ticket"))
        entries = [m for m in self.mail_log() if m["messageId"] == self.mid("d")]
        check(len(entries) == 2, f"two mail-log entries: {entries}")
        tickets = self.tickets_with_subject(subject, self.agent_token)
        check(len(tickets) == 1, f"one ticket: {tickets}")
        return f"one ticket {tickets[0]['number']}; mail log: ticket + duplicate ({dup['reason']})"

    def step_e(self):
        subject = f"Out of office {self.run}"
        self.send("alice@globex.example", self.message("Alice <alice@globex.example>", subject, self.mid("e"),
                                                       "I am away until Monday.", "Auto-Submitted: auto-replied"))
        entry = self.wait("the auto-reply in the mail log", lambda: self.log_entry(self.mid("e")))
        check(entry["outcome"] == "rejected" and entry["ticketId"] is None, f"mail log: {entry}")
        # An acknowledgement would have been queued before the log entry was written; give the notifier time to send.
        time.sleep(5)
        check(not self.tickets_with_subject(subject, self.agent_token), "no ticket")
        acks = [m for m in self.outbox() if subject in (m["subject"] or "")]
        check(not acks, f"no acknowledgement: {acks}")
        return f"rejected ({entry['reason']}), no ticket, nothing in /local/outbox"


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--api", default=os.environ.get("PORTAL_API", "http://127.0.0.1:8080"))
    p.add_argument("--smtp-host", default=os.environ.get("SMTP_HOST", "127.0.0.1"))
    p.add_argument("--smtp-port", type=int, default=int(os.environ.get("SMTP_PORT", "2525")))
    p.add_argument("--mailbox", default=os.environ.get("MAILBOX", "support@demo.example"))
    p.add_argument("--client-token", default=os.environ.get("CLIENT_TOKEN"), help="alice's token")
    p.add_argument("--agent-token", default=os.environ.get("AGENT_TOKEN"), help="the agent's token")
    a = p.parse_args()
    if not a.client_token or not a.agent_token:
        p.error("--client-token and --agent-token (or CLIENT_TOKEN, AGENT_TOKEN) are required")
    smoke = Smoke(a.api, a.smtp_host, a.smtp_port, a.mailbox, a.client_token, a.agent_token)
    print(f"run {smoke.run} against {smoke.api}, SMTP {a.smtp_host}:{a.smtp_port}, mailbox {a.mailbox}")
    failed = 0
    for name, step in [("a new mail -> ticket + acknowledgement", smoke.step_a),
                       ("b reply by In-Reply-To -> email_received, quote trimmed", smoke.step_b),
                       ("c agent's public comment -> threaded mail", smoke.step_c),
                       ("d same mail twice -> one ticket + duplicate", smoke.step_d),
                       ("e auto-reply -> rejected, no acknowledgement", smoke.step_e)]:
        try:
            print(f"PASS ({name}): {step()}")
        except Exception as e:  # a step that cannot run (e.g. (a) failed before (b)) is a FAIL too
            failed += 1
            print(f"FAIL ({name}): {e}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
