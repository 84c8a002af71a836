# Production image: the Django app, served by gunicorn; the same image runs the Celery worker, beat
# and the backup service.
# Front-end files come from the npm registry at build time and are served by the app (no CDN).
FROM node:20-slim AS assets
WORKDIR /assets
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# Backups need pg_dump/pg_restore of the server's major version (docker-compose.yml: postgres:16);
# Debian's own client is 15. The official postgres image carries the PostgreSQL project's apt
# source and signing key: take both from it, so client and server come from the same place.
# Both images are pinned to the same Debian release (bookworm), which the apt source names.
FROM postgres:16-bookworm AS pgdg

FROM python:3.13-slim-bookworm
ARG PG_MAJOR=16
COPY --from=pgdg /etc/apt/sources.list.d/pgdg.list /etc/apt/sources.list.d/pgdg.list
COPY --from=pgdg /usr/local/share/keyrings/postgres.gpg.asc /usr/local/share/keyrings/postgres.gpg.asc
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client-${PG_MAJOR} \
    && rm -rf /var/lib/apt/lists/* \
    && pg_dump --version | grep -q " ${PG_MAJOR}\."

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DEBUG=false \
    STATIC_ROOT=/app/var/static \
    MEDIA_ROOT=/app/var/media \
    JIEBA_CACHE_DIR=/app/var/cache \
    PYTHONPATH=/app

WORKDIR /app
# Exactly the locked, hash-checked packages (requirements/base.lock; `make lock` renews it).
COPY requirements/base.lock requirements/base.lock
RUN pip install --require-hashes -r requirements/base.lock
COPY . .
COPY --from=assets /assets/node_modules/echarts/dist/echarts.min.js static/vendor/echarts/echarts.min.js
# collectstatic needs a key but no database.
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && useradd --system --home /app app && mkdir -p /app/var/media /app/var/cache /app/var/backups && chown -R app /app/var
USER app
EXPOSE 8000
CMD ["gunicorn", "jining.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
