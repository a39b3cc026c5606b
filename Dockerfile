# arraigo's production image: the web app (gunicorn), the worker and the scheduler all run
# from it with different commands (deploy/compose.yaml). Build: docker build -t arraigo .
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=arraigo.settings.production \
    ARRAIGO_HOME=/srv/arraigo \
    BIND=0.0.0.0:8000

# pg_dump/pg_restore of PostgreSQL 15 for `arraigo backup` (match the server's major version).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /srv/arraigo arraigo

WORKDIR /srv/arraigo/app
# The pinned dependencies first, so a code change does not reinstall them.
COPY requirements.lock ./
RUN pip install -r requirements.lock
COPY pyproject.toml README.md ./
COPY src ./src
COPY deploy ./deploy
# Production settings refuse to load without keys: collectstatic gets a throwaway one (32 zero
# bytes) that encrypts nothing; the real keys come from the environment at run time.
ARG BUILD_ONLY_KEY=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
RUN pip install --no-deps . \
    && mkdir -p /srv/arraigo/var \
    && SECRET_KEY=only-for-collectstatic ARRAIGO_FIELD_KEYS=$BUILD_ONLY_KEY \
       ARRAIGO_HASH_KEY=$BUILD_ONLY_KEY arraigo collectstatic --noinput -v0 \
    && chown -R arraigo:arraigo /srv/arraigo/var

USER arraigo
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"
CMD ["gunicorn", "-c", "/srv/arraigo/app/deploy/gunicorn.conf.py", "arraigo.wsgi"]
