"""gunicorn settings for arraigo (`gunicorn -c deploy/gunicorn.conf.py arraigo.wsgi`).

Everything comes from the environment, so the same file serves systemd, the container and
`make prod-check`: BIND (default 127.0.0.1:8000), WEB_PROCESSES (default 2 per core, plus
one), WEB_THREADS (default 4 per process), WEB_TIMEOUT (seconds a request may take, 120).
The app keeps no state in process memory: sessions are in the database, the cache in the
database or Redis (REDIS_URL), and long work runs in `arraigo worker`, not in a request.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_PROCESSES", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("WEB_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# A process is replaced after this many requests (with jitter), which bounds slow leaks.
max_requests = 2000
max_requests_jitter = 200
# arraigo writes its own access line (arraigo.requests: request id, user id, no query string).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# The proxy in front ends TLS and sets X-Forwarded-Proto (settings/production.py trusts it).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "arraigo-web"


def post_worker_init(worker: object) -> None:
    """Once a process has loaded the app, its objects (Django, the programme's rules, the
    translations: over 100,000) are set aside from garbage collection: a full collection no
    longer walks them, which took 40 to 80 ms of some requests (measured at the 95th
    percentile of the household search at 100,000 households)."""
    import gc

    gc.freeze()


# After this many requests a process has compiled its templates and filled its caches, which
# then live as long as it does: they are set aside from garbage collection in turn.
FREEZE_AFTER_REQUESTS = 50
_served = 0


def post_request(worker: object, req: object, environ: object, resp: object) -> None:
    """Once, after the process's first FREEZE_AFTER_REQUESTS requests, what they left for
    good (compiled templates, resolved URLs, loaded catalogues) joins the frozen objects."""
    global _served
    _served += 1
    if _served == FREEZE_AFTER_REQUESTS:
        import gc

        gc.freeze()
