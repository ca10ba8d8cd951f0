"""moto server as our tests and local mode need it: loopback only, and DynamoDB atomic as AWS is.

moto answers requests on parallel threads, and its DynamoDB backend holds no lock across a condition check and the
write that depends on it: two concurrent `attribute_not_exists` puts can both succeed, two `ADD :1` can read the same
old value. AWS never allows either. This launcher wraps moto's own WSGI application and runs every DynamoDB and
DynamoDB Streams request (JSON protocol, recognised by its X-Amz-Target header) under one lock, response body
included; S3, SQS, SES, SNS and Cognito stay concurrent. It also serves GET /_aws/ses (see sent_mail).

Usage: python moto_launcher.py PORT [--plain]   (--plain: no lock, as `moto_server` runs, for comparison only)
"""

import json
import sys
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import make_server

# The JSON-protocol targets of DynamoDB and DynamoDB Streams; nothing else of moto's is serialised.
DYNAMODB_TARGETS = ("DynamoDB_20120810.", "DynamoDBStreams_20120810.")


def serialised(app, lock):
    def application(environ, start_response):
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if not target.startswith(DYNAMODB_TARGETS):
            return app(environ, start_response)
        with lock:
            # The body is produced inside the lock too: a lazily built response could otherwise read state that a
            # concurrent write is changing.
            result = app(environ, start_response)
            try:
                body = b"".join(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        return [body]

    return application


def sent_mail(app):
    """GET /_aws/ses: the messages moto's SES has accepted, oldest first, in the shape LocalStack serves at the same
    path, so local mode's outbox reads either. moto's own /moto-api/data.json dumps every model of every service,
    every DynamoDB item included, which grows with the table until a read of it times out."""

    def application(environ, start_response):
        if environ.get("PATH_INFO") != "/_aws/ses" or environ.get("REQUEST_METHOD") != "GET":
            return app(environ, start_response)
        from moto.ses.models import ses_backends

        messages = []
        for account_id, regions in list(ses_backends.items()):
            for region, backend in list(regions.items()):
                for m in list(backend.sent_messages):
                    raw = getattr(m, "raw_data", None)
                    if raw is None:
                        continue
                    messages.append({"Id": m.id, "Region": region, "Source": m.source,
                                     "Destination": {"ToAddresses": list(m.destinations)}, "RawData": raw})
        body = json.dumps({"messages": messages}).encode("utf-8")
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    return application


def main(argv):
    if len(argv) < 2:
        sys.exit("usage: moto_launcher.py PORT [--plain]")
    port = int(argv[1])
    plain = "--plain" in argv[2:]
    app = DomainDispatcherApplication(create_backend_app)
    if not plain:
        app = serialised(app, threading.Lock())
    app = sent_mail(app)
    # 127.0.0.1 only: nothing of the emulator is reachable from another machine.
    server = make_server("127.0.0.1", port, app, threaded=True)
    print(f"moto on 127.0.0.1:{port} ({'plain' if plain else 'DynamoDB serialised'})", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv)
