"""Background work: a database-backed task queue shared by every web process and worker.

Tasks are django-tasks tasks (`@task`, the API of Django 6's `django.tasks`) stored by the
django-tasks-db backend, on SQLite for the demo and PostgreSQL in production. What this app
adds is what a programme team needs to trust it: `arraigo worker` with a heartbeat, a reaper
that requeues (or fails, visibly) the task of a worker that died, progress, and the page where
a coordinator sees failures and retries them. See docs/operations.md, "Background work".
"""
